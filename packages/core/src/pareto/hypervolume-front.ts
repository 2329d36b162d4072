// The points a hypervolume computation works on (maximised, all strictly above the reference),
// with their order along every objective, and the work budget shared by the algorithms.
import { OrderScratch } from './point-order.js';

/** Thrown inside the computation when the budget runs out; the public function turns it into a Left. */
export class WorkLimitExceeded {
  constructor(readonly what: string) {}
}

export interface HypervolumeFront {
  /** Row-major m × d coordinates. */
  readonly x: Float64Array;
  readonly m: number;
  readonly d: number;
  readonly reference: Float64Array;
  /** order[j][r]: the point of rank r along objective j (ascending, ties by index); empty for j = 1. */
  readonly order: Int32Array[];
  /** rank[j][i]: the rank of point i along objective j. */
  readonly rank: Int32Array[];
}

/**
 * The points of `data` (count × d) strictly above `reference` in every objective; with their
 * orders when there are two or more points in two or more objectives.
 */
export const frontAbove = (data: Float64Array, count: number, reference: Float64Array): HypervolumeFront => {
  const d = reference.length;
  let m = 0;
  const x = new Float64Array(count * d);
  for (let i = 0; i < count; i++) {
    let inside = true;
    for (let j = 0; j < d; j++) if (!(data[i * d + j] > reference[j])) inside = false;
    if (!inside) continue;
    for (let j = 0; j < d; j++) x[m * d + j] = data[i * d + j];
    m++;
  }
  const kept = x.subarray(0, m * d);
  const order: Int32Array[] = [];
  const rank: Int32Array[] = [];
  if (d >= 2 && m >= 2) {
    const scratch = new OrderScratch(m);
    const all = new Int32Array(2 * d * m);
    for (let j = 0; j < d; j++) {
      // Objective 1 is never swept or sorted along (the 3-D sweep's staircase is keyed by 0).
      if (j === 1) {
        order.push(new Int32Array(0));
        rank.push(new Int32Array(0));
        continue;
      }
      const o = all.subarray(2 * j * m, (2 * j + 1) * m);
      const r = all.subarray((2 * j + 1) * m, (2 * j + 2) * m);
      scratch.ascendingOrder(scratch.columnOf(kept, d, j), o, r);
      order.push(o);
      rank.push(r);
    }
  }
  return { x: kept, m, d, reference, order, rank };
};

/** Counts elementary steps against a budget, so that no input makes the computation run unbounded. */
export class WorkBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  spend(steps: number): void {
    this.used += steps;
    if (this.used > this.limit) throw new WorkLimitExceeded(`more than ${this.limit} elementary steps`);
  }
}
