// The min-norm point of the convex hull of n vectors, given only their n×n Gram matrix G:
// minimise cᵀGc over the simplex. Closed form for n ≤ 2; for n > 2 Frank–Wolfe with away steps
// and exact line search (O(n) per step, G·c maintained incrementally), accelerated by
// fully-corrective steps onto the affine minimizer of the current support (Wolfe's minor cycle).
// Every result carries a certified duality gap, recomputed from G and c at the end. With
// g = min_i ⟨v_i, w⟩ every hull point u has ⟨u, w⟩ ≥ g, so the true minimiser w* obeys
// ‖w*‖·‖w‖ ≥ g, i.e. ‖w*‖² ≥ max(g, 0)²/‖w‖² (the Lagrangian dual bound with multiplier (g/‖w‖²)·w).
// Hence dualityGap = ‖w‖² − max(g, 0)²/‖w‖² ≥ ‖w‖² − ‖w*‖². The Frank–Wolfe gap ‖w‖² − g alone does
// not bound that error (it can be short by up to a factor 2); it is reported as `frankWolfeGap`.
import { affineMinimizer } from './affine-minimizer.js';

export interface MinNormOptions {
  /**
   * Relative stopping tolerance (default 1e-10): converged when
   * dualityGap ≤ tolerance · max_i ‖v_i‖² (the largest Gram diagonal entry), so the error in ‖w‖²
   * is at most that fraction of the largest squared input norm.
   */
  readonly tolerance?: number;
  /** Largest number of solver steps for n > 2 (default 100 000); each step costs O(n). */
  readonly maxIterations?: number;
}

export interface MinNormSolution {
  /** c on the simplex; the min-norm point is w = Σ c_i v_i. */
  readonly weights: Float64Array;
  /** ‖w‖² = cᵀGc (≥ the true minimum, and within `dualityGap` of it). */
  readonly normSquared: number;
  /** Certified: ‖w‖² − max(g, 0)²/‖w‖² ≥ ‖w‖² − min-norm², where g = min_i ⟨v_i, w⟩. */
  readonly dualityGap: number;
  /**
   * max_i (‖w‖² − ⟨v_i, w⟩) = ‖w‖² − g: how far w is from the optimality condition
   * ⟨v_i, w⟩ ≥ ‖w‖² for all i. Between dualityGap/2 and dualityGap when g ≥ 0.
   */
  readonly frankWolfeGap: number;
  /** Solver steps taken (0 for the closed forms n ≤ 2). */
  readonly iterations: number;
  /** dualityGap ≤ tolerance · max_i ‖v_i‖². */
  readonly converged: boolean;
}

export const DEFAULT_MIN_NORM_TOLERANCE = 1e-10;
export const DEFAULT_MIN_NORM_MAX_ITERATIONS = 100_000;

const REFRESH_EVERY = 64;
const CORRECT_EVERY = 8;

interface Certificate {
  readonly q: number;
  readonly gap: number;
  readonly fwGap: number;
}

/** The certified gap from ‖w‖² = q and g = min_i ⟨v_i, w⟩ (see the header). */
const dualityGapOf = (q: number, g: number): number => (q > 0 ? Math.max(q - (g > 0 ? g * (g / q) : 0), 0) : 0); // g·(g/q): no underflow of g²

/** G·c, cᵀGc and both gaps, recomputed from scratch (after renormalising c onto Δ). */
const certify = (gram: Float64Array, n: number, c: Float64Array, gc: Float64Array): Certificate => {
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(c[i] > 0)) c[i] = 0;
    total += c[i];
  }
  for (let i = 0; i < n; i++) c[i] /= total;
  let q = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) if (c[j] !== 0) sum += gram[i * n + j] * c[j];
    gc[i] = sum;
  }
  for (let i = 0; i < n; i++) q += c[i] * gc[i];
  q = Math.max(q, 0);
  let minGc = Infinity;
  for (let i = 0; i < n; i++) if (gc[i] < minGc) minGc = gc[i];
  return { q, gap: dualityGapOf(q, minGc), fwGap: Math.max(q - minGc, 0) };
};

const scaleOf = (gram: Float64Array, n: number): number => {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, gram[i * n + i]);
  return scale;
};

const solveTwo = (gram: Float64Array, tolerance: number): MinNormSolution => {
  const g11 = gram[0];
  const g12 = gram[1];
  const g22 = gram[3];
  // min over t of ‖t v1 + (1−t) v2‖²: t* = (G22 − G12) / ‖v1 − v2‖², clamped to [0, 1].
  const curvature = g11 - 2 * g12 + g22;
  let t: number;
  if (curvature > 0) t = Math.min(1, Math.max(0, (g22 - g12) / curvature));
  else t = g11 <= g22 ? 1 : 0;
  const c = Float64Array.of(t, 1 - t);
  const gc = new Float64Array(2);
  const { q, gap, fwGap } = certify(gram, 2, c, gc);
  return { weights: c, normSquared: q, dualityGap: gap, frankWolfeGap: fwGap, iterations: 0, converged: gap <= tolerance * scaleOf(gram, 2) };
};

