// Non-dominated sorting (maximisation) of 3-D points in O(m log² m) time and O(m) memory.
//
// In lexicographically decreasing (x, y, z) order every point that dominates p comes before p,
// and an earlier point q that differs from p dominates it exactly when y_q ≥ y_p and z_q ≥ z_p
// (x_q ≥ x_p holds by the order). Equal points are adjacent and share a front, so they are merged
// into one; then p's front is 1 + the largest front among the earlier points with y ≥ y_p and
// z ≥ z_p (0 if there is none).
//
// That recurrence is solved by divide and conquer over the order (as in CDQ's offline method):
// solve the first half, add the first half's contributions to the second half with one sweep in
// decreasing y (a prefix-max Fenwick tree over z answers "largest front with z ≥ z_p"), then solve
// the second half. Each of the log m levels costs O(m log m); each half is kept sorted by y by
// splitting its parent's y-order on the way down and merging on the way up. All comparisons are
// on integer keys (the rank of a value among its column's distinct values), so 0 and −0 are equal.
import { OrderScratch } from './point-order.js';

/** Segments this short are solved by comparing every pair (cheaper than recursing). */
const DIRECT = 16;

/**
 * Front rank of every point of a row-major m × 3 matrix, given its points' lexicographically
 * decreasing `order`; returns the number of fronts.
 */
export const ranks3d = (data: Float64Array, m: number, order: Int32Array, rank: Int32Array): number => {
  const scratch = new OrderScratch(m);
  const buffer = new Int32Array(7 * m + 1);
  const yOf = buffer.subarray(0, m);
  yOf.set(scratch.groupKeys(scratch.columnOf(data, 3, 1)));
  const zOfPoint = scratch.groupKeys(scratch.columnOf(data, 3, 2));

  // Distinct points u = 0 … n−1 in the order; a point's rank holds its u until the end.
  const uy = buffer.subarray(m, 2 * m);
  const uz = buffer.subarray(2 * m, 3 * m);
  let n = 0;
  for (let s = 0; s < m; s++) {
    const p = order[s];
    const prev = s > 0 ? order[s - 1] : -1;
    const same =
      prev >= 0 && data[3 * p] === data[3 * prev] && data[3 * p + 1] === data[3 * prev + 1] && data[3 * p + 2] === data[3 * prev + 2];
    if (!same) {
      uy[n] = yOf[p];
      uz[n] = zOfPoint[p];
      n++;
    }
    rank[p] = n - 1;
  }

  // ys: the distinct points by decreasing y (a stable counting sort on the keys, which are < m).
  const ys = buffer.subarray(3 * m, 4 * m);
  const tmp = buffer.subarray(4 * m, 5 * m);
  const front = buffer.subarray(5 * m, 6 * m);
  // Fenwick tree over t = m − z (1 … m): a prefix up to m − z_p covers exactly the keys ≥ z_p.
  const tree = buffer.subarray(6 * m, 7 * m + 1);
  {
    const counts = tree;
    counts.fill(0);
    for (let u = 0; u < n; u++) counts[m - uy[u]]++;
    for (let k = 1; k <= m; k++) counts[k] += counts[k - 1];
    for (let u = n - 1; u >= 0; u--) ys[--counts[m - uy[u]]] = u;
  }
  tree.fill(-1);
  front.fill(-1, 0, n); // the largest front among the dominators found so far (−1: none yet)

  const insert = (u: number): void => {
    const v = front[u];
    for (let t = m - uz[u]; t <= m; t += t & -t) {
      if (tree[t] >= v) break; // ancestors hold at least as much
      tree[t] = v;
    }
  };
  const clear = (u: number): void => {
    for (let t = m - uz[u]; t <= m; t += t & -t) tree[t] = -1;
  };
  const query = (u: number): number => {
    let best = -1;
    for (let t = m - uz[u]; t > 0; t -= t & -t) if (tree[t] > best) best = tree[t];
    return best;
  };

  // Precondition: ys[lo … hi) holds the points lo … hi−1 by decreasing y, and front[u] already
  // counts every dominator before lo. Postcondition: their fronts are final, ys[lo … hi) restored.
  const solve = (lo: number, hi: number): void => {
    if (hi - lo <= DIRECT) {
      for (let a = lo; a < hi; a++) {
        let best = front[a];
        for (let b = lo; b < a; b++) if (uy[b] >= uy[a] && uz[b] >= uz[a] && front[b] > best) best = front[b];
        front[a] = best + 1;
      }
      return;
    }
    const mid = (lo + hi) >>> 1;
    // Split the y-order into the two halves' y-orders (stable).
    let left = lo;
    let right = mid;
    for (let s = lo; s < hi; s++) {
      const u = ys[s];
      if (u < mid) tmp[left++] = u;
      else tmp[right++] = u;
    }
    ys.set(tmp.subarray(lo, hi), lo);
    solve(lo, mid);
    // The first half's points with y ≥ y_p enter the tree before p asks it.
    let next = lo;
    for (let s = mid; s < hi; s++) {
      const p = ys[s];
      while (next < mid && uy[ys[next]] >= uy[p]) insert(ys[next++]);
      const best = query(p);
      if (best > front[p]) front[p] = best;
    }
    for (let s = lo; s < next; s++) clear(ys[s]);
    solve(mid, hi);
    // Merge the halves back into one y-order.
    let a = lo;
    let b = mid;
    let out = lo;
    while (a < mid && b < hi) tmp[out++] = uy[ys[a]] >= uy[ys[b]] ? ys[a++] : ys[b++];
    while (a < mid) tmp[out++] = ys[a++];
    while (b < hi) tmp[out++] = ys[b++];
    ys.set(tmp.subarray(lo, hi), lo);
  };
  solve(0, n);

  let fronts = 0;
  for (let p = 0; p < m; p++) {
    const k = front[rank[p]];
    rank[p] = k;
    if (k >= fronts) fronts = k + 1;
  }
  return fronts;
};
