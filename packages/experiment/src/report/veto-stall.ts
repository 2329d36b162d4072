// A sustained veto stall: several consecutive training steps in which nearly every response's
// combined advantage was 0 (some objective vetoed it), so the policy barely moved although the
// objectives may still be improvable together. PAMA's `sample` granularity with Noon can do this
// where no response is better than the baseline in every objective; `sample-mix` cannot.
import type { StepRecord } from './metrics.js';

/** A step counts toward a stall when at least this fraction of its responses were vetoed. */
export const VETO_STALL_RATE = 0.9;
/** This many consecutive such steps make a sustained veto stall. */
export const VETO_STALL_STEPS = 3;

/**
 * The longest and the current (ending at the last step) runs of consecutive steps whose veto rate is
 * at least {@link VETO_STALL_RATE}, and whether either is a sustained stall (≥ {@link VETO_STALL_STEPS}).
 *
 * @example
 * vetoStall([{ vetoRate: 0.95 }, { vetoRate: 1 }, { vetoRate: 0.92 }]); // { longest: 3, current: 3, sustained: true }
 */
export function vetoStall(steps: ReadonlyArray<Pick<StepRecord, 'vetoRate'>>): { longest: number; current: number; sustained: boolean } {
  let longest = 0;
  let current = 0;
  for (const s of steps) {
    current = (s.vetoRate ?? 0) >= VETO_STALL_RATE ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return { longest, current, sustained: longest >= VETO_STALL_STEPS };
}
