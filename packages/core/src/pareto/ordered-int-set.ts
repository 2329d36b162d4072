// An ordered set of integers in [0, capacity): a bitset with a summary level per 32 words, so that
// insert, delete, successor and predecessor each take O(log₃₂ capacity) word operations. The
// hypervolume sweeps keep their 2-D staircase in it, keyed by each point's rank in one objective.

const lowestBit = (word: number): number => 31 - Math.clz32(word & -word);
const highestBit = (word: number): number => 31 - Math.clz32(word);

export class OrderedIntSet {
  /** levels[0] holds one bit per element; levels[l + 1] one bit per non-zero word of levels[l]. */
  private readonly levels: Int32Array[] = [];

  constructor(capacity: number) {
    let words = Math.max(1, Math.ceil(capacity / 32));
    for (;;) {
      this.levels.push(new Int32Array(words));
      if (words === 1) break;
      words = Math.ceil(words / 32);
    }
  }

  insert(value: number): void {
    let v = value;
    for (const level of this.levels) {
      const w = v >>> 5;
      const before = level[w];
      level[w] = before | (1 << (v & 31));
      if (before !== 0) return;
      v = w;
    }
  }

  delete(value: number): void {
    let v = value;
    for (const level of this.levels) {
      const w = v >>> 5;
      const after = level[w] & ~(1 << (v & 31));
      level[w] = after;
      if (after !== 0) return;
      v = w;
    }
  }

  /** Smallest element > value, or -1. `value` may be -1 (then: the smallest element). */
  successor(value: number): number {
    const levels = this.levels;
    let l = 0;
    let v = value + 1;
    // Climb until some word holds an element at or after position v of its level.
    for (;;) {
      const level = levels[l];
      const w = v >>> 5;
      if (w < level.length) {
        const bits = level[w] & (-1 << (v & 31));
        if (bits !== 0) {
          v = (w << 5) | lowestBit(bits);
          break;
        }
      }
      if (l === levels.length - 1) return -1;
      l++;
      v = w + 1;
    }
    // Descend to the first element below that summary bit.
    while (l > 0) {
      l--;
      v = (v << 5) | lowestBit(levels[l][v]);
    }
    return v;
  }

  /** Largest element < value, or -1. */
  predecessor(value: number): number {
    const levels = this.levels;
    let l = 0;
    let v = value - 1;
    if (v < 0) return -1;
    for (;;) {
      const level = levels[l];
      const w = v >>> 5;
      const shift = v & 31;
      const bits = shift === 31 ? level[w] : level[w] & ((1 << (shift + 1)) - 1);
      if (bits !== 0) {
        v = (w << 5) | highestBit(bits);
        break;
      }
      if (l === levels.length - 1 || w === 0) return -1;
      l++;
      v = w - 1;
    }
    while (l > 0) {
      l--;
      v = (v << 5) | highestBit(levels[l][v]);
    }
    return v;
  }

  /** Removes every element (cost proportional to the number of elements). */
  clear(): void {
    for (let v = this.successor(-1); v >= 0; v = this.successor(v)) this.delete(v);
  }
}
