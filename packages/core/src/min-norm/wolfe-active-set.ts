// Wolfe's minimum-norm-point algorithm (1976) on an n×n Gram matrix: an active-set method over
// affinely independent supports S. A major cycle adds the vertex most violating the optimality
// condition ⟨v_j, x⟩ ≥ ‖x‖²; minor cycles move x toward the affine minimiser of S and drop the
// vertices whose weight reaches 0, until that minimiser lies inside conv(S). Each major cycle ends
// at the exact minimiser over conv(S), with ‖x‖² strictly smaller than the last, so no support
// repeats and the method stops after finitely many steps at the exact optimum.
//
// Floating point: the support is kept affinely independent by the rank-revealing pivot of
// SupportFactor. A violating vertex numerically inside aff(S) (a near-duplicate, or a point off
// aff(S) by less than ~6e-7·max‖v_i‖, whose violation can still be far above the tolerance)
// cannot simply join; it swaps in instead: the weights move along its affine dependence on S,
// which lowers ‖x‖² to first order, until a member leaves (a Carathéodory reduction of S ∪ {j}),
// and then it joins. Gains below the rounding of ‖x‖² are not measurable, so a major cycle may
// leave ‖x‖² unchanged up to rounding at most n times in a row; otherwise ‖x‖² must fall strictly
// (from its lowest value so far), else the loop stops. So the loop ends after finitely many steps
// (and after at most `maxIterations` affine solves in any case). The point with the smallest
// estimated duality gap among those met is returned; the caller certifies it rigorously.
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

/**
 * The duality-gap bound ‖x‖² − max(g, 0)²/‖x‖² (g = min_i ⟨v_i, x⟩) as computed: it ranks the points
 * met, the best one is returned (the caller certifies it rigorously).
 */
const gapEstimate = (q: number, g: number): number => (q > 0 ? q - (g > 0 ? g * (g / q) : 0) : 0);

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
  let lowestQ = Infinity;
  let bestGap = Infinity;
  let stalls = 0;
  let iterations = 0;
  const beta = new Float64Array(n);
  const saved = new Float64Array(n);
  const previous: number[] = [];

  /**
   * Swap step for a violating vertex j that lies numerically in aff(S) (v_j ≈ Σ β_p v_{S_p}, Σ β = 1):
   * move the weights along e_j − β, which keeps Σ = 1 and changes x only by the tiny residual
   * v_j − Σ β_p v_{S_p} (decreasing ‖x‖² to first order, by 2μ(‖x‖² − ⟨v_j, x⟩)), until the first
   * member (ratio test) reaches 0. That member leaves; if j is still numerically in the affine hull
   * of the rest, repeat (at most |S| times: a Carathéodory reduction of S ∪ {j}). Then j joins with
   * the weight moved onto it. Refused (factor and weights untouched) if the reduction breaks down.
   */
  const swapIn = (j: number): boolean => {
    const members = factor.members;
    previous.length = 0;
    for (const s of members) previous.push(s);
    for (let p = 0; p < previous.length; p++) saved[p] = lambda[previous[p]];
    factor.save();
    let weight = 0;
    while (!factor.add(j, RELATIVE_PIVOT)) {
      const k = members.length;
      let leaving = -1;
      let mu = Infinity;
      if (k > 0 && factor.affineCoordinates(j, beta)) {
        for (let p = 0; p < k; p++) {
          if (!(beta[p] > 0)) continue;
          const ratio = lambda[members[p]] / beta[p];
          if (ratio < mu) {
            mu = ratio;
            leaving = p;
          }
        }
      }
      if (leaving < 0) {
        factor.restore();
        for (let p = 0; p < previous.length; p++) {
          lambda[previous[p]] = saved[p];
          inSupport[previous[p]] = 1;
        }
        return false;
      }
      for (let p = 0; p < k; p++) lambda[members[p]] = p === leaving ? 0 : Math.max(lambda[members[p]] - mu * beta[p], 0);
      weight += mu;
      inSupport[members[leaving]] = 0;
      factor.remove(leaving);
    }
    inSupport[j] = 1;
    lambda[j] = weight;
    return true;
  };

  /** Vertex j joins the support (weight 0) or, when it lies numerically in aff(S), swaps in. */
  const enter = (j: number): boolean => {
    if (factor.add(j, RELATIVE_PIVOT)) {
      inSupport[j] = 1;
      lambda[j] = 0;
      return true;
    }
    return swapIn(j);
  };

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
    // The rounding of ⟨v_i, x⟩ and ‖x‖²: below it a vertex does not count as violating, and ‖x‖²
    // does not count as having risen.
    const slack = (4 * k + 8) * EPSILON * scale;
    let lowest = Infinity;
    for (let i = 0; i < n; i++) if (gc[i] < lowest) lowest = gc[i];
    const gap = gapEstimate(q, lowest);
    if (q < lowestQ) {
      lowestQ = q;
      stalls = 0;
    } else if (q <= lowestQ + slack && stalls < n) {
      // ‖x‖² fell by less than its rounding (exactly it still falls: a near-duplicate swapped in,
      // or a vertex entered whose gain is second order): keep going, at most n such cycles in a row.
      stalls++;
    } else {
      // ‖x‖² rose beyond its rounding, or n cycles made no measurable progress.
      break;
    }
    if (gap <= bestGap) {
      bestGap = gap;
      best.set(lambda);
    }
    if (iterations >= maxIterations) break;

    // Stop when no vertex violates optimality by more than the rounding of ⟨v_i, x⟩ and ‖x‖²:
    // x is then the exact optimum up to rounding (the caller certifies how close).
    // The most violating vertex enters, by itself or by a swap; only if it can do neither are the
    // others tried, in order of violation.
    let most = -1;
    for (let i = 0; i < n; i++) if (inSupport[i] === 0 && gc[i] < q - slack && (most < 0 || gc[i] < gc[most])) most = i;
    if (most < 0) break;
    let entered = enter(most);
    if (!entered) {
      order.length = 0;
      for (let i = 0; i < n; i++) if (inSupport[i] === 0 && i !== most && gc[i] < q - slack) order.push(i);
      order.sort((a, b) => gc[a] - gc[b]);
      for (const j of order) {
        entered = enter(j);
        if (entered) break;
      }
    }
    if (!entered) break;

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
  return { weights: best, iterations };
};
