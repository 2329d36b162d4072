// The sweep's run matrix: MORLHF and steered PAMA at every preference vector, PAMA and MGDA-UB
// once, each over every seed; run directories named for method, preference and seed.
import type { AlignConfig } from '../config/align-config.js';
import type { RunSpec } from './run-matrix.js';
import type { SweepMethod } from '../sweep/sweep-metrics.js';

/** A weight as it appears in a directory name: at most 4 decimals, no trailing zeros. */
const short = (w: number): string => String(Number(w.toFixed(4)));

export interface SweepSpec extends RunSpec {
  readonly sweepMethod: SweepMethod;
}

/**
 * Every run of the sweep, methods outer, then preference, then seed.
 * @example sweepMatrix({ ...DEFAULT_ALIGN_CONFIG, seeds: [1] }, ['morlhf'], [[1, 0], [0, 1]]).map((r) => r.label); // ['morlhf-w1-0-seed1', 'morlhf-w0-1-seed1']
 */
export function sweepMatrix(config: AlignConfig, methods: readonly SweepMethod[], weights: readonly (readonly number[])[]): SweepSpec[] {
  const g = config.granularity;
  return methods.flatMap((m): SweepSpec[] => {
    switch (m) {
      case 'morlhf':
        return weights.flatMap((w) =>
          config.seeds.map((seed) => ({
            sweepMethod: m,
            method: 'morlhf' as const,
            seed,
            preference: w,
            label: `morlhf-w${w.map(short).join('-')}-seed${seed}`,
          })),
        );
      case 'pama-pref':
        return weights.flatMap((w) =>
          config.seeds.map((seed) => ({
            sweepMethod: m,
            method: 'pama' as const,
            seed,
            preference: w,
            label: `pama-${g}-pref${w.map(short).join('-')}-seed${seed}`,
          })),
        );
      case 'pama':
        return config.seeds.map((seed) => ({ sweepMethod: m, method: 'pama' as const, seed, label: `pama-${g}-seed${seed}` }));
      default:
        return config.seeds.map((seed) => ({ sweepMethod: m, method: 'mgda-ub' as const, seed, label: `mgda-ub-seed${seed}` }));
    }
  });
}
