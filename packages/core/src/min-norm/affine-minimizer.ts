// The minimum of cᵀGc over the affine hull {Σ c_i = 1} of a support set S: the KKT system
// [G_S 1; 1ᵀ 0][c; −λ] = [0; 1], solved by Gaussian elimination with partial pivoting.

/**
 * Writes the affine minimizer's coefficients for `support` (indices into the n×n `gram`) into
 * `out[0 … m)` and returns true, or returns false when the system is numerically singular
 * (affinely dependent support: duplicate or collinear vectors).
 */
export const affineMinimizer = (
  gram: Float64Array,
  n: number,
  support: readonly number[],
  out: Float64Array,
  scale: number,
): boolean => {
  const m = support.length;
  const size = m + 1;
  const a = new Float64Array(size * (size + 1));
  const width = size + 1;
  for (let r = 0; r < m; r++) {
    for (let s = 0; s < m; s++) a[r * width + s] = gram[support[r] * n + support[s]];
    a[r * width + m] = 1;
    a[r * width + size] = 0;
  }
  for (let s = 0; s < m; s++) a[m * width + s] = 1;
  a[m * width + m] = 0;
  a[m * width + size] = 1;
  // Pivots are compared with the Gram scale (and 1 for the constraint row/column).
  const threshold = 1e-13 * Math.max(scale, 1e-300);
  for (let col = 0; col < size; col++) {
    let pivotRow = col;
    let best = Math.abs(a[col * width + col]);
    for (let r = col + 1; r < size; r++) {
      const v = Math.abs(a[r * width + col]);
      if (v > best) {
        best = v;
        pivotRow = r;
      }
    }
    if (!(best > threshold)) return false;
    if (pivotRow !== col) {
      for (let s = 0; s < width; s++) {
        const t = a[col * width + s];
        a[col * width + s] = a[pivotRow * width + s];
        a[pivotRow * width + s] = t;
      }
    }
    const pivot = a[col * width + col];
    for (let r = col + 1; r < size; r++) {
      const factor = a[r * width + col] / pivot;
      if (factor === 0) continue;
      for (let s = col; s < width; s++) a[r * width + s] -= factor * a[col * width + s];
    }
  }
  const x = new Float64Array(size);
  for (let r = size - 1; r >= 0; r--) {
    let sum = a[r * width + size];
    for (let s = r + 1; s < size; s++) sum -= a[r * width + s] * x[s];
    x[r] = sum / a[r * width + r];
  }
  let total = 0;
  for (let r = 0; r < m; r++) {
    if (!Number.isFinite(x[r])) return false;
    out[r] = x[r];
    total += x[r];
  }
  // Renormalise the rounding in Σ c = 1 away.
  if (!(Math.abs(total - 1) < 1e-6)) return false;
  for (let r = 0; r < m; r++) out[r] /= total;
  return true;
};
