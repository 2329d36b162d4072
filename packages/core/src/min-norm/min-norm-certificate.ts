// The certificate of a min-norm solution, valid against exact arithmetic on the input vectors.
//
// Dual bound: for any w, every hull point u obeys ⟨u, w⟩ ≥ g = min_i ⟨v_i, w⟩, so the true
// minimiser w* has ‖w*‖·‖w‖ ≥ g, i.e. ‖w*‖² ≥ max(g, 0)²/‖w‖². With w = Σ c_i v_i that gives
// ‖w‖² − ‖w*‖² ≤ ‖w‖² − max(g, 0)²/‖w‖², and the right side grows with ‖w‖² and shrinks with g.
// So it stays a bound when ‖w‖² is replaced by an upper bound and g by a lower bound. Those bounds
// come from the Gram as computed, Ĝ, widened by
//   - the Gram's own rounding: |Ĝ_ij − G_ij| ≤ relative·√(Ĝ_ii·Ĝ_jj) + absolute (GramRounding);
//   - the rounding of the n-term sums Ĝc and cᵀĜc done here: ≤ γ_{2n+4}·Σ_j |Ĝ_ij|·c_j,
// where γ_m = m·u/(1 − m·u), u = 2⁻⁵³ (Higham, Accuracy and Stability, §3.1).

/** A bound on the rounding of a computed Gram: |Ĝ_ij − G_ij| ≤ relative·√(Ĝ_ii·Ĝ_jj) + absolute. */
export interface GramRounding {
  readonly relative: number;
  readonly absolute: number;
}

const UNIT_ROUNDOFF = 2 ** -53;

const gamma = (m: number): number => (m * UNIT_ROUNDOFF) / (1 - m * UNIT_ROUNDOFF);

/** The Gram is taken as exact (a Gram supplied by the caller). */
export const EXACT_GRAM: GramRounding = { relative: 0, absolute: 0 };

/**
 * A Gram of vectors of length `length` accumulated in Float64 in any summation order (products of
 * Float32 or Float64 inputs): |Ĝ_ij − G_ij| ≤ γ_d·Σ_k |v_ik·v_jk| ≤ γ_d·‖v_i‖·‖v_j‖, and
 * ‖v_i‖² ≤ Ĝ_ii/(1 − γ_d) because the diagonal sums non-negative terms. The absolute part covers
 * underflow, which only a product with a factor below TINY_COMPONENT in magnitude can suffer (each
 * of the d products then loses at most the smallest subnormal; sums of subnormals are exact).
 */
export const float64GramRounding = (length: number, hasTinyComponents: boolean): GramRounding => {
  const g = gamma(length + 1);
  return { relative: (g / (1 - g)) * (1 + 4 * UNIT_ROUNDOFF), absolute: hasTinyComponents ? 2 * length * Number.MIN_VALUE : 0 };
};

/** 2⁻⁵¹¹: a product of two numbers at least this large (in magnitude) cannot underflow. */
export const TINY_COMPONENT = 2 ** -511;

export interface Certificate {
  /** cᵀĜc as computed (clamped at 0). */
  readonly normSquared: number;
  /** ≥ the exact ‖Σ c_i v_i‖² and ≥ normSquared. */
  readonly normSquaredUpperBound: number;
  /** ≥ (exact ‖Σ c_i v_i‖² or normSquared) − exact min-norm², for the exact input vectors. */
  readonly dualityGap: number;
  /** The same bound with the Gram taken as exact (what the solver controls; decides `converged`). */
  readonly dualityGapOnGram: number;
  /** normSquared − min_i (Ĝc)_i (not a bound on the error; see MinNormSolution). */
  readonly frankWolfeGap: number;
}

/** ‖w‖² − max(g, 0)²/‖w‖², rounded upward (g·(g/q): no underflow of g²). */
const dualBoundGap = (qUpper: number, gLower: number): number => {
  if (!(qUpper > 0)) return 0;
  const g = gLower > 0 ? gLower : 0;
  const value = Math.max(qUpper - g * (g / qUpper), 0);
  return value * (1 + 2 * UNIT_ROUNDOFF) + 3 * UNIT_ROUNDOFF * qUpper;
};

/**
 * Renormalises `c` onto the simplex (negatives to 0, sum 1) in place and certifies it against
 * the row-major n×n `gram` with the given Gram rounding bound.
 */
export const certify = (gram: Float64Array, n: number, c: Float64Array, rounding: GramRounding): Certificate => {
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(c[i] > 0)) c[i] = 0;
    total += c[i];
  }
  for (let i = 0; i < n; i++) c[i] /= total;
  const root = new Float64Array(n);
  let sigma = 0;
  for (let i = 0; i < n; i++) {
    root[i] = Math.sqrt(Math.max(gram[i * n + i], 0));
    sigma += c[i] * root[i];
  }
  const own = gamma(2 * n + 4) * 1.01;
  const { relative, absolute } = rounding;
  let q = 0;
  let absoluteSum = 0;
  let gLower = Infinity;
  let gLowerOnGram = Infinity;
  let minGc = Infinity;
  for (let i = 0; i < n; i++) {
    let gc = 0;
    let magnitude = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const cj = c[j];
      if (cj === 0) continue;
      const x = gram[row + j];
      gc += x * cj;
      magnitude += Math.abs(x) * cj;
    }
    q += c[i] * gc;
    absoluteSum += c[i] * magnitude;
    if (gc < minGc) minGc = gc;
    const onGram = gc - own * magnitude - 2 * UNIT_ROUNDOFF * Math.abs(gc);
    if (onGram < gLowerOnGram) gLowerOnGram = onGram;
    const exact = onGram - (relative * root[i] * sigma + absolute) * 1.01;
    if (exact < gLower) gLower = exact;
  }
  const qUpperOnGram = q + 2 * own * absoluteSum + 2 * UNIT_ROUNDOFF * Math.abs(q);
  const qUpper = qUpperOnGram + (relative * sigma * sigma + absolute) * 1.01;
  const normSquared = Math.max(q, 0);
  return {
    normSquared,
    normSquaredUpperBound: qUpper,
    dualityGap: dualBoundGap(qUpper, gLower),
    dualityGapOnGram: dualBoundGap(qUpperOnGram, gLowerOnGram),
    frankWolfeGap: Math.max(normSquared - minGc, 0),
  };
};
