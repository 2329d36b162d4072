// The Noon rule for terms the trainer forms itself, through pama-core's noonIndicator (the one
// definition of it).
import { noonIndicator } from 'pama-core';

/**
 * I(A) at ratio u with clip ε: with Noon, A when A > 0 and u ≤ 1+ε, else 0; without Noon a negative
 * A is kept while u ≥ 1−ε (where PPO's clipped surrogate still has a gradient).
 *
 * @example
 * noonTerm(0.7, 1.1, 0.2, true); // 0.7
 * noonTerm(-0.7, 1.1, 0.2, true); // 0
 */
export function noonTerm(advantage: number, ratio: number, clipEpsilon: number, noon: boolean): number {
  return noonIndicator(advantage, ratio, 1 + clipEpsilon, 1 - clipEpsilon, noon);
}

/**
 * The clamp alone, with no ratio gate: max(A, 0) with Noon, A without.
 *
 * @example
 * noonClamp(-0.5, true); // 0
 * noonClamp(-0.5, false); // -0.5
 */
export function noonClamp(advantage: number, noon: boolean): number {
  return noonIndicator(advantage, 1, 1, 1, noon);
}
