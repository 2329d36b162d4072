import { scoreAll, type RewardError, type RewardItem, type RewardSource } from 'pama-rewards';

/**
 * Scores `items` with every source into a B×N row-major matrix, in slices of at most `sliceChars`
 * characters of text (at least one item each), yielding to the event loop between slices.
 *
 * Built-in sources are synchronous CPU work; scored in one call, a large request would hold the
 * event loop for seconds, and health checks, other requests and shutdown would wait behind it.
 * With a per-item length cap, one slice is bounded work, so nothing waits longer than one slice.
 * Sources see a request as several batches; every built-in source scores items independently.
 * `beforeSlice` (default: one event-loop turn) runs before every slice.
 *
 * @example
 * const scores = await scoreInSlices([lengthReward()], items, 16_384);
 * if (scores.ok) scores.scores; // Float64Array of items.length × 1
 */
export async function scoreInSlices(
  sources: ReadonlyArray<RewardSource>,
  items: ReadonlyArray<RewardItem>,
  sliceChars: number,
  beforeSlice: () => Promise<void> = yieldToEventLoop,
): Promise<{ readonly ok: true; readonly scores: Float64Array } | { readonly ok: false; readonly error: RewardError }> {
  const n = sources.length;
  const out = new Float64Array(items.length * n);
  let start = 0;
  while (start < items.length) {
    let end = start;
    let chars = 0;
    do {
      chars += items[end].prompt.length + items[end].response.length;
      end++;
    } while (end < items.length && chars + items[end].prompt.length + items[end].response.length <= sliceChars);
    await beforeSlice();
    const result = await scoreAll(sources, items.slice(start, end))();
    if (result._tag === 'Left') return { ok: false, error: result.left.shifted(start) };
    out.set(result.right.data, start * n);
    start = end;
  }
  return { ok: true, scores: out };
}

/** Lets pending I/O (new requests, health checks, signals) run before the next slice. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
