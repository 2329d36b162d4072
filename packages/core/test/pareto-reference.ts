// Slow, obviously correct references for the Pareto utilities (maximisation), used by the tests:
// the definition of non-dominated fronts, hypervolume by slicing objectives (HSO), and a count of
// dominated grid cells for integer points.
import { dominates } from '../src/index.js';

/** Fronts by definition: rank(p) = 0 without dominators, else 1 + the largest rank of a dominator. */
export const referenceFronts = (points: readonly (readonly number[])[]): number[][] => {
  const m = points.length;
  const rank = new Array<number>(m).fill(-1);
  let remaining = m;
  for (let k = 0; remaining > 0; k++) {
    // Front k: unranked points that no other unranked point dominates.
    const front: number[] = [];
    for (let p = 0; p < m; p++) {
      if (rank[p] >= 0) continue;
      let dominated = false;
      for (let q = 0; q < m && !dominated; q++) dominated = rank[q] < 0 && dominates(points[q], points[p]);
      if (!dominated) front.push(p);
    }
    for (const p of front) rank[p] = k;
    remaining -= front.length;
  }
  const fronts: number[][] = [];
  rank.forEach((k, p) => {
    while (fronts.length <= k) fronts.push([]);
    fronts[k].push(p);
  });
  return fronts;
};

/** Hypervolume by slicing objectives: slice along the last objective, recurse on d − 1. */
export const hsoVolume = (points: readonly (readonly number[])[], reference: readonly number[]): number => {
  const d = reference.length;
  const inside = points.filter((p) => p.every((x, k) => x > reference[k]));
  const volume = (pts: readonly (readonly number[])[], k: number): number => {
    if (pts.length === 0) return 0;
    if (k === 1) return Math.max(...pts.map((p) => p[0])) - reference[0];
    const last = k - 1;
    const sorted = [...pts].sort((a, b) => b[last] - a[last]);
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      const bottom = i + 1 < sorted.length ? sorted[i + 1][last] : reference[last];
      if (sorted[i][last] > bottom) total += (sorted[i][last] - bottom) * volume(sorted.slice(0, i + 1), last);
    }
    return total;
  };
  return volume(inside, d);
};

/** Integer points in [0, side]^d, reference 0: the number of unit cells some point dominates. */
export const gridVolume = (points: readonly (readonly number[])[], d: number, side: number): number => {
  let count = 0;
  const z = new Array<number>(d).fill(0);
  const total = side ** d;
  for (let cell = 0; cell < total; cell++) {
    let rest = cell;
    for (let k = 0; k < d; k++) {
      z[k] = rest % side;
      rest = Math.floor(rest / side);
    }
    if (points.some((p) => p.every((x, k) => x >= z[k] + 1))) count++;
  }
  return count;
};
