// Exact hypervolume for d ≥ 4 objectives: WFG (While, Bradstreet & Barone 2012), with the 3-D
// dimension sweep as its base case.
//
// With the points in increasing order of the last objective, hv(S) = Σ_t exclusive(p_t), where
// p_t's exclusive volume against the later points is box(p_t) − hv(limit(later, p_t)) and
// limit(·, p) clamps every point to p (componentwise min). Every clamped later point has p_t's last
// objective, so the limited set loses one dimension: the recursion runs on d − 1 objectives, after
// dropping the clamped points that others dominate (which keeps the limited sets small), until 3
// objectives remain. A limited set is always the original points clamped to one corner, so the
// per-objective orders computed once for the whole front serve every level (clamping is monotone).
import { type WorkBudget, WorkLimitExceeded, type HypervolumeFront } from './hypervolume-front.js';
import { Sweep3d } from './hypervolume-sweep.js';

/** Deepest recursion (objectives dropped one per level) before the input is called too large. */
export const MAX_WFG_DEPTH = 1000;

/** Per-level scratch: the limited set's point indices and its clamped coordinates. */
interface Level {
  indices: Int32Array;
  coords: Float64Array;
  corner: Float64Array;
}

export class Wfg {
  private readonly sweep: Sweep3d;
  private readonly levels: Level[] = [];
  private readonly rankScratch: Int32Array;
  /** mark[i] === stamp: point i belongs to the subset being ordered. */
  private readonly mark: Int32Array;
  private stamp = 0;

  constructor(
    private readonly front: HypervolumeFront,
    private readonly budget: WorkBudget,
  ) {
    this.sweep = new Sweep3d(front);
    this.rankScratch = new Int32Array(front.m);
    this.mark = new Int32Array(front.m);
  }

  /** Hypervolume of the whole front (every point strictly above the reference). */
  total(): number {
    const { m, d } = this.front;
    const corner = new Float64Array(d).fill(Infinity);
    // The first step of the recursion keeps only the weakly non-dominated points.
    const level = this.level(0, m, d);
    const byLast = this.front.order[d - 1];
    for (let s = 0; s < m; s++) level.indices[s] = byLast[m - 1 - s];
    const kept = this.nonDominated(level, m, d, corner);
    const ascending = level.indices.slice(0, kept).reverse();
    return this.wfg(1, d, corner, ascending, kept);
  }

  private level(depth: number, n: number, k: number): Level {
    if (depth > MAX_WFG_DEPTH)
      throw new WorkLimitExceeded(`recursion deeper than ${MAX_WFG_DEPTH} levels (objectives × non-dominated points)`);
    let level = this.levels[depth];
    if (level === undefined || level.indices.length < n || level.coords.length < n * k) {
      const size = Math.max(n, level?.indices.length ?? 0);
      level = { indices: new Int32Array(size), coords: new Float64Array(size * k), corner: new Float64Array(this.front.d) };
      this.levels[depth] = level;
    }
    return level;
  }

  /**
   * Writes `src[from..to)` (point indices) into `out` ordered by rank along objective j, ascending
   * or descending. A subset that is a large part of the front is picked out of the front's order
   * by marking; a small one is sorted by integer rank.
   */
  private sortByRank(src: Int32Array, from: number, to: number, j: number, out: Int32Array, descending: boolean): void {
    const n = to - from;
    const { m } = this.front;
    const rank = this.front.rank[j];
    const order = this.front.order[j];
    if (n * 4 >= m) {
      const mark = this.mark;
      const stamp = ++this.stamp;
      for (let s = from; s < to; s++) mark[src[s]] = stamp;
      let w = descending ? 0 : n - 1;
      const step = descending ? 1 : -1;
      for (let r = m - 1; r >= 0; r--) {
        const i = order[r];
        if (mark[i] === stamp) {
          out[w] = i;
          w += step;
        }
      }
      this.budget.spend(m);
      return;
    }
    const scratch = this.rankScratch;
    for (let s = 0; s < n; s++) scratch[s] = rank[src[from + s]];
    if (n <= 16) {
      for (let a = 1; a < n; a++) {
        const v = scratch[a];
        let b = a - 1;
        while (b >= 0 && scratch[b] > v) {
          scratch[b + 1] = scratch[b];
          b--;
        }
        scratch[b + 1] = v;
      }
    } else {
      scratch.subarray(0, n).sort();
    }
    if (descending) for (let s = 0; s < n; s++) out[s] = order[scratch[n - 1 - s]];
    else for (let s = 0; s < n; s++) out[s] = order[scratch[s]];
    this.budget.spend(n);
  }

