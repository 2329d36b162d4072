// Preference vectors for a sweep: a uniform grid on the probability simplex (Das and Dennis, 1998).
// With H divisions, every vector whose entries are multiples of 1/H and sum to 1; there are
// C(H + N − 1, N − 1) of them (H + 1 for two objectives).

/** Number of Das–Dennis vectors for N objectives and H divisions: C(H + N − 1, N − 1). */
export function dasDennisCount(n: number, h: number): number {
  let c = 1;
  for (let i = 1; i < n; i++) c = (c * (h + i)) / i;
  return Math.round(c);
}

/**
 * Every vector (k_1/H, …, k_N/H) with k_i ≥ 0 whole and Σ k_i = H, first entry descending.
 * @example dasDennis(2, 4) // [[1, 0], [0.75, 0.25], [0.5, 0.5], [0.25, 0.75], [0, 1]]
 */
export function dasDennis(n: number, h: number): number[][] {
  const out: number[][] = [];
  const parts: number[] = [];
  const walk = (left: number, slot: number): void => {
    if (slot === n - 1) {
      out.push([...parts, left].map((k) => k / h));
      return;
    }
    for (let k = left; k >= 0; k--) {
      parts.push(k);
      walk(left - k, slot + 1);
      parts.pop();
    }
  };
  walk(h, 0);
  return out;
}

/**
 * The grid for `--weights K`: for two objectives exactly K evenly spaced vectors (H = K − 1); for
 * N ≥ 3 the smallest Das–Dennis grid holding at least K vectors.
 * @example simplexGrid(2, 5) // [[1, 0], [0.75, 0.25], [0.5, 0.5], [0.25, 0.75], [0, 1]]
 */
export function simplexGrid(n: number, k: number): number[][] {
  // One objective has a single preference vector, so no grid of k ≥ 2 exists (and the search below
  // would never end).
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`simplexGrid: ${n} objectives; a grid needs 2 or more`);
  let h = 1;
  while (dasDennisCount(n, h) < k) h++;
  return dasDennis(n, h);
}
