// Orders of points along their objectives without comparator sorts (which box every element and
// dominate the cost at a million points): small sets by a native Float64Array sort and a binary
// search per point for its group of equal values; large sets by an LSD radix sort of the
// float64 bit patterns (4 passes of 16 bits, stable, so ties keep index order). Lexicographic
// orders then follow by counting sorts on those integer keys.

/** Below this many values the native sort + binary search beats the radix sort's 2^16 buckets. */
const RADIX_MIN = 4096;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = littleEndian ? 0 : 1;
const HIGH = 1 - LOW;

/** Indices in ascending order of `values` (finite), ties by index: LSD radix sort on the bits. */
const radixOrder = (values: Float64Array): Int32Array => {
  const m = values.length;
  const bits = new Uint32Array(2 * m);
  const asFloat = new Float64Array(bits.buffer);
  for (let i = 0; i < m; i++) asFloat[i] = values[i] + 0; // −0 → +0
  // Map the IEEE pattern to an unsigned integer in the same order as the numbers.
  for (let i = 0; i < m; i++) {
    const high = bits[2 * i + HIGH];
    if (high & 0x80000000) {
      bits[2 * i + HIGH] = ~high;
      bits[2 * i + LOW] = ~bits[2 * i + LOW];
    } else {
      bits[2 * i + HIGH] = high | 0x80000000;
    }
  }
  let order = new Int32Array(m);
  let next = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const counts = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? LOW : HIGH;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < m; i++) counts[((bits[2 * i + word] >>> shift) & 0xffff) + 1]++;
    if (counts[((bits[word] >>> shift) & 0xffff) + 1] === m) continue; // one digit value: nothing to do
    for (let k = 1; k <= 65536; k++) counts[k] += counts[k - 1];
    for (let s = 0; s < m; s++) {
      const i = order[s];
      next[counts[(bits[2 * i + word] >>> shift) & 0xffff]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
};

/**
 * Scratch for ordering m values. Typed arrays each own a buffer outside the JS heap, and
 * allocating many of them per call triggers garbage collections that cost more than the sorting:
 * one buffer per call, sliced into views.
 */
export class OrderScratch {
  readonly column: Float64Array;
  readonly sorted: Float64Array;
  readonly keys: Int32Array;
  readonly taken: Int32Array;

  constructor(readonly m: number) {
    const f = new Float64Array(2 * m);
    this.column = f.subarray(0, m);
    this.sorted = f.subarray(m, 2 * m);
    const i = new Int32Array(2 * m);
    this.keys = i.subarray(0, m);
    this.taken = i.subarray(m, 2 * m);
  }

  /** Copies column j of a row-major m × d matrix into `this.column` and returns it. */
  columnOf(data: Float64Array, d: number, j: number): Float64Array {
    const out = this.column;
    for (let i = 0; i < this.m; i++) out[i] = data[i * d + j];
    return out;
  }

  /**
   * `this.keys[i]` = the number of values strictly smaller than `values[i]`: equal values (0 and
   * −0 included) share a key, and keys order values. Keys lie in [0, m).
   */
  groupKeys(values: Float64Array): Int32Array {
    const { m, sorted, keys } = this;
    if (m >= RADIX_MIN) {
      const order = radixOrder(values);
      for (let s = 0; s < m; s++) keys[order[s]] = s > 0 && values[order[s]] === values[order[s - 1]] ? keys[order[s - 1]] : s;
      return keys;
    }
    sorted.set(values);
    sorted.sort();
    for (let i = 0; i < m; i++) {
      const v = values[i];
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      keys[i] = lo;
    }
    return keys;
  }

  /** order[r] = the point of rank r in ascending order of `values` (ties by index); rank is its inverse. */
  ascendingOrder(values: Float64Array, order: Int32Array, rank: Int32Array): void {
    const keys = this.groupKeys(values);
    const taken = this.taken;
    taken.fill(0);
    for (let i = 0; i < this.m; i++) {
      const r = keys[i] + taken[keys[i]]++;
      rank[i] = r;
      order[r] = i;
    }
  }
}

/**
 * Stable counting sort of `input` (point indices) by decreasing `keys[i]` (integers in [0, m)),
 * written to `out`; `counts` is scratch of length m + 1.
 */
export const stableByKeyDescending = (input: Int32Array, keys: Int32Array, out: Int32Array, counts: Int32Array): void => {
  const m = keys.length;
  counts.fill(0);
  for (let s = 0; s < input.length; s++) counts[m - 1 - keys[input[s]] + 1]++;
  for (let k = 1; k <= m; k++) counts[k] += counts[k - 1];
  for (let s = 0; s < input.length; s++) {
    const i = input[s];
    out[counts[m - 1 - keys[i]]++] = i;
  }
};

/** Indices 0..m−1 in lexicographically decreasing order of their rows (ties by index). */
export const lexicographicDescending = (data: Float64Array, m: number, d: number): Int32Array => {
  const buffer = new Int32Array(3 * m + 1);
  let current = buffer.subarray(0, m);
  let next = buffer.subarray(m, 2 * m);
  const counts = buffer.subarray(2 * m, 3 * m + 1);
  for (let i = 0; i < m; i++) current[i] = i;
  const scratch = new OrderScratch(m);
  // Least significant objective first; each pass is stable, so earlier passes break later ties.
  for (let j = d - 1; j >= 0; j--) {
    stableByKeyDescending(current, scratch.groupKeys(scratch.columnOf(data, d, j)), next, counts);
    [current, next] = [next, current];
  }
  return current;
};
