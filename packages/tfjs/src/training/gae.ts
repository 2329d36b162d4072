// Per-objective generalised advantage estimation with a response mask (docs/design.md §2.2):
//   δ^i_t = r^i_t + γ·V^i(s_{t+1}) − V^i(s_t),  A'^i_t = Σ_k (γλ)^k δ^i_{t+k},  G^i_t = A'^i_t + V^i(s_t).
// A masked position ends the episode: the value after the last valid token is 0, and nothing is
// carried back across padding.
import { requireAllFinite, requireInRange, requireLength } from './training-error.js';

/** Input of {@link perObjectiveGae}. */
export interface GaeInput {
  /** Token rewards B×T×N row-major. */
  readonly rewards: ArrayLike<number>;
  /** Values V^i(s_t) B×T×N row-major. */
  readonly values: ArrayLike<number>;
  /** B×T row-major response mask. */
  readonly mask: ArrayLike<number>;
  readonly batchSize: number;
  readonly length: number;
  readonly nObjectives: number;
  /** Discount γ. */
  readonly gamma: number;
  /** GAE λ. */
  readonly lambda: number;
}

/** Output of {@link perObjectiveGae}. */
export interface GaeResult {
  /** A'^i_t, B×T×N; 0 at masked positions. */
  readonly advantages: Float32Array;
  /** G^i_t = A'^i_t + V^i(s_t), B×T×N; 0 at masked positions. */
  readonly returns: Float32Array;
}

/**
 * Generalised advantage estimation for each objective separately, with the response mask ending
 * each episode (the value after the last valid token is 0).
 *
 * @example
 * perObjectiveGae({ rewards: [0, 1], values: [0.5, 0.5], mask: [1, 1], batchSize: 1, length: 2, nObjectives: 1, gamma: 1, lambda: 1 });
 * // { advantages: [0.5, 0.5], returns: [1, 1] }
 */
export function perObjectiveGae(input: GaeInput): GaeResult {
  const { batchSize: B, length: T, nObjectives: N } = input;
  const gamma = requireInRange('gamma', input.gamma, 0, 1);
  const lambda = requireInRange('lambda', input.lambda, 0, 1);
  requireLength('rewards', input.rewards, B * T * N);
  requireLength('values', input.values, B * T * N);
  requireLength('mask', input.mask, B * T);
  requireAllFinite('rewards', input.rewards);
  requireAllFinite('values', input.values);
  const advantages = new Float32Array(B * T * N);
  const returns = new Float32Array(B * T * N);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      // Accumulate in float64; store float32 for the tensors.
      let carry = 0;
      let nextValue = 0;
      for (let t = T - 1; t >= 0; t--) {
        const k = b * T + t;
        if (input.mask[k] === 0) {
          carry = 0;
          nextValue = 0;
          continue;
        }
        const v = input.values[k * N + i];
        const delta = input.rewards[k * N + i] + gamma * nextValue - v;
        carry = delta + gamma * lambda * carry;
        advantages[k * N + i] = carry;
        returns[k * N + i] = carry + v;
        nextValue = v;
      }
    }
  }
  return { advantages, returns };
}
