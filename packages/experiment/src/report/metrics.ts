// The shape of metrics.json, written by `pama align` and read by the report.

/**
 * One training step as metrics.json records it: pama-tfjs's per-step `StepMetrics` (arrays in
 * objective order) keyed by objective name, with the fields a report plots.
 */
export interface StepRecord {
  readonly step: number;
  /** Mean reward of each objective on this step's batch, keyed by objective name. */
  readonly rewards: Readonly<Record<string, number>>;
  /** Standard deviation of each objective's reward on the batch. */
  readonly rewardStd?: Readonly<Record<string, number>>;
  /** Mean and standard deviation of each objective's advantage over valid tokens, before normalisation. */
  readonly advantageMean?: Readonly<Record<string, number>>;
  readonly advantageStd?: Readonly<Record<string, number>>;
  /** Mean of the advantage the loss used (after the objectives met). */
  readonly combinedAdvantageMean?: number;
  /** Fraction of responses whose combined advantage was 0 on every token (a veto by some objective). */
  readonly vetoRate?: number;
  /** Mean KL to the reference policy. */
  readonly kl: number;
  /** Mean weight the method put on each objective, keyed by objective name. */
  readonly weights: Readonly<Record<string, number>>;
  /** Mean response length in tokens. */
  readonly responseLength: number;
  readonly entropy?: number;
  readonly seconds?: number;
  /** With PAMA objective targets: the fraction of the batch's responses that met each objective's target. */
  readonly met?: Readonly<Record<string, number>>;
}

export interface SampleGeneration {
  readonly prompt: string;
  readonly before: string;
  readonly after: string;
}

export interface RunMetrics {
  readonly method: string;
  /** PAMA's granularity; absent for the other methods. */
  readonly granularity?: string;
  /** Whether advantages were clamped to ≥ 0 before they met (Noon PPO). */
  readonly noon?: boolean;
  /** Where the KL penalty entered: per-objective, combined or loss. */
  readonly klPlacement?: string;
  /** 'gae' (value heads) or 'group' (critic-free). */
  readonly estimator?: string;
  /** PAMA's objective targets (objective → score at which it is met), when any were set. */
  readonly targets?: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly steps: readonly StepRecord[];
  /** Mean test reward per objective on held-out prompts, before and after alignment. */
  readonly test: { readonly before: Readonly<Record<string, number>>; readonly after: Readonly<Record<string, number>> };
  readonly samples: readonly SampleGeneration[];
  readonly seconds?: number;
}

export interface Metrics {
  readonly objectives: readonly string[];
  readonly backend: string;
  /** WebGPU only: the adapter that ran (software = a CPU implementation such as lavapipe: correct, not fast). */
  readonly adapter?: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
    readonly software: boolean;
  };
  readonly config: unknown;
  readonly runs: readonly RunMetrics[];
  readonly createdAt?: string;
  readonly pretrain?: { readonly steps: number; readonly finalLoss: number | null; readonly cached: boolean; readonly seconds: number };
  readonly seconds?: number;
}
