// MGDA-UB's Gram matrix in closed form. Objective i's policy loss on a minibatch of M valid tokens is
//   L_i = −(1/M) Σ_t m_t·min(u_t·A^i_t, clip(u_t, 1−ε, 1+ε)·A^i_t),  A^i_t = max(A'^i_t, 0) ≥ 0,
// so ∂L_i/∂lp_t = g_{i,t} = −(1/M)·m_t·A^i_t·u_t·[u_t ≤ 1+ε]. Without Noon a negative A'^i_t is kept
// and has a gradient while u_t ≥ 1−ε: g_{i,t} = −(1/M)·m_t·u_t·I(A'^i_t) (combiners/noon.ts).
// The LM head acts on each position on its own, so lp_t depends on the last hidden states H only through H_t, and
//   ∂L_i/∂H = Σ_t g_{i,t}·∂lp_t/∂H_t,   ⟨∂L_i/∂H, ∂L_j/∂H⟩ = Σ_t g_{i,t}·g_{j,t}·‖∂lp_t/∂H_t‖².
// One backward pass of Σ_t lp_t to H gives every ∂lp_t/∂H_t; the N×N Gram then costs O(N²·B·T),
// instead of N backward passes and an O(N²·B·T·D) Gram of the N gradients.

import { noonTerm } from './combiners/noon.js';

/** Input of {@link mgdaGram}, for a minibatch of M responses. */
export interface MgdaGramInput {
  /** ‖∂lp_t/∂H_t‖², M×T. */
  readonly pathNormsSquared: ArrayLike<number>;
  /** u_t, M×T. */
  readonly ratios: ArrayLike<number>;
  /** Response mask, M×T. */
  readonly mask: ArrayLike<number>;
  /** Per-objective advantages A', M×T×N (the Noon max(·, 0) is applied here). */
  readonly advantages: ArrayLike<number>;
  readonly nObjectives: number;
  readonly clipEpsilon: number;
  /** Clamp A' to ≥ 0 (Noon PPO; default true). */
  readonly noon?: boolean;
}

/**
 * The Gram matrix (row-major N×N, float64) of the N per-objective policy-loss gradients with respect
 * to the last hidden states.
 *
 * @example
 * const gram = mgdaGram({ pathNormsSquared: [2], ratios: [1], mask: [1], advantages: [1, 3], nObjectives: 2, clipEpsilon: 0.2 });
 * // g = (−1, −3), ‖∂lp/∂H‖² = 2 → [[2, 6], [6, 18]]
 */
export function mgdaGram(input: MgdaGramInput): Float64Array {
  const { pathNormsSquared: q, ratios, mask, advantages, nObjectives: N, clipEpsilon } = input;
  const noon = input.noon ?? true;
  const positions = ratios.length;
  let valid = 0;
  for (let t = 0; t < positions; t++) valid += mask[t];
  const scale = 1 / Math.max(valid, 1);
  const gram = new Float64Array(N * N);
  const g = new Float64Array(N);
  for (let t = 0; t < positions; t++) {
    const u = ratios[t];
    // With Noon every term is 0 above 1+ε, so those positions add nothing.
    if (mask[t] === 0 || (noon && !(u <= 1 + clipEpsilon))) continue;
    const common = -scale * mask[t] * u;
    for (let i = 0; i < N; i++) g[i] = common * noonTerm(advantages[t * N + i], u, clipEpsilon, noon);
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++) gram[i * N + j] += g[i] * g[j] * q[t];
    }
  }
  for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) gram[i * N + j] = gram[j * N + i];
  return gram;
}
