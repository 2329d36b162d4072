// Wolfe's minimum-norm-point algorithm (1976) on an n×n Gram matrix: an active-set method over
// affinely independent supports S. A major cycle adds the vertex most violating the optimality
// condition ⟨v_j, x⟩ ≥ ‖x‖²; minor cycles move x toward the affine minimiser of S and drop the
// vertices whose weight reaches 0, until that minimiser lies inside conv(S). Each major cycle ends
// at the exact minimiser over conv(S), with ‖x‖² strictly smaller than the last, so no support
// repeats and the method stops after finitely many steps at the exact optimum.
//
// Floating point: the support is kept affinely independent by the rank-revealing pivot of
// SupportFactor (a vertex numerically inside aff(S) is never added; the next violating vertex is
// tried instead), and the loop stops as soon as ‖x‖² fails to decrease strictly. Both rules keep
// the exact-arithmetic termination argument: the state of a major cycle is determined by S, so a
// strictly decreasing sequence cannot revisit one. The result is certified by the caller.
import { SupportFactor } from './support-factor.js';

export interface ActiveSetResult {
  /** c on the simplex (length n). */
  readonly weights: Float64Array;
  /** Affine-minimiser solves performed (one per minor cycle). */
  readonly iterations: number;
}

/**
 * Smallest pivot ρ² (relative to A_jj = G_jj + 1 on the scaled Gram) with which a vertex may join
 * the support. Below it the support's affine system would be too ill-conditioned to solve to
 * useful accuracy (condition number ≳ 1/ρ²): the vertex counts as affinely dependent.
 */
const RELATIVE_PIVOT = 1e-13;
const EPSILON = 2 ** -52;

/** 2^k as a product of two representable factors (k may lie outside ±1022). */
const powerOfTwoFactors = (k: number): [number, number] => {
  const half = Math.trunc(k / 2);
  return [2 ** half, 2 ** (k - half)];
};

/** The Gram scaled by a power of two (exactly, barring underflow) so its largest diagonal is in [1, 2). */
const scaledGram = (gram: Float64Array, n: number, maxDiagonal: number): Float64Array => {
  const exponent = Math.floor(Math.log2(maxDiagonal));
  const [f1, f2] = powerOfTwoFactors(-exponent);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = gram[i] * f1 * f2;
  return out;
};

/**
 * Solves min cᵀGc over the simplex for a symmetric positive semi-definite row-major n×n `gram`
 * (n ≥ 1, finite entries). Stops when no vertex improves on the current support beyond rounding,
 * or after `maxIterations` affine solves.
 */
export const wolfeMinNorm = (gram: Float64Array, n: number, maxIterations: number): ActiveSetResult => {
  let start = 0;
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) {
    const d = gram[i * n + i];
    if (d < gram[start * n + start]) start = i;
    if (d > maxDiagonal) maxDiagonal = d;
  }
  const lambda = new Float64Array(n);
  lambda[start] = 1;
  if (!(maxDiagonal > 0)) return { weights: lambda, iterations: 0 };

  const g = scaledGram(gram, n, maxDiagonal);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, g[i * n + i]);
  const factor = new SupportFactor(g, n, n);
  factor.add(start, 0);
  const inSupport = new Uint8Array(n);
  inSupport[start] = 1;
  const alpha = new Float64Array(n);
  const gc = new Float64Array(n);
  const best = new Float64Array(n);
  const order: number[] = [];
  let bestQ = Infinity;
  let iterations = 0;

  for (;;) {
    // Major cycle: x = Σ λ_s v_s is the minimiser over conv(S); ⟨v_i, x⟩ for every vertex.
    const members = factor.members;
    const k = members.length;
    gc.fill(0);
    for (let p = 0; p < k; p++) {
      const s = members[p];
      const weight = lambda[s];
      const row = s * n;
      for (let i = 0; i < n; i++) gc[i] += g[row + i] * weight;
    }
    let q = 0;
    for (let p = 0; p < k; p++) q += lambda[members[p]] * gc[members[p]];
    if (!(q < bestQ)) {
      // No strict decrease: rounding has taken over. Keep the best point met.
      lambda.set(best);
      break;
    }
    bestQ = q;
    best.set(lambda);
    if (iterations >= maxIterations) break;

    // Stop when no vertex violates optimality by more than the rounding of ⟨v_i, x⟩ and ‖x‖²:
    // x is then the exact optimum up to rounding (the caller certifies how close).
    const slack = (4 * k + 8) * EPSILON * scale;
    // The most violating vertex enters; only if it is (numerically) in aff(S) are the others tried,
    // in order of violation.
    let entered = -1;
    let most = -1;
    for (let i = 0; i < n; i++) if (inSupport[i] === 0 && gc[i] < q - slack && (most < 0 || gc[i] < gc[most])) most = i;
    if (most >= 0 && factor.add(most, RELATIVE_PIVOT)) entered = most;
    else if (most >= 0) {
      order.length = 0;
      for (let i = 0; i < n; i++) if (inSupport[i] === 0 && i !== most && gc[i] < q - slack) order.push(i);
      order.sort((a, b) => gc[a] - gc[b]);
      for (const j of order) {
        if (factor.add(j, RELATIVE_PIVOT)) {
          entered = j;
          break;
        }
      }
    }
    if (entered < 0) break;
    inSupport[entered] = 1;
    lambda[entered] = 0;

    // Minor cycles: toward the affine minimiser of S, dropping vertices whose weight hits 0.
    for (;;) {
      iterations++;
      const m = members.length;
      factor.affineMinimizer(alpha);
      let theta = 1;
      let blocking = -1;
      for (let p = 0; p < m; p++) {
        const a = alpha[p];
        if (a > 0) continue;
        const current = lambda[members[p]];
        const limit = current > 0 ? current / (current - a) : 0;
        if (blocking < 0 || limit < theta) {
          theta = limit;
          blocking = p;
        }
      }
      if (blocking < 0) {
        for (let p = 0; p < m; p++) lambda[members[p]] = alpha[p];
        break;
      }
      for (let p = 0; p < m; p++) {
        const s = members[p];
        lambda[s] = p === blocking ? 0 : lambda[s] + theta * (alpha[p] - lambda[s]);
      }
      // The blocking vertex (and any pushed to ≤ 0 by rounding) leaves the support.
      for (let p = m - 1; p >= 0; p--) {
        const s = members[p];
        if (lambda[s] <= 0) {
          lambda[s] = 0;
          inSupport[s] = 0;
          factor.remove(p);
        }
      }
      if (iterations >= maxIterations) break;
    }
  }
  return { weights: lambda, iterations };
};
