// A classifier folder as a pama-rewards source: each (prompt, response) is scored by one number of
// the model's output (a label's probability or a raw logit), the response alone or the pair.
import { functionReward, RewardConfigError, type RewardItem, type RewardSource } from 'pama-rewards';
import { loadPreparedClassifier, prepareClassifier, type Classifier, type ClassifierOptions } from './classifier.js';
import { scoreSelector, type ScoreChoice } from './score-selector.js';

/** What the source scores and how: the model (a folder, or one already loaded) and the score. */
export type ClassifierRewardOptions = ScoreChoice & {
  /** Source name (the objective it scores). */
  readonly name: string;
  /** Score the (prompt, response) pair, as reward models trained on pairs expect (default: the response alone). */
  readonly pair?: boolean;
} & (({ readonly dir: string } & ClassifierOptions) | { readonly classifier: Classifier });

/** A classifier reward source: a `RewardSource` that also says what it reads and can be loaded ahead of use. */
export interface ClassifierRewardSource extends RewardSource {
  /** The classifier folder, absolute. */
  readonly dir: string;
  /** Every file the source reads, absolute: what identifies the model on disk. */
  readonly files: readonly string[];
  /** What the score is: `probability of POSITIVE`, `logit 0 (LABEL_0)`. */
  readonly describe: string;
  /** Loads the model now (once; a failed load is retried on the next call); rejects with a `ClassifierError`. */
  load(): Promise<Classifier>;
}

/**
 * A Hugging Face sequence classifier or scalar reward model, exported to ONNX in a local folder, as
 * a reward source. The folder, the tokenizer and the options are checked when the source is built
 * (a `ClassifierError` is thrown); the model is loaded and probed on first use or on `load()`, and a
 * failure to load becomes the batch's `function-threw` error, whose `error` is the `ClassifierError`.
 *
 * @example
 * const positive = classifierReward({ name: 'positive', dir: 'models/distilbert-sst2', label: 'POSITIVE' });
 * const helpful = classifierReward({ name: 'helpful', dir: 'models/reward-model', pair: true, maxLength: 64 });
 * positive.describe; // 'probability of POSITIVE'
 * helpful.describe; // 'logit 0 (LABEL_0)'
 * const result = await positive.score([{ prompt: 'How was the concert?', response: 'What a wonderful, joyful evening!' }])();
 * result._tag === 'Right' && result.right[0] > 0.5; // true
 */
export function classifierReward(options: ClassifierRewardOptions): ClassifierRewardSource {
  if (typeof options.pair !== 'boolean' && options.pair !== undefined)
    throw new RewardConfigError('pair', options.pair, 'must be true or false');
  const { load, dir, files, labels, problemType } = loaderOf(options);
  const { select, describe } = scoreSelector(dir, labels, problemType, options);
  const pair = options.pair ?? false;
  const toInput = pair
    ? (item: RewardItem) => ({ text: item.prompt, pair: item.response })
    : (item: RewardItem) => ({ text: item.response });
  const source = functionReward({
    name: options.name,
    scoreBatch: async (items) => {
      const classifier = await load();
      const rows = await classifier.logits(items.map(toInput));
      return rows.map(select);
    },
  });
  return { name: source.name, score: source.score, dir, files, describe, load };
}

function loaderOf(options: ClassifierRewardOptions) {
  if ('classifier' in options) {
    const classifier = options.classifier;
    return { ...classifier, load: () => Promise.resolve(classifier) };
  }
  const prepared = prepareClassifier(options.dir, options);
  let loading: Promise<Classifier> | undefined;
  const load = (): Promise<Classifier> => {
    loading ??= loadPreparedClassifier(prepared).catch((error: unknown) => {
      loading = undefined; // a folder fixed on disk loads on the next attempt
      throw error;
    });
    return loading;
  };
  const { dir, files, labels, problemType } = prepared.folder;
  return { load, dir, files, labels, problemType };
}