  /**
   * Keeps, at the front of `level.indices[0..n)` (in non-increasing order of objective k − 1),
   * the points that no other point weakly dominates in objectives 0..k−1 once clamped to
   * `corner`; returns how many. Order is preserved.
   */
  private nonDominated(level: Level, n: number, k: number, corner: Float64Array): number {
    const { x, d } = this.front;
    const { indices, coords } = level;
    let kept = 0;
    let comparisons = 0;
    for (let s = 0; s < n; s++) {
      const i = indices[s];
      const row = kept * k;
      for (let j = 0; j < k; j++) {
        const v = x[i * d + j];
        coords[row + j] = v < corner[j] ? v : corner[j];
      }
      let dominated = false;
      for (let a = 0; a < kept && !dominated; a++) {
        comparisons++;
        const other = a * k;
        let j = 0;
        while (j < k && coords[other + j] >= coords[row + j]) j++;
        dominated = j === k;
      }
      if (dominated) continue;
      // Only kept points tied with this one in objective k − 1 (the tail) can be dominated by it.
      let a = kept - 1;
      while (a >= 0 && coords[a * k + k - 1] === coords[row + k - 1]) {
        let j = 0;
        while (j < k && coords[a * k + j] <= coords[row + j]) j++;
        if (j === k) {
          indices.copyWithin(a, a + 1, kept);
          coords.copyWithin(a * k, (a + 1) * k, (kept + 1) * k);
          kept--;
        }
        a--;
      }
      indices[kept] = i;
      if (kept * k !== row) coords.copyWithin(kept * k, row, row + k);
      kept++;
    }
    this.budget.spend(comparisons * k + n);
    return kept;
  }

  /**
   * Hypervolume in objectives 0..k−1 of points `indices[0..n)` clamped to `corner`: weakly
   * non-dominated once clamped, in non-decreasing order of objective k − 1 (k ≥ 4).
   */
  private wfg(depth: number, k: number, corner: Float64Array, indices: Int32Array, n: number): number {
    const { x, d, reference } = this.front;
    const u = this.level(depth, 0, k - 1).corner;
    let total = 0;
    for (let t = 0; t < n; t++) {
      const i = indices[t];
      for (let j = 0; j < k; j++) {
        const v = x[i * d + j];
        u[j] = v < corner[j] ? v : corner[j];
      }
      let box = 1;
      for (let j = 0; j < k - 1; j++) box *= u[j] - reference[j];
      let limited = 0;
      const later = n - t - 1;
      if (later > 0) {
        const level = this.level(depth, later, k - 1);
        this.sortByRank(indices, t + 1, n, k - 2, level.indices, true);
        if (k - 1 === 3) {
          limited = this.sweep.volume(level.indices, later, u[0], u[1], u[2]);
          this.budget.spend(later * 4);
        } else {
          const kept = this.nonDominated(level, later, k - 1, u);
          if (kept === 1) {
            limited = 1;
            for (let j = 0; j < k - 1; j++) limited *= level.coords[j] - reference[j];
          } else {
            const ascending = level.indices.subarray(0, kept).reverse();
            limited = this.wfg(depth + 1, k - 1, u, ascending, kept);
          }
        }
      }
      total += (u[k - 1] - reference[k - 1]) * (box - limited);
    }
    return total;
  }
}
