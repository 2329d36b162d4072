import { RewardConfigError, requireFinite, requireNonNegativeInteger } from '../reward-config-error.js';
import { seededRandom } from 'pama-core/support';

/** Retry policy of {@link httpReward}: exponential backoff with seeded jitter. */
export interface BackoffOptions {
  /** Retries after the first attempt (so attempts = retries + 1). */
  readonly retries?: number;
  /** Delay before the first retry; doubles on each further retry. */
  readonly baseDelayMs?: number;
  /** Cap on any one delay. */
  readonly maxDelayMs?: number;
  /** Fraction of each delay that is randomised: delay · (1 − jitter + jitter · u), u ∈ [0, 1). */
  readonly jitter?: number;
  /** Seed of the jitter's random stream (equal seeds, equal delays). */
  readonly seed?: number;
}

export interface Backoff {
  readonly retries: number;
  /** Delay before retry number `retry` (0-based): min(max, base · 2^retry), jittered. */
  delayMs(retry: number): number;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const retries = requireNonNegativeInteger('retry.retries', options.retries ?? 3);
  const base = requireFinite('retry.baseDelayMs', options.baseDelayMs ?? 100);
  const max = requireFinite('retry.maxDelayMs', options.maxDelayMs ?? 5_000);
  const jitter = requireFinite('retry.jitter', options.jitter ?? 0.5);
  if (base < 0) throw new RewardConfigError('retry.baseDelayMs', base, 'must be ≥ 0');
  if (max < base) throw new RewardConfigError('retry.maxDelayMs', max, `must be ≥ baseDelayMs (${base})`);
  if (jitter < 0 || jitter > 1) throw new RewardConfigError('retry.jitter', jitter, 'must be in [0, 1]');
  const random = seededRandom(options.seed ?? 0);
  return {
    retries,
    delayMs: (retry) => Math.min(max, base * 2 ** retry) * (1 - jitter + jitter * random()),
  };
}
