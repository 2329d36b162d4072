// Supervised pre-training: next-token cross-entropy with Adam on random windows of the corpus,
// so the policy speaks the corpus's language before alignment starts.
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyValueModel, Rng } from '../contracts.js';
import { languageModelLoss } from './language-model-loss.js';
import { ModelInputError, requireInteger, requirePositiveFinite } from '../models/model-errors.js';

/** Options of {@link pretrainLanguageModel}. */
export interface PretrainOptions {
  /** Adam steps. */
  readonly steps: number;
  /** Windows per step. */
  readonly batchSize: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** Chooses the windows; pass a seeded Rng for reproducible runs. */
  readonly rng: Rng;
  /** Window length in tokens (default and maximum: config.contextLength). */
  readonly windowLength?: number;
  /** Called after each step with its batch loss (nats per token), e.g. to print progress. */
  readonly onStep?: (step: number, loss: number) => void;
}

/** What {@link pretrainLanguageModel} reports. */
export interface PretrainResult {
  /** Training loss (nats per token) of each step's batch, before that step's update. */
  readonly losses: number[];
}

/** All sequences end to end: windows may span a boundary, as in standard LM pre-training. */
function concatenate(sequences: readonly (readonly number[])[], vocab: number): Int32Array {
  if (!Array.isArray(sequences)) throw new ModelInputError('sequences', sequences, 'must be an array of token arrays');
  const total = sequences.reduce((n, s) => n + (Array.isArray(s) ? s.length : 0), 0);
  const stream = new Int32Array(total);
  let offset = 0;
  sequences.forEach((sequence, i) => {
    if (!Array.isArray(sequence)) throw new ModelInputError(`sequences[${i}]`, sequence, 'must be an array of token ids');
    sequence.forEach((id, t) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocab) {
        throw new ModelInputError(`sequences[${i}][${t}]`, id, `must be an integer token id in [0, ${vocab})`);
      }
    });
    stream.set(sequence, offset);
    offset += sequence.length;
  });
  return stream;
}

function windowLengthFor(model: PolicyValueModel, requested: number | undefined, streamLength: number): number {
  const max = model.config.contextLength;
  const length = requested === undefined ? max : requireInteger('options.windowLength', requested, 2);
  if (length > max) throw new ModelInputError('options.windowLength', length, `must be <= config.contextLength = ${max}`);
  if (streamLength < 2) throw new ModelInputError('sequences', streamLength, 'must hold at least 2 tokens in total');
  return Math.min(length, streamLength);
}

/**
 * Trains every non-value-head variable of `model` in place; yields to the event loop between steps.
 *
 * @example
 * const corpus = ['the cat sat on the mat', 'the dog sat on the log'];
 * const tokenizer = buildWordTokenizer(corpus, { maxVocab: 50 });
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: tokenizer.vocabSize, nValueHeads: 1 }, { seed: 1 });
 * const sequences = corpus.map((text) => [tokenizer.bosId, ...tokenizer.encode(text), tokenizer.eosId]);
 * const { losses } = await pretrainLanguageModel(model, sequences, { steps: 20, batchSize: 2, learningRate: 3e-3, rng: createRng(1) });
 * losses.length; // 20
 * losses[19] < losses[0]; // true
 */
export async function pretrainLanguageModel(
  model: PolicyValueModel,
  sequences: readonly (readonly number[])[],
  options: PretrainOptions,
): Promise<PretrainResult> {
  const steps = requireInteger('options.steps', options.steps, 0);
  const batchSize = requireInteger('options.batchSize', options.batchSize, 1);
  const learningRate = requirePositiveFinite('options.learningRate', options.learningRate);
  const stream = concatenate(sequences, model.config.vocabSize);
  const window = windowLengthFor(model, options.windowLength, stream.length);
  const { rng } = options;
  const valueHeads = new Set(model.valueHeadVariables);
  const variables = model.trainableVariables.filter((v) => !valueHeads.has(v));
  if (variables.length === 0) throw new ModelInputError('model', 'frozen', 'has no trainable variables (a cloneFrozen copy?)');
  const optimizer = tf.train.adam(learningRate);
  const losses: number[] = [];
  const batch = new Int32Array(batchSize * window);
  try {
    for (let step = 0; step < steps; step++) {
      for (let b = 0; b < batchSize; b++) {
        const start = Math.floor(rng.nextFloat() * (stream.length - window + 1));
        batch.set(stream.subarray(start, start + window), b * window);
      }
      const tokens = tf.tensor2d(batch, [batchSize, window], 'int32');
      const loss = optimizer.minimize(() => languageModelLoss(model, tokens), true, variables);
      tokens.dispose();
      // GPU→CPU read: the loss is reported and checked for NaN once per step.
      const value = (await loss!.data())[0];
      loss!.dispose();
      if (!Number.isFinite(value)) {
        throw new ModelInputError(`loss at step ${step}`, value, 'must be finite (lower options.learningRate?)');
      }
      losses.push(value);
      options.onStep?.(step, value);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
  return { losses };
}

/**
 * Mean next-token loss over consecutive windows covering the whole corpus (for held-out evaluation).
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 1 }, { seed: 1 });
 * const heldOutLoss = await evaluateLanguageModel(model, [[1, 7, 9, 2], [1, 4, 2]]);
 * Number.isFinite(heldOutLoss); // true
 */
export async function evaluateLanguageModel(
  model: PolicyValueModel,
  sequences: readonly (readonly number[])[],
  options: { readonly batchSize?: number; readonly windowLength?: number } = {},
): Promise<number> {
  const batchSize = requireInteger('options.batchSize', options.batchSize ?? 16, 1);
  const stream = concatenate(sequences, model.config.vocabSize);
  const window = windowLengthFor(model, options.windowLength, stream.length);
  // Windows overlap by one token so every token after the first is predicted exactly once.
  const starts: number[] = [];
  for (let s = 0; s + window <= stream.length; s += window - 1) starts.push(s);
  const losses: tf.Scalar[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < starts.length; i += batchSize) {
    const chunk = starts.slice(i, i + batchSize);
    const data = new Int32Array(chunk.length * window);
    chunk.forEach((s, b) => data.set(stream.subarray(s, s + window), b * window));
    losses.push(tf.tidy(() => languageModelLoss(model, tf.tensor2d(data, [chunk.length, window], 'int32'))));
    sizes.push(chunk.length);
  }
  // GPU→CPU read: every chunk's loss in one read at the end.
  const stacked = tf.stack(losses);
  const values = await stacked.data();
  tf.dispose([stacked, ...losses]);
  let weighted = 0;
  let count = 0;
  sizes.forEach((size, k) => {
    weighted += values[k] * size;
    count += size;
  });
  return weighted / count;
}
