import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { RewardConfigError, requireName } from '../reward-config-error.js';
import { RewardError } from '../reward-error.js';
import type { RewardItem, RewardSource } from '../reward-source.js';
import { checkItems, checkScores } from '../score-validation.js';

/** Scores one item; may be sync or async. */
export type ItemScorer = (item: RewardItem, index: number) => number | PromiseLike<number>;
/** Scores a whole batch; may be sync or async; must return one number per item. */
export type BatchScorer = (items: ReadonlyArray<RewardItem>) => ArrayLike<number> | PromiseLike<ArrayLike<number>>;

export type FunctionRewardOptions =
  | { readonly name: string; readonly scoreItem: ItemScorer }
  | { readonly name: string; readonly scoreBatch: BatchScorer };

/**
 * Wraps a user's function as a source. Throws and rejections become `function-threw` (with the
 * item index for per-item scorers); non-finite results become `non-finite`.
 */
export function functionReward(options: FunctionRewardOptions): RewardSource {
  const name = requireName('name', options.name);
  if ('scoreItem' in options) {
    const fn = options.scoreItem;
    if (typeof fn !== 'function') throw new RewardConfigError('scoreItem', fn, 'must be a function');
    return { name, score: (items) => scoreEach(name, fn, items) };
  }
  const fn = options.scoreBatch;
  if (typeof fn !== 'function') throw new RewardConfigError('scoreBatch', fn, 'must be a function');
  return {
    name,
    score: (items) => async () => {
      const checked = checkItems(name, items);
      if (E.isLeft(checked)) return checked;
      let scores: ArrayLike<number>;
      try {
        scores = await fn(items);
      } catch (error) {
        return E.left(new RewardError(name, { kind: 'function-threw', error }));
      }
      return checkScores(name, scores, items.length);
    },
  };
}

function scoreEach(name: string, fn: ItemScorer, items: ReadonlyArray<RewardItem>): TaskEither<RewardError, Float64Array> {
  return async () => {
    const checked = checkItems(name, items);
    if (E.isLeft(checked)) return checked;
    const out = new Float64Array(items.length);
    for (let i = 0; i < items.length; i++) {
      let value: unknown;
      try {
        value = await fn(items[i], i);
      } catch (error) {
        return E.left(new RewardError(name, { kind: 'function-threw', error }, { item: i }));
      }
      if (typeof value !== 'number') {
        return E.left(new RewardError(name, { kind: 'bad-shape', field: `scores[${i}]`, detail: `expected a number, got ${typeof value}` }, { item: i }));
      }
      if (!Number.isFinite(value)) return E.left(new RewardError(name, { kind: 'non-finite', value }, { item: i }));
      out[i] = value;
    }
    return E.right(out);
  };
}
