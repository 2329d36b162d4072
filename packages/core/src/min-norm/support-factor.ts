// The Cholesky factor L (A_S = L·Lᵀ) of A_S = G_S + 1·1ᵀ for the current support S of the
// min-norm active-set solver. A_S is positive definite exactly when the points of S are affinely
// independent (xᵀA_S x = ‖Σ x_i v_i‖² + (Σ x_i)², zero only for an affine dependence), so the
// pivot met when a point joins is rank-revealing: it is the squared distance of (1, v_j) from the
// span of the (1, v_i), i ∈ S, and a tiny pivot means v_j lies (numerically) in aff(S).
// Adding a point costs one forward substitution, dropping one a sweep of Givens rotations: O(|S|²).

export class SupportFactor {
  /** Row-major lower-triangular L, `capacity`×`capacity`; row p belongs to members[p]. */
  private readonly lower: Float64Array;
  private readonly column: Float64Array;
  private saved: Float64Array | undefined;
  private savedMembers: number[] = [];
  /** Indices (into the n×n Gram) of the support, in factor order. */
  readonly members: number[] = [];

  constructor(
    private readonly gram: Float64Array,
    private readonly n: number,
    private readonly capacity: number,
  ) {
    this.lower = new Float64Array(capacity * capacity);
    this.column = new Float64Array(capacity);
  }

  get size(): number {
    return this.members.length;
  }

  /**
   * Appends point j when its pivot ρ² exceeds `relativePivot`·A_jj; returns false (and leaves the
   * factor unchanged) when v_j is affinely dependent on the support at that threshold.
   */
  add(j: number, relativePivot: number): boolean {
    const { gram, n, lower, capacity, members } = this;
    const k = members.length;
    if (k === capacity) return false;
    const row = k * capacity;
    let norm = 0;
    for (let p = 0; p < k; p++) {
      let sum = gram[members[p] * n + j] + 1;
      const lp = p * capacity;
      for (let q = 0; q < p; q++) sum -= lower[lp + q] * lower[row + q];
      const value = sum / lower[lp + p];
      lower[row + p] = value;
      norm += value * value;
    }
    const diagonal = gram[j * n + j] + 1;
    const pivot = diagonal - norm;
    if (!(pivot > relativePivot * diagonal)) return false;
    lower[row + k] = Math.sqrt(pivot);
    members.push(j);
    return true;
  }

  /**
   * The affine coordinates β (Σ β = 1) of point j on the support, written to out[0 … |S|): the
   * least-squares solution of A_S·β = a_j (a_j = G_Sj + 1), normalised to sum 1. Meant for a j the
   * pivot test has just judged (numerically) inside aff(S), where v_j ≈ Σ β_p v_{S_p}. Returns
   * false when Σ β is not safely positive (j is then not close to aff(S) at all).
   */
  affineCoordinates(j: number, out: Float64Array): boolean {
    const { gram, n, lower, capacity, members, column: y } = this;
    const k = members.length;
    for (let p = 0; p < k; p++) {
      let sum = gram[members[p] * n + j] + 1;
      const lp = p * capacity;
      for (let q = 0; q < p; q++) sum -= lower[lp + q] * y[q];
      y[p] = sum / lower[lp + p];
    }
    let total = 0;
    for (let p = k - 1; p >= 0; p--) {
      let sum = y[p];
      for (let q = p + 1; q < k; q++) sum -= lower[q * capacity + p] * out[q];
      out[p] = sum / lower[p * capacity + p];
      total += out[p];
    }
    if (!(total > 0.5 && total < 2)) return false;
    for (let p = 0; p < k; p++) out[p] /= total;
    return true;
  }

  /** Saves the factor (members and the used part of L) for one later {@link restore}. */
  save(): void {
    const k = this.members.length;
    this.saved ??= new Float64Array(this.capacity * this.capacity);
    this.saved.set(this.lower.subarray(0, k * this.capacity));
    this.savedMembers = this.members.slice();
  }

  /** Returns the factor to its state at the last {@link save}. */
  restore(): void {
    const { saved, savedMembers, members, capacity } = this;
    if (saved === undefined) return;
    this.lower.set(saved.subarray(0, savedMembers.length * capacity));
    members.length = 0;
    for (const m of savedMembers) members.push(m);
  }

  /** Drops the member at factor position r, restoring the triangle with Givens rotations. */
  remove(r: number): void {
    const { lower, capacity, members } = this;
    const k = members.length;
    // Rows below r move up one; row i (new numbering, i ≥ r) then has entries up to column i + 1.
    for (let i = r; i < k - 1; i++) {
      const to = i * capacity;
      const from = (i + 1) * capacity;
      for (let q = 0; q <= i + 1; q++) lower[to + q] = lower[from + q];
    }
    for (let i = r; i < k - 1; i++) {
      // Rotate columns i and i+1 so that row i's entry in column i+1 becomes 0.
      const a = lower[i * capacity + i];
      const b = lower[i * capacity + i + 1];
      if (b === 0) continue;
      const h = Math.hypot(a, b);
      const cos = a / h;
      const sin = b / h;
      for (let row = i; row < k - 1; row++) {
        const base = row * capacity;
        const x = lower[base + i];
        const y = lower[base + i + 1];
        lower[base + i] = cos * x + sin * y;
        lower[base + i + 1] = -sin * x + cos * y;
      }
      lower[i * capacity + i + 1] = 0;
    }
    members.splice(r, 1);
  }

  /**
   * The affine minimiser of the support: α = A_S⁻¹·1 / (1ᵀA_S⁻¹·1), the coefficients (Σ α = 1) of
   * the point of aff(S) nearest the origin, written to out[0 … |S|). With y = L⁻¹·1 the
   * normaliser 1ᵀA_S⁻¹·1 is ‖y‖² > 0, so the division is always defined.
   */
  affineMinimizer(out: Float64Array): void {
    const { lower, capacity, column: y } = this;
    const k = this.members.length;
    let total = 0;
    for (let p = 0; p < k; p++) {
      let sum = 1;
      const lp = p * capacity;
      for (let q = 0; q < p; q++) sum -= lower[lp + q] * y[q];
      y[p] = sum / lower[lp + p];
      total += y[p] * y[p];
    }
    for (let p = k - 1; p >= 0; p--) {
      let sum = y[p];
      for (let q = p + 1; q < k; q++) sum -= lower[q * capacity + p] * out[q];
      out[p] = sum / lower[p * capacity + p];
    }
    for (let p = 0; p < k; p++) out[p] /= total;
  }
}
