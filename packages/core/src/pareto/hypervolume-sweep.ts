// Exact hypervolume in 2 and 3 objectives by sweeping (maximisation; points above the reference).
// 2-D: sort by the first objective, O(m log m). 3-D: the dimension sweep of Beume, Fonseca et al.
// (2009), O(m log m): points enter in decreasing third objective; the area of the 2-D staircase
// they dominate in the first two is updated per insertion, and each slab adds area × thickness.
import type { HypervolumeFront } from './hypervolume-front.js';
import { OrderedIntSet } from './ordered-int-set.js';

/** Area dominated by the front's points in objectives 0 and 1 (its d must be 2). */
export const sweep2d = (front: HypervolumeFront): number => {
  const { x, m, reference } = front;
  const byX = front.order[0];
  let area = 0;
  let height = reference[1];
  for (let k = m - 1; k >= 0; k--) {
    const i = byX[k];
    if (x[i * 2 + 1] > height) height = x[i * 2 + 1];
    const nextX = k > 0 ? x[byX[k - 1] * 2] : reference[0];
    area += (x[i * 2] - nextX) * (height - reference[1]);
  }
  return area;
};

/**
 * The 3-D sweep over objectives 0, 1, 2 of a subset of a front's points, each first clamped from
 * above to a corner (componentwise min) — the form WFG's limited sets take. Reusable across calls;
 * the staircase is keyed by the points' rank along objective 0, which clamping does not reorder.
 */
export class Sweep3d {
  private readonly staircase: OrderedIntSet;
  /** Clamped coordinates of the staircase points, by rank along objective 0. */
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;

  constructor(private readonly front: HypervolumeFront) {
    this.staircase = new OrderedIntSet(front.m);
    this.sx = new Float64Array(front.m);
    this.sy = new Float64Array(front.m);
  }

  /**
   * Volume dominated by points `indices[0..n)` — in non-increasing order of objective 2 — each
   * clamped to (cx, cy, cz), above the front's reference.
   */
  volume(indices: Int32Array, n: number, cx: number, cy: number, cz: number): number {
    const { x, d, reference } = this.front;
    const rankX = this.front.rank[0];
    const rz = reference[2];
    let area = 0;
    let volume = 0;
    for (let t = 0; t < n; t++) {
      const i = indices[t];
      const px = x[i * d] < cx ? x[i * d] : cx;
      const py = x[i * d + 1] < cy ? x[i * d + 1] : cy;
      const pz = x[i * d + 2] < cz ? x[i * d + 2] : cz;
      area += this.insert(rankX[i], px, py);
      let nextZ = rz;
      if (t + 1 < n) {
        const z = x[indices[t + 1] * d + 2];
        nextZ = z < cz ? z : cz;
      }
      volume += area * (pz - nextZ);
    }
    this.staircase.clear();
    return volume;
  }

  /**
   * Adds (px, py) to the staircase (points with strictly increasing x and strictly decreasing y)
   * and returns the area it adds to the union; a point weakly dominated by the staircase adds 0
   * and is not stored. Ranks order the points by x, ties in any order.
   */
  private insert(r: number, px: number, py: number): number {
    const { staircase, sx, sy } = this;
    const rx = this.front.reference[0];
    const ry = this.front.reference[1];
    const s = staircase.successor(r);
    if (s >= 0 && sy[s] >= py) return 0;
    let p = staircase.predecessor(r);
    if (p >= 0 && sx[p] >= px && sy[p] >= py) return 0;
    // Walk left: on (sx[p], cur] the staircase stands at height h; points under (px, py) go.
    let added = 0;
    let h = s >= 0 ? sy[s] : ry;
    let cur = px;
    for (;;) {
      if (p < 0) {
        added += (cur - rx) * (py - h);
        break;
      }
      added += (cur - sx[p]) * (py - h);
      if (sy[p] > py) break;
      h = sy[p];
      cur = sx[p];
      const before = staircase.predecessor(p);
      staircase.delete(p);
      p = before;
    }
    if (s >= 0 && sx[s] <= px) staircase.delete(s);
    staircase.insert(r);
    sx[r] = px;
    sy[r] = py;
    return added;
  }
}
