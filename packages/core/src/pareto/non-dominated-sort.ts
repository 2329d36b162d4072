// Non-dominated sorting (maximisation) of a point matrix into front ranks, in linear memory.
//
// Points are visited in lexicographically decreasing order, so every point that dominates p is
// visited before p, and equal points are adjacent (they share a front: neither dominates the
// other). p's front is the first front none of whose members dominates p; "some member of front k
// dominates p" only gets truer as k decreases (a dominator in front k is itself dominated by a
// member of front k − 1), so that front is found by binary search (ENS-BS, Zhang et al. 2015).
// In 2-D a front's members dominate p exactly when the largest second objective among them —
// that of its latest member — is ≥ p's, so each probe is O(1) and the sort is O(m log m).
// In d = 3 the fronts come from a divide and conquer over the same order, O(m log² m)
// (non-dominated-sort-3d.ts). In d ≥ 4 a probe scans the front's members, latest first:
// O(m log m + m·f·d) for fronts of size f, O(m²·d) at worst.
import { ranks3d } from './non-dominated-sort-3d.js';
import type { PointMatrix } from './pareto-points.js';
import { lexicographicDescending } from './point-order.js';

const samePoint = (data: Float64Array, d: number, a: number, b: number): boolean => {
  for (let j = 0; j < d; j++) if (data[a * d + j] !== data[b * d + j]) return false;
  return true;
};

/** Front rank of every point (0 = non-dominated) and the number of fronts. */
export const frontRanks = (points: PointMatrix): { readonly rank: Int32Array; readonly fronts: number } => {
  const { data, count: m, dimension: d } = points;
  const rank = new Int32Array(m);
  if (m === 0) return { rank, fronts: 0 };
  const order = lexicographicDescending(data, m, d);
  if (d <= 2) return ranks2d(points, order, rank);
  if (d === 3) return { rank, fronts: ranks3d(data, m, order, rank) };
  return ranksEns(data, m, d, order, rank);
};

/** d ≤ 2: each front is summarised by the second objective of its latest member. */
const ranks2d = ({ data, count: m, dimension: d }: PointMatrix, order: Int32Array, rank: Int32Array) => {
  const tail = new Float64Array(m);
  let fronts = 0;
  for (let s = 0; s < m; s++) {
    const p = order[s];
    if (s > 0 && samePoint(data, d, p, order[s - 1])) {
      rank[p] = rank[order[s - 1]];
      continue;
    }
    // d = 1: every earlier distinct point dominates p, so it opens a new front.
    const y = d === 2 ? data[2 * p + 1] : -Infinity;
    let lo = 0;
    let hi = fronts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tail[mid] >= y) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts) fronts++;
    tail[lo] = y;
    rank[p] = lo;
  }
  return { rank, fronts };
};

/** d ≥ 4: ENS-BS; each front is a linked list of its members, latest first. */
const ranksEns = (data: Float64Array, m: number, d: number, order: Int32Array, rank: Int32Array) => {
  const latest = new Int32Array(m);
  const previous = new Int32Array(m);
  let fronts = 0;
  const dominatedByFront = (k: number, p: number): boolean => {
    for (let q = latest[k]; q >= 0; q = previous[q]) {
      // q precedes p lexicographically (so q ≥ p in objective 0) and differs from p.
      let j = 1;
      while (j < d && data[q * d + j] >= data[p * d + j]) j++;
      if (j === d) return true;
    }
    return false;
  };
  for (let s = 0; s < m; s++) {
    const p = order[s];
    let k: number;
    if (s > 0 && samePoint(data, d, p, order[s - 1])) {
      k = rank[order[s - 1]];
    } else {
      let lo = 0;
      let hi = fronts;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (dominatedByFront(mid, p)) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    }
    if (k === fronts) {
      fronts++;
      latest[k] = -1;
    }
    previous[p] = latest[k];
    latest[k] = p;
    rank[p] = k;
  }
  return { rank, fronts };
};

/** Fronts as lists of point indices, each in increasing index order. */
export const frontsFromRanks = (rank: Int32Array, fronts: number): number[][] => {
  const out: number[][] = [];
  for (let k = 0; k < fronts; k++) out.push([]);
  for (let i = 0; i < rank.length; i++) out[rank[i]].push(i);
  return out;
};
