import * as E from 'fp-ts/lib/Either.js';
import { RewardError } from './reward-error.js';
import type { RewardItem } from './reward-source.js';

/** Checks that every item is `{ prompt: string, response: string }`, naming the first bad field. */
export function checkItems(source: string, items: ReadonlyArray<RewardItem>): E.Either<RewardError, ReadonlyArray<RewardItem>> {
  if (!Array.isArray(items)) return E.left(new RewardError(source, { kind: 'bad-input', field: 'items', value: items }));
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (typeof item !== 'object' || item === null) {
      return E.left(new RewardError(source, { kind: 'bad-input', field: `items[${i}]`, value: item }, { item: i }));
    }
    for (const field of ['prompt', 'response'] as const) {
      const value = (item as Record<string, unknown>)[field];
      if (typeof value !== 'string') {
        return E.left(new RewardError(source, { kind: 'bad-input', field: `items[${i}].${field}`, value }, { item: i }));
      }
    }
  }
  return E.right(items);
}

/**
 * Checks a source's output: a Float64Array-convertible list of exactly `expected` finite numbers.
 * Returns a fresh Float64Array so that no caller shares a buffer with the source.
 */
export function checkScores(source: string, scores: unknown, expected: number): E.Either<RewardError, Float64Array> {
  if (!(scores instanceof Float64Array) && !Array.isArray(scores) && !ArrayBuffer.isView(scores)) {
    return E.left(new RewardError(source, { kind: 'bad-shape', field: 'scores', detail: `expected an array of numbers, got ${typeof scores}` }));
  }
  const list = scores as ArrayLike<unknown>;
  if (list.length !== expected) {
    return E.left(
      new RewardError(source, { kind: 'bad-shape', field: 'scores', detail: `expected ${expected} scores (one per item), got ${list.length}` }),
    );
  }
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const value = list[i];
    if (typeof value !== 'number') {
      return E.left(
        new RewardError(source, { kind: 'bad-shape', field: `scores[${i}]`, detail: `expected a number, got ${typeof value}` }, { item: i }),
      );
    }
    if (!Number.isFinite(value)) return E.left(new RewardError(source, { kind: 'non-finite', value }, { item: i }));
    out[i] = value;
  }
  return E.right(out);
}
