// From a sweep's runs to its summary: attained fronts, hypervolumes (pooled, per seed, bootstrap
// interval), reward at matched KL, and where PAMA's single run lies against the MORLHF front.
import { dominates, hypervolume } from 'pama-core';
import type { RunMetrics } from '../report/metrics.js';
import { bootstrapInterval } from './bootstrap.js';
import type { FrontPosition, MatchedKl, MethodHypervolume, PamaPlacement, SweepMetrics, SweepRun } from './sweep-metrics.js';

/** A run's final KL is the mean over its last steps: one batch's KL is noisy. */
export const FINAL_KL_STEPS = 5;

export function finalKl(run: Pick<RunMetrics, 'steps'>): number {
  const last = run.steps.slice(-FINAL_KL_STEPS);
  if (last.length === 0) return 0;
  return last.reduce((s, x) => s + x.kl, 0) / last.length;
}

export const pointOf = (run: Pick<RunMetrics, 'test'>, objectives: readonly string[]): number[] => objectives.map((o) => run.test.after[o]);

/** Exact hypervolume via pama-core; a Left (it cannot happen on finite rewards) is thrown as a bug. */
export function hv(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const result = hypervolume(points, reference);
  if (result._tag === 'Left') throw new Error(`hypervolume: ${result.left.message}`);
  return result.right;
}

/** Default reference: the pre-trained model's test rewards, averaged over the runs' "before" evaluations. */
export function pretrainedReference(runs: readonly RunMetrics[], objectives: readonly string[]): number[] {
  return objectives.map((o) => runs.reduce((s, r) => s + r.test.before[o], 0) / runs.length);
}

export function methodHypervolume(
  runs: readonly SweepRun[],
  objectives: readonly string[],
  reference: readonly number[],
): MethodHypervolume {
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const perSeed = seeds.map((seed) =>
    hv(
      runs.filter((r) => r.seed === seed).map((r) => pointOf(r, objectives)),
      reference,
    ),
  );
  const mean = perSeed.reduce((s, x) => s + x, 0) / perSeed.length;
  return {
    pooled: hv(
      runs.map((r) => pointOf(r, objectives)),
      reference,
    ),
    perSeed,
    seeds,
    mean,
    interval: bootstrapInterval(perSeed),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function matchedKl(runs: readonly SweepRun[], objectives: readonly string[], reference: readonly number[]): MatchedKl {
  const budget = median(runs.map((r) => r.finalKl));
  const perMethod: Record<string, { hypervolume: number; runs: number; of: number }> = {};
  for (const method of new Set(runs.map((r) => r.method))) {
    const all = runs.filter((r) => r.method === method);
    const within = all.filter((r) => r.finalKl <= budget);
    perMethod[method] = {
      hypervolume: hv(
        within.map((r) => pointOf(r, objectives)),
        reference,
      ),
      runs: within.length,
      of: all.length,
    };
  }
  return { budget, perMethod };
}

export function frontPosition(point: readonly number[], front: readonly (readonly number[])[]): FrontPosition {
  if (front.some((f) => dominates(f, point))) return 'inside';
  if (front.some((f) => dominates(point, f))) return 'beyond';
  return 'on';
}

export function placePama(runs: readonly SweepRun[], objectives: readonly string[], reference: readonly number[]): PamaPlacement[] {
  return runs
    .filter((r) => r.method === 'pama')
    .flatMap((pama) => {
      const morlhf = runs.filter((r) => r.method === 'morlhf' && r.seed === pama.seed);
      if (morlhf.length === 0) return [];
      const front = morlhf.map((r) => pointOf(r, objectives));
      const point = pointOf(pama, objectives);
      const kls = morlhf.map((r) => r.finalKl);
      return [
        {
          seed: pama.seed,
          point,
          finalKl: pama.finalKl,
          position: frontPosition(point, front),
          // ≥ 0 in exact arithmetic; clamped so rounding never shows as a negative gain.
          hypervolumeGain: Math.max(0, hv([...front, point], reference) - hv(front, reference)),
          morlhfKlRange: [Math.min(...kls), Math.max(...kls)] as const,
        },
      ];
    });
}

export type SweepSummary = Pick<SweepMetrics, 'hypervolume' | 'matchedKl' | 'pamaVsMorlhf'>;

/**
 * Hypervolumes per method, matched-KL hypervolumes and PAMA's placement.
 * @example
 * // One seed: two MORLHF runs and PAMA, with their test rewards (sentiment, length) and final KL.
 * const run = (method: string, sentiment: number, length: number, finalKl: number): SweepRun => ({
 *   method, seed: 1, finalKl, samples: [], ...(method === 'pama' ? { granularity: 'token' } : {}),
 *   steps: [{ step: 1, rewards: { sentiment, length }, kl: finalKl, weights: { sentiment: 0.5, length: 0.5 }, responseLength: 5 }],
 *   test: { before: { sentiment: 0, length: 0 }, after: { sentiment, length } } });
 * const runs = [run('morlhf', 0.9, 0.3, 0.2), run('morlhf', 0.3, 0.9, 0.4), run('pama', 0.6, 0.6, 0.1)];
 * const summary = summarizeSweep(runs, ['sentiment', 'length'], [0.1, 0.1]); // the reference point: objective order
 * summary.hypervolume.morlhf.pooled; // 0.28: 0.8·0.2 + 0.2·0.8 − 0.2·0.2
 * summary.pamaVsMorlhf?.[0].position; // 'on': PAMA neither dominates nor is dominated by a MORLHF run
 * summary.matchedKl.budget; // 0.2: the median final KL
 */
export function summarizeSweep(runs: readonly SweepRun[], objectives: readonly string[], reference: readonly number[]): SweepSummary {
  const hypervolumes: Record<string, MethodHypervolume> = {};
  for (const method of new Set(runs.map((r) => r.method))) {
    hypervolumes[method] = methodHypervolume(
      runs.filter((r) => r.method === method),
      objectives,
      reference,
    );
  }
  const placement = placePama(runs, objectives, reference);
  return {
    hypervolume: hypervolumes,
    matchedKl: matchedKl(runs, objectives, reference),
    ...(placement.length > 0 ? { pamaVsMorlhf: placement } : {}),
  };
}
