import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { RewardConfigError, requireFinite, requireName } from '../reward-config-error.js';
import type { RewardSource } from '../reward-source.js';
import { checkItems, scoreEachSync } from '../score-validation.js';

/** Options of `lexiconReward`: the source's name and its word weights. */
export interface LexiconRewardOptions {
  readonly name: string;
  /** Word → weight. Words are matched lower-cased, so give them lower-case. */
  readonly weights: ReadonlyMap<string, number>;
}

/**
 * Words as the lexicon sees them: lower-cased runs of letters, digits, apostrophes and hyphens.
 *
 * @example
 * lexiconWords("Don't STOP-me now!"); // ["don't", 'stop-me', 'now']
 */
export function lexiconWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

/**
 * Rewards the rate of listed words in the response: the sum of the weights of its words that are in
 * the lexicon, divided by its number of words (0 for an empty response). A list of harmful words
 * with weight -1 scores "the share of harmful words", negated.
 *
 * @example
 * const harm = lexiconReward({ name: 'harm', weights: new Map([['kill', -1]]) });
 * await harm.score([{ prompt: '', response: 'Kill the lights now' }])(); // Right(Float64Array [-0.25])
 */
export function lexiconReward(options: LexiconRewardOptions): RewardSource {
  const name = requireName('name', options.name);
  if (!(options.weights instanceof Map)) throw new RewardConfigError('weights', options.weights, 'must be a Map of word → weight');
  const weights = new Map<string, number>();
  for (const [word, weight] of options.weights) {
    if (typeof word !== 'string' || lexiconWords(word).join(' ') !== word) {
      throw new RewardConfigError(`weights[${JSON.stringify(word)}]`, word, 'must be one lower-case word');
    }
    weights.set(word, requireFinite(`weights[${JSON.stringify(word)}]`, weight));
  }
  if (weights.size === 0) throw new RewardConfigError('weights', options.weights, 'must list at least one word');
  const rate = (response: string): number => {
    const words = lexiconWords(response);
    if (words.length === 0) return 0;
    let sum = 0;
    for (const word of words) sum += weights.get(word) ?? 0;
    return sum / words.length;
  };
  return {
    name,
    score: (items) =>
      pipe(
        TE.fromEither(checkItems(name, items)),
        TE.chainEitherK((checked) => scoreEachSync(name, checked, (item) => rate(item.response))),
      ),
  };
}

/**
 * Parses a lexicon file: one entry a line, `word` (weight 1) or `word<whitespace>weight`; blank lines
 * and lines starting with `#` are skipped. Throws a RewardConfigError naming the line.
 *
 * @example
 * parseLexicon('# harmful\nkill -1\nhate -0.5\n'); // Map { 'kill' → -1, 'hate' → -0.5 }
 */
export function parseLexicon(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const field = `line ${i + 1}`;
    if (parts.length > 2) throw new RewardConfigError(field, line, 'must be a word, optionally followed by a weight');
    const word = parts[0].toLowerCase();
    if (lexiconWords(word).join(' ') !== word) throw new RewardConfigError(field, parts[0], 'must be one word');
    const weight = parts.length === 2 ? Number(parts[1]) : 1;
    if (!Number.isFinite(weight) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(parts[1] ?? '1')) {
      throw new RewardConfigError(field, parts[1], 'the weight must be a finite number');
    }
    if (weights.has(word)) throw new RewardConfigError(field, word, 'is listed twice');
    weights.set(word, weight);
  });
  if (weights.size === 0) throw new RewardConfigError('lexicon', text.slice(0, 40), 'lists no words');
  return weights;
}
