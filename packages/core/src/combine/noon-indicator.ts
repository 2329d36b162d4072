// Noon PPO's indicator I(A) (docs/design.md §2.3): the part of an advantage whose clipped-surrogate
// gradient is not zero at ratio u.

/**
 * With Noon (advantages already clamped to A ≥ 0): I = A when u ≤ 1+ε, else 0.
 * Without Noon the same rule is applied per sign, as PPO's clip does: a negative A is cut off
 * once u < 1−ε (its clipped surrogate is flat there) and kept otherwise. `upper` = 1+ε,
 * `lower` = 1−ε.
 *
 * @example
 * noonIndicator(0.7, 1.1, 1.2, 0.8, true); // 0.7 (ratio inside the clip range)
 * noonIndicator(0.7, 1.3, 1.2, 0.8, true); // 0 (clipped)
 */
export const noonIndicator = (advantage: number, ratio: number, upper: number, lower: number, noon: boolean): number => {
  if (advantage > 0) return ratio <= upper ? advantage : 0;
  if (noon) return 0;
  return ratio >= lower ? advantage : 0;
};
