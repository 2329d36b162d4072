// Baseline: Tchebycheff scalarisation (maximisation). All weight goes to the objective furthest
// (preference-weighted) below its ideal point: i* = arg max_i λ_i (z*_i − J_i).
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { readFiniteVector } from '../validation/finite-vector.js';
import { pamaError } from '../pama-error.js';

export interface TchebycheffInput {
  /** Current objective values J_i (e.g. mean rewards), length N. */
  readonly values: ArrayLike<number>;
  /** Ideal point z*_i (best value known per objective), length N. */
  readonly ideal: ArrayLike<number>;
  /** Preference λ_i ≥ 0, length N; default all ones. */
  readonly preference?: ArrayLike<number>;
}

export interface TchebycheffResult {
  /** One-hot on i* (first index on ties). */
  readonly weights: Float64Array;
  /** The Tchebycheff distance max_i λ_i (z*_i − J_i). */
  readonly distance: number;
  readonly objective: number;
}

export const tchebycheffWeights = (input: TchebycheffInput): PamaResult<TchebycheffResult> =>
  guardBoundary('input', () => {
    const n = readFiniteVector(input.values, 'values');
    if (n._tag === 'Left') return n;
    const ideal = readFiniteVector(input.ideal, 'ideal', n.right);
    if (ideal._tag === 'Left') return ideal;
    if (input.preference !== undefined) {
      const pref = readFiniteVector(input.preference, 'preference', n.right);
      if (pref._tag === 'Left') return pref;
      for (let i = 0; i < n.right; i++) {
        if (input.preference[i] < 0) {
          return left(pamaError('out-of-range', `preference[${i}]`, `preference[${i}] is ${input.preference[i]}; preferences must be ≥ 0`));
        }
      }
    }
    let objective = 0;
    let distance = -Infinity;
    for (let i = 0; i < n.right; i++) {
      const lambda = input.preference === undefined ? 1 : input.preference[i];
      const d = lambda * (input.ideal[i] - input.values[i]) + 0; // + 0: no −0 distances
      if (d > distance) {
        distance = d;
        objective = i;
      }
    }
    const weights = new Float64Array(n.right);
    weights[objective] = 1;
    return right({ weights, distance, objective });
  });
