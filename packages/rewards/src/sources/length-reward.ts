import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { RewardConfigError, requireFinite, requireName } from '../reward-config-error.js';
import { RewardError } from '../reward-error.js';
import type { RewardItem, RewardSource } from '../reward-source.js';
import { checkItems, scoreEachSync } from '../score-validation.js';

/** What {@link lengthReward} counts: tokens (with a {@link TokenCounter}), words or code points. */
export type LengthUnit = 'tokens' | 'words' | 'characters';

/** Counts tokens in a text; used when `unit` is `'tokens'`. */
export type TokenCounter = (text: string) => number;

/** Options of {@link lengthReward}; each defaults to the paper's preset over words. */
export interface LengthRewardOptions {
  /** Source name (default `'length'`). */
  readonly name?: string;
  /** What a unit of length is. Words are whitespace-separated runs; characters are code points. */
  readonly unit?: LengthUnit;
  /** Required when `unit` is `'tokens'`. */
  readonly tokenizer?: TokenCounter;
  /** reward = clip(length · scale, min, max). */
  readonly scale?: number;
  /** Lower clip of the reward. */
  readonly min?: number;
  /** Upper clip of the reward. */
  readonly max?: number;
}

/** The paper's length objective: clip(l / 140, 70/140, 210/140). */
export const paperLengthPreset = { scale: 1 / 140, min: 70 / 140, max: 210 / 140 } as const;

/**
 * Rewards response length, clipped: `clip(length(response) · scale, min, max)`. Defaults to the
 * paper's preset over words.
 *
 * @example
 * const result = await lengthReward({ unit: 'words', scale: 1 / 10, min: 0, max: 1 }).score([{ prompt: 'q', response: 'one two three' }])();
 * // Right(Float64Array [0.3])
 */
export function lengthReward(options: LengthRewardOptions = {}): RewardSource {
  const name = requireName('name', options.name ?? 'length');
  const unit = options.unit ?? 'words';
  if (unit !== 'tokens' && unit !== 'words' && unit !== 'characters') {
    throw new RewardConfigError('unit', unit, "must be 'tokens', 'words' or 'characters'");
  }
  if (unit === 'tokens' && typeof options.tokenizer !== 'function') {
    throw new RewardConfigError('tokenizer', options.tokenizer, "a token-counting function is required when unit is 'tokens'");
  }
  const scale = requireFinite('scale', options.scale ?? paperLengthPreset.scale);
  const min = requireFinite('min', options.min ?? paperLengthPreset.min);
  const max = requireFinite('max', options.max ?? paperLengthPreset.max);
  if (min > max) throw new RewardConfigError('min', min, `must not exceed max (${max})`);
  const count = unit === 'tokens' ? (options.tokenizer as TokenCounter) : unit === 'words' ? countWords : countCodePoints;

  const scoreOne = (item: RewardItem, i: number): number | RewardError => {
    const length: unknown = count(item.response);
    if (typeof length !== 'number' || !Number.isFinite(length) || length < 0) {
      return new RewardError(
        name,
        { kind: 'bad-shape', field: 'tokenizer()', value: length, detail: 'must return a count ≥ 0' },
        { item: i },
      );
    }
    return Math.min(max, Math.max(min, length * scale));
  };
  const score = (items: ReadonlyArray<RewardItem>): TE.TaskEither<RewardError, Float64Array> =>
    pipe(
      TE.fromEither(checkItems(name, items)),
      TE.chainEitherK((checked) => scoreEachSync(name, checked, scoreOne)),
    );
  return { name, score };
}

/**
 * Words in a text: runs of non-whitespace (the `'words'` unit of {@link lengthReward}).
 *
 * @example
 * countWords('  one two\nthree '); // 3
 */
export function countWords(text: string): number {
  return text.match(/\S+/gu)?.length ?? 0;
}

/**
 * Unicode code points in a text (the `'characters'` unit of {@link lengthReward}); an emoji
 * outside the BMP counts once, not twice as `text.length` would.
 *
 * @example
 * countCodePoints('héllo 👋'); // 7
 */
export function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
