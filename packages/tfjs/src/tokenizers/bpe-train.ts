// Learning BPE merges from chunk counts. Each merge rewrites only the chunks that hold the merged
// pair and updates the pair counts by difference; a max-heap with lazy deletion finds the next
// most frequent pair. Ties go to the smaller (left id, right id), so the merges depend only on
// the chunk counts, never on the order the text arrived in.

/** Pair (a, b) of symbol ids as one number; ids stay below 2^16. */
const pairKey = (a: number, b: number): number => a * 65536 + b;

/** Max-heap of (count, key): larger count first, then smaller key. */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the top [count, key]. */
  pop(): [number, number] {
    const top: [number, number] = [this.counts[0], this.keys[0]];
    const lastCount = this.counts.pop() as number;
    const lastKey = this.keys.pop() as number;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.counts.length && this.before(l, best)) best = l;
        if (r < this.counts.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }
}

export interface LearnMergesOptions {
  /** Id of the first merged symbol; ids below it are the initial symbols. */
  readonly firstMergeId: number;
  /** Stop after this many merges. */
  readonly maxMerges: number;
  /** Stop when the most frequent pair occurs fewer times than this (≥ 1). */
  readonly minPairCount: number;
}

/**
 * Learns up to `maxMerges` merges over `chunks` (each a symbol sequence seen `count` times). Merge
 * k makes symbol firstMergeId + k from the pair returned at index k.
 */
export function learnMerges(
  chunks: ReadonlyArray<{ readonly symbols: readonly number[]; readonly count: number }>,
  options: LearnMergesOptions,
): Array<[number, number]> {
  const symbols = chunks.map((c) => [...c.symbols]);
  const freq = chunks.map((c) => c.count);
  const pairCount = new Map<number, number>();
  // Chunks that held the pair when it was counted; stale entries are skipped when visited.
  const pairChunks = new Map<number, number[]>();
  const note = (key: number, chunk: number) => {
    const list = pairChunks.get(key);
    if (list === undefined) pairChunks.set(key, [chunk]);
    else if (list[list.length - 1] !== chunk) list.push(chunk);
  };
  symbols.forEach((s, w) => {
    for (let i = 0; i + 1 < s.length; i++) {
      const key = pairKey(s[i], s[i + 1]);
      pairCount.set(key, (pairCount.get(key) ?? 0) + freq[w]);
      note(key, w);
    }
  });
  const heap = new PairHeap();
  for (const [key, count] of pairCount) heap.push(count, key);

  const merges: Array<[number, number]> = [];
  const visited = new Int32Array(symbols.length).fill(-1);
  const changed = new Set<number>();
  const add = (key: number, delta: number) => {
    const next = (pairCount.get(key) ?? 0) + delta;
    if (next === 0) pairCount.delete(key);
    else pairCount.set(key, next);
    changed.add(key);
  };

  while (merges.length < options.maxMerges && heap.size > 0) {
    const [count, key] = heap.pop();
    if (pairCount.get(key) !== count) continue; // stale entry
    if (count < options.minPairCount) break;
    const a = Math.floor(key / 65536);
    const b = key % 65536;
    const merged = options.firstMergeId + merges.length;
    merges.push([a, b]);
    changed.clear();
    const list = pairChunks.get(key) ?? [];
    pairChunks.delete(key);
    for (const w of list) {
      if (visited[w] === merged) continue;
      visited[w] = merged;
      const s = symbols[w];
      let holds = false;
      for (let i = 0; i + 1 < s.length && !holds; i++) holds = s[i] === a && s[i + 1] === b;
      if (!holds) continue;
      const f = freq[w];
      for (let i = 0; i + 1 < s.length; i++) add(pairKey(s[i], s[i + 1]), -f);
      const out: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(s[i]);
      }
      symbols[w] = out;
      for (let i = 0; i + 1 < out.length; i++) {
        const k = pairKey(out[i], out[i + 1]);
        add(k, f);
        // Only pairs touching the new symbol are new to this chunk.
        if (out[i] === merged || out[i + 1] === merged) note(k, w);
      }
    }
    for (const k of changed) {
      const c = pairCount.get(k);
      if (c !== undefined) heap.push(c, k);
    }
  }
  return merges;
}
