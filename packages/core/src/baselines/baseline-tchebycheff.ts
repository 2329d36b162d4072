// Baseline: Tchebycheff scalarisation (maximisation). All weight goes to the objective furthest
// (preference-weighted) below its ideal point: i* = arg max_i λ_i (z*_i − J_i).
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { readOwnedFiniteVector } from '../validation/finite-vector.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';

/** Input of {@link tchebycheffWeights}. */
export interface TchebycheffInput {
  /** Current objective values J_i (e.g. mean rewards), length N. */
  readonly values: ArrayLike<number>;
  /** Ideal point z*_i (best value known per objective), length N. */
  readonly ideal: ArrayLike<number>;
  /** Preference λ_i ≥ 0, length N; default all ones. */
  readonly preference?: ArrayLike<number>;
}

/** Output of {@link tchebycheffWeights}. */
export interface TchebycheffResult {
  /** One-hot on i* (first index on ties). */
  readonly weights: Float64Array;
  /** The Tchebycheff distance max_i λ_i (z*_i − J_i). */
  readonly distance: number;
  /** i*, the objective that gets all the weight. */
  readonly objective: number;
}

/**
 * Tchebycheff scalarisation (a baseline): all weight on the objective furthest below its ideal
 * value, i* = arg max_i λ_i (z*_i − J_i).
 *
 * @example
 * const r = tchebycheffWeights({ values: [0.9, 0.2], ideal: [1, 1] });
 * if (r._tag === 'Right') console.log(r.right.objective, Array.from(r.right.weights)); // 1 [0, 1]
 */
export const tchebycheffWeights = (input: TchebycheffInput): PamaResult<TchebycheffResult> =>
  guardBoundary('input', () => {
    if (input === null || typeof input !== 'object') {
      return left(pamaError('invalid-type', 'input', `tchebycheffWeights takes { values, ideal, preference? }, got ${renderValue(input)}`));
    }
    // Each field and element read once, then validated and used from owned storage.
    const { values: rawValues, ideal: rawIdeal, preference: rawPreference } = input;
    const read = readOwnedFiniteVector(rawValues, 'values');
    if (read._tag === 'Left') return read;
    const values = read.right;
    const n = values.length;
    const idealRead = readOwnedFiniteVector(rawIdeal, 'ideal', n);
    if (idealRead._tag === 'Left') return idealRead;
    const ideal = idealRead.right;
    let preference: ArrayLike<number> | undefined;
    if (rawPreference !== undefined) {
      const pref = readOwnedFiniteVector(rawPreference, 'preference', n);
      if (pref._tag === 'Left') return pref;
      preference = pref.right;
      for (let i = 0; i < n; i++) {
        if (preference[i] < 0) {
          return left(pamaError('out-of-range', `preference[${i}]`, `preference[${i}] is ${preference[i]}; preferences must be ≥ 0`));
        }
      }
    }
    let objective = 0;
    let distance = -Infinity;
    for (let i = 0; i < n; i++) {
      const lambda = preference === undefined ? 1 : preference[i];
      const d = lambda * (ideal[i] - values[i]) + 0; // + 0: no −0 distances
      if (!Number.isFinite(d)) {
        return left(
          pamaError(
            'out-of-range',
            `values[${i}]`,
            `preference × (ideal − value) for objective ${i} overflows (${renderValue(d)}); rescale the values`,
          ),
        );
      }
      if (d > distance) {
        distance = d;
        objective = i;
      }
    }
    const weights = new Float64Array(n);
    weights[objective] = 1;
    return right({ weights, distance, objective });
  });
