// Percentile bootstrap interval of a mean over seeds, with a seeded generator so the interval in
// metrics.json is reproducible from the per-seed values alone.
import { seededRandom } from 'pama-core/support';

export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * The 2.5 % and 97.5 % percentiles of the mean of `values` resampled with replacement. One value
 * gives [v, v]: a single seed has no spread to report.
 * @example bootstrapInterval([0.1, 0.2, 0.3]) // ≈ [0.133, 0.267]
 */
export function bootstrapInterval(values: readonly number[], resamples = BOOTSTRAP_RESAMPLES, seed = 1): [number, number] {
  const n = values.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const random = seededRandom(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.min(n - 1, Math.floor(random() * n))];
    means[r] = sum / n;
  }
  means.sort();
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return [at(0.025), at(0.975)];
}
