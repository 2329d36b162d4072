// The shape of a sweep's metrics.json: every run (MORLHF and steered-PAMA runs with their
// preference), the hypervolume reference point, and per method the hypervolume of its attained
// front (pooled over seeds and per seed, with a bootstrap interval), reward at matched KL and
// where PAMA's single run lies relative to the MORLHF front.
import type { RunMetrics } from '../report/metrics.js';

/** Methods a sweep can run: MORLHF and steered PAMA once per preference, the others once. */
export const SWEEP_METHODS = ['morlhf', 'pama-pref', 'pama', 'mgda-ub'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];

export interface SweepRun extends RunMetrics {
  /** MORLHF: its fixed linear weights; steered PAMA: its preference (objective → weight). */
  readonly weights?: Readonly<Record<string, number>>;
  /** Mean KL to the pre-trained model over the run's last steps (see FINAL_KL_STEPS). */
  readonly finalKl: number;
}

export interface MethodHypervolume {
  /** Hypervolume of the non-dominated test rewards of all the method's runs, all seeds together. */
  readonly pooled: number;
  /** Per seed (in `seeds` order): hypervolume of that seed's runs. */
  readonly perSeed: readonly number[];
  readonly seeds: readonly number[];
  readonly mean: number;
  /** 95 % percentile bootstrap interval of the mean over seeds. */
  readonly interval: readonly [number, number];
}

export type FrontPosition = 'beyond' | 'on' | 'inside';

export interface PamaPlacement {
  readonly seed: number;
  /** PAMA's test rewards, objective order. */
  readonly point: readonly number[];
  readonly finalKl: number;
  /** Against the MORLHF runs of the same seed: inside = some MORLHF run dominates it; beyond = it dominates one; on = neither. */
  readonly position: FrontPosition;
  /** Hypervolume the point adds to that seed's MORLHF front (> 0 iff no MORLHF run weakly dominates it). */
  readonly hypervolumeGain: number;
  /** The MORLHF runs' final KL on that seed, lowest and highest. */
  readonly morlhfKlRange: readonly [number, number];
}

export interface MatchedKl {
  /** The KL budget: the median final KL over every run of the sweep. */
  readonly budget: number;
  /** Per method: pooled hypervolume of its runs whose final KL ≤ budget, and how many runs that is. */
  readonly perMethod: Readonly<Record<string, { readonly hypervolume: number; readonly runs: number; readonly of: number }>>;
}

export interface SweepMetrics {
  readonly kind: 'sweep';
  readonly objectives: readonly string[];
  readonly backend: string;
  readonly config: unknown;
  readonly sweep: {
    readonly methods: readonly SweepMethod[];
    readonly weights: readonly (readonly number[])[];
    readonly seeds: readonly number[];
  };
  readonly runs: readonly SweepRun[];
  /** Hypervolume reference point (objective order) and where it came from. */
  readonly reference: readonly number[];
  readonly referenceSource: 'pre-trained' | 'flag';
  readonly hypervolume: Readonly<Record<string, MethodHypervolume>>;
  readonly matchedKl: MatchedKl;
  /** Present when both PAMA and MORLHF ran. */
  readonly pamaVsMorlhf?: readonly PamaPlacement[];
  readonly createdAt?: string;
  readonly pretrain?: { readonly steps: number; readonly finalLoss: number | null; readonly cached: boolean; readonly seconds: number };
  readonly seconds?: number;
}