/**
 * Solves min cᵀGc over the simplex for a symmetric positive semi-definite row-major n×n `gram`
 * (n ≥ 1). Unchecked: callers validate (see `minNormElement`).
 */
export const minNormFromGram = (gram: Float64Array, n: number, options: MinNormOptions = {}): MinNormSolution => {
  const tolerance = options.tolerance ?? DEFAULT_MIN_NORM_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MIN_NORM_MAX_ITERATIONS;
  if (n === 1) {
    return { weights: Float64Array.of(1), normSquared: Math.max(gram[0], 0), dualityGap: 0, frankWolfeGap: 0, iterations: 0, converged: true };
  }
  if (n === 2) return solveTwo(gram, tolerance);

  const scale = scaleOf(gram, n);
  const tolAbs = tolerance * scale;
  const c = new Float64Array(n);
  const gc = new Float64Array(n);
  const candidate = new Float64Array(n);
  let start = 0;
  for (let i = 1; i < n; i++) if (gram[i * n + i] < gram[start * n + start]) start = i;
  c[start] = 1;
  for (let i = 0; i < n; i++) gc[i] = gram[i * n + start];
  let q = gram[start * n + start];

  let iterations = 0;
  while (iterations < maxIterations) {
    if (iterations % REFRESH_EVERY === REFRESH_EVERY - 1) q = certify(gram, n, c, gc).q;
    let s = 0;
    for (let i = 1; i < n; i++) if (gc[i] < gc[s]) s = i;
    const gap = q - gc[s];
    if (dualityGapOf(q, gc[s]) <= tolAbs) break;
    iterations++;

    if (iterations % CORRECT_EVERY === 0 && correctOntoSupport(gram, n, c, candidate, scale)) {
      q = certify(gram, n, c, gc).q;
      continue;
    }

    let away = -1;
    for (let i = 0; i < n; i++) if (c[i] > 0 && (away < 0 || gc[i] > gc[away])) away = i;
    const awayGap = gc[away] - q;
    if (gap >= awayGap) {
      // Toward vertex s: w ← w + γ(v_s − w); f'(0) = −2·gap, curvature ‖v_s − w‖².
      const curvature = gram[s * n + s] - 2 * gc[s] + q;
      const gamma = curvature > 0 ? Math.min(1, gap / curvature) : 1;
      for (let i = 0; i < n; i++) {
        c[i] *= 1 - gamma;
        gc[i] = (1 - gamma) * gc[i] + gamma * gram[i * n + s];
      }
      c[s] += gamma;
    } else {
      // Away from vertex a: w ← w + γ(w − v_a), γ ≤ c_a/(1 − c_a) keeps c_a ≥ 0.
      const ca = c[away];
      const gammaMax = ca / (1 - ca);
      const curvature = gram[away * n + away] - 2 * gc[away] + q;
      const gamma = curvature > 0 ? Math.min(gammaMax, awayGap / curvature) : gammaMax;
      for (let i = 0; i < n; i++) {
        c[i] *= 1 + gamma;
        gc[i] = (1 + gamma) * gc[i] - gamma * gram[i * n + away];
      }
      c[away] = gamma === gammaMax ? 0 : c[away] - gamma;
    }
    q = 0;
    for (let i = 0; i < n; i++) q += c[i] * gc[i];
  }
  let final = certify(gram, n, c, gc);
  if (final.gap > tolAbs) {
    const before = Float64Array.from(c);
    if (correctOntoSupport(gram, n, c, candidate, scale)) {
      const corrected = certify(gram, n, c, gc);
      if (corrected.gap < final.gap) final = corrected;
      else c.set(before);
    }
  }
  return { weights: c, normSquared: final.q, dualityGap: final.gap, frankWolfeGap: final.fwGap, iterations, converged: final.gap <= tolAbs };
};

/**
 * Fully-corrective step: move c toward the affine minimizer of its support, as far as the simplex
 * allows (dropping the first coordinate that reaches 0). Returns false when the support's affine
 * minimizer is undefined (affinely dependent support) or no progress is possible.
 */
const correctOntoSupport = (
  gram: Float64Array,
  n: number,
  c: Float64Array,
  scratch: Float64Array,
  scale: number,
): boolean => {
  const support: number[] = [];
  for (let i = 0; i < n; i++) if (c[i] > 0) support.push(i);
  if (support.length < 2) return false;
  if (!affineMinimizer(gram, n, support, scratch, scale)) return false;
  // Largest θ ∈ (0, 1] with c + θ(target − c) ≥ 0 on the support.
  let theta = 1;
  let blocking = -1;
  for (let r = 0; r < support.length; r++) {
    const current = c[support[r]];
    const target = scratch[r];
    if (target < 0) {
      const limit = current / (current - target);
      if (limit < theta) {
        theta = limit;
        blocking = r;
      }
    }
  }
  if (!(theta > 0)) return false;
  for (let r = 0; r < support.length; r++) {
    const i = support[r];
    c[i] = r === blocking ? 0 : c[i] + theta * (scratch[r] - c[i]);
  }
  // G·c is stale now: the caller recomputes it with certify().
  return true;
};
