// Wall-clock time per phase of a training step, in milliseconds: sampling (generate), reward scoring
// (score), the old-policy and reference log-probabilities and values of the rollout (rollout), token
// rewards and GAE (advantages), then summed over the minibatch updates: the combine or min-norm solve
// (combine), forward pass with its ratio read (forward), loss and backward pass (backward), Adam
// (optimizer).

/** The phases of a training step, in order; `StepMetrics.timings` has one entry per phase. */
export const STEP_PHASES = ['generate', 'score', 'rollout', 'advantages', 'combine', 'forward', 'backward', 'optimizer'] as const;
/** One of {@link STEP_PHASES}. */
export type StepPhase = (typeof STEP_PHASES)[number];
/** Milliseconds spent in each phase of a step. */
export type PhaseTimings = Record<StepPhase, number>;

export class PhaseTimer {
  private readonly totals: PhaseTimings = Object.fromEntries(STEP_PHASES.map((p) => [p, 0])) as PhaseTimings;

  /** Runs fn, adds its duration to the phase, returns its value. */
  time<T>(phase: StepPhase, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.totals[phase] += performance.now() - start;
    }
  }

  async timeAsync<T>(phase: StepPhase, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.totals[phase] += performance.now() - start;
    }
  }

  add(phase: StepPhase, milliseconds: number): void {
    this.totals[phase] += milliseconds;
  }

  snapshot(): PhaseTimings {
    return { ...this.totals };
  }
}
