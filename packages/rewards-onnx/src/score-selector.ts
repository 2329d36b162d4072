// Which number of a classifier's output row is the reward: a label's probability, or a raw logit.
import { ClassifierError } from './classifier-error.js';
import type { ProblemType } from './classifier-folder.js';

/** How a row of logits becomes a score: `label` (its probability) or `logit` (a raw output, by label or index). */
export interface ScoreChoice {
  /** The probability of this label: softmax over the outputs, or sigmoid for multi-label and one-output models. */
  readonly label?: string;
  /** This raw output, by label or index (a scalar reward model's only output is `0`). */
  readonly logit?: string | number;
}

/** A chosen score: what it reads from a row of logits, and how to say it. */
export interface ScoreSelector {
  /** The score of one row of logits. */
  readonly select: (row: ArrayLike<number>) => number;
  /** `probability of POSITIVE`, `logit 0 (LABEL_0)`. */
  readonly describe: string;
}

/**
 * Resolves `label`/`logit` against a model's labels. Probabilities follow transformers'
 * text-classification pipeline: sigmoid when the model is multi-label or has one output, softmax
 * otherwise. With neither option, a one-output model (a scalar reward model) gives its logit.
 *
 * @example
 * scoreSelector('models/sst2', ['NEGATIVE', 'POSITIVE'], undefined, { label: 'POSITIVE' }).select([0, Math.log(3)]); // 0.75
 */
export function scoreSelector(
  dir: string,
  labels: readonly string[],
  problemType: ProblemType | undefined,
  choice: ScoreChoice,
): ScoreSelector {
  const known = `${labels.join(', ')} (config.json id2label)`;
  if (choice.label !== undefined && choice.logit !== undefined) {
    throw new ClassifierError(dir, 'label', choice.label, 'give label (a probability) or logit (a raw output), not both');
  }
  if (choice.label !== undefined) {
    const index = labels.indexOf(choice.label);
    if (index < 0) throw new ClassifierError(dir, 'label', choice.label, `not a label of this model: ${known}`);
    if (problemType === 'regression')
      throw new ClassifierError(dir, 'label', choice.label, 'a regression model has scores, not probabilities: use logit');
    const sigmoid = problemType === 'multi_label_classification' || labels.length === 1;
    return {
      select: sigmoid ? (row) => 1 / (1 + Math.exp(-row[index])) : (row) => softmaxAt(row, index),
      describe: `probability of ${choice.label}`,
    };
  }
  let index: number;
  if (choice.logit === undefined) {
    if (labels.length !== 1)
      throw new ClassifierError(
        dir,
        'label',
        undefined,
        `this model has ${labels.length} outputs: choose one with label (a probability) or logit; labels: ${known}`,
      );
    index = 0;
  } else if (typeof choice.logit === 'number') {
    index = choice.logit;
    if (!Number.isInteger(index) || index < 0 || index >= labels.length) {
      throw new ClassifierError(dir, 'logit', choice.logit, `an output index from 0 to ${labels.length - 1}, or a label: ${known}`);
    }
  } else {
    index = labels.indexOf(choice.logit);
    if (index < 0) throw new ClassifierError(dir, 'logit', choice.logit, `not a label of this model: ${known}`);
  }
  return { select: (row) => row[index], describe: `logit ${index} (${labels[index]})` };
}

/** softmax(row)[index], shifted by the maximum so that large logits do not overflow. */
function softmaxAt(row: ArrayLike<number>, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return Math.exp(row[index] - max) / sum;
}
