// Batched autoregressive sampling. With a model that supports it, keys and values of past
// positions are cached so each new token costs one position's forward pass, not the whole prefix.
import * as tf from '@tensorflow/tfjs-core';
import type { GenerateOptions, Generation, PolicyValueModel } from '../contracts.js';
import type { KeyValueCache } from '../models/attention.js';
import { ModelInputError, requireInteger, requirePositiveFinite } from '../models/model-errors.js';
import { sampleToken } from './token-sampling.js';
import { isIncrementalDecoder } from '../models/transformer.js';

/** Options of {@link generate}. */
export interface SamplingOptions extends GenerateOptions {
  /** Use the key/value cache when the model supports it (default true); false recomputes the prefix each step. */
  readonly useKeyValueCache?: boolean;
}

function validate(model: PolicyValueModel, prompts: readonly (readonly number[])[], options: SamplingOptions): number {
  if (!Array.isArray(prompts) || prompts.length === 0) {
    throw new ModelInputError('prompts', prompts, 'must be a non-empty array of token arrays');
  }
  const promptLength = prompts[0]?.length;
  requireInteger('prompts[0].length', promptLength, 1);
  const vocab = model.config.vocabSize;
  prompts.forEach((prompt, b) => {
    if (!Array.isArray(prompt) || prompt.length !== promptLength) {
      throw new ModelInputError(`prompts[${b}].length`, prompt?.length, `must equal prompts[0].length = ${promptLength}`);
    }
    prompt.forEach((id, t) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocab) {
        throw new ModelInputError(`prompts[${b}][${t}]`, id, `must be an integer token id in [0, ${vocab})`);
      }
    });
  });
  requireInteger('options.maxNewTokens', options.maxNewTokens, 1);
  if (promptLength + options.maxNewTokens > model.config.contextLength) {
    throw new ModelInputError(
      'options.maxNewTokens',
      options.maxNewTokens,
      `plus the prompt length ${promptLength} must be <= config.contextLength = ${model.config.contextLength}`,
    );
  }
  requirePositiveFinite('options.temperature', options.temperature);
  requireInteger('options.topK', options.topK, 0);
  for (const field of ['eosId', 'padId'] as const) {
    const id = options[field];
    if (id !== undefined && (!Number.isInteger(id) || id < 0 || id >= vocab)) {
      throw new ModelInputError(`options.${field}`, id, `must be an integer token id in [0, ${vocab})`);
    }
  }
  (options.stopIds ?? []).forEach((id, k) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocab)
      throw new ModelInputError(`options.stopIds[${k}]`, id, `must be an integer token id in [0, ${vocab})`);
  });
  if (!options.rng || typeof options.rng.nextFloat !== 'function') {
    throw new ModelInputError('options.rng', options.rng, 'must be an Rng');
  }
  return promptLength;
}

/**
 * Reads a position's B×V logits back and disposes them. The next token is drawn in JavaScript from
 * the caller's seeded Rng (so runs reproduce on every backend), and it is the next position's input.
 */
async function readAndDispose(tensor: tf.Tensor): Promise<Float32Array> {
  // GPU→CPU read: once per position, for the whole batch.
  const data = (await tensor.data()) as Float32Array;
  tensor.dispose();
  return data;
}

/**
 * Samples up to `maxNewTokens` tokens after each prompt (all prompts of one length P). A row stops
 * after `eosId` (or one of `stopIds`), which is kept; later positions hold `padId` (default 0). Each
 * token's log-probability under the model (before temperature) comes back too. Reproducible: the same
 * model, prompts and Rng state give the same tokens, and the Rng advances by one draw per sampled
 * token of an unfinished row (none for topK = 1).
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 1 }, { seed: 1 });
 * const generation = await generate(model, [[1, 17, 42]], { maxNewTokens: 8, temperature: 1, topK: 0, rng: createRng(1) });
 * generation.tokens.length; // 11 (one row: 3 prompt tokens and 8 sampled)
 */
export async function generate(
  model: PolicyValueModel,
  prompts: readonly (readonly number[])[],
  options: SamplingOptions,
): Promise<Generation> {
  const promptLength = validate(model, prompts, options);
  const { maxNewTokens, temperature, topK, eosId, rng } = options;
  const padId = options.padId ?? 0;
  const batch = prompts.length;
  const width = promptLength + maxNewTokens;
  const vocab = model.config.vocabSize;
  const tokens = new Int32Array(batch * width).fill(padId);
  prompts.forEach((prompt, b) => tokens.set(prompt, b * width));
  const responseMask = new Float32Array(batch * maxNewTokens);
  const responseLengths = new Int32Array(batch);
  const logProbs = new Float32Array(batch * maxNewTokens);
  const stops = new Set([...(eosId === undefined ? [] : [eosId]), ...(options.stopIds ?? [])]);
  const finished = new Uint8Array(batch);
  const useCache = options.useKeyValueCache !== false && isIncrementalDecoder(model);

  let cache: KeyValueCache[] | undefined;
  const disposeCache = (): void => {
    cache?.forEach((c) => tf.dispose([c.keys, c.values]));
    cache = undefined;
  };
  try {
    for (let step = 0; step < maxNewTokens; step++) {
      const position = promptLength + step; // where the sampled token goes
      let logits: Float32Array;
      if (useCache && isIncrementalDecoder(model)) {
        const start = step === 0 ? 0 : position - 1;
        const input = new Int32Array(batch * (position - start));
        for (let b = 0; b < batch; b++) input.set(tokens.subarray(b * width + start, b * width + position), b * (position - start));
        const past = cache;
        // tidy keeps what it returns: the new logits and the grown caches (flattened, as tidy wants).
        const [stepLogits, ...kv] = tf.tidy(() => {
          const decoded = model.decodeWithCache(tf.tensor2d(input, [batch, position - start], 'int32'), past);
          const [, l, d] = decoded.hidden.shape;
          const last = tf.slice(decoded.hidden, [0, l - 1, 0], [batch, 1, d]);
          return [model.logitsFromHidden(last) as tf.Tensor, ...decoded.cache.flatMap((c) => [c.keys, c.values])];
        });
        disposeCache();
        cache = [];
        for (let i = 0; i < kv.length; i += 2) cache.push({ keys: kv[i] as tf.Tensor4D, values: kv[i + 1] as tf.Tensor4D });
        logits = await readAndDispose(stepLogits);
      } else {
        const prefix = new Int32Array(batch * position);
        for (let b = 0; b < batch; b++) prefix.set(tokens.subarray(b * width, b * width + position), b * position);
        logits = await readAndDispose(
          tf.tidy(() => {
            const hidden = model.hidden(tf.tensor2d(prefix, [batch, position], 'int32'));
            const last = tf.slice(hidden, [0, position - 1, 0], [batch, 1, hidden.shape[2]]);
            return model.logitsFromHidden(last);
          }),
        );
      }
      for (let b = 0; b < batch; b++) {
        if (finished[b]) continue;
        const row = logits.subarray(b * vocab, (b + 1) * vocab);
        let max = -Infinity;
        for (let i = 0; i < vocab; i++) {
          if (!Number.isFinite(row[i])) throw new ModelInputError(`logits[${b}][${i}]`, row[i], 'must be finite (model weights diverged?)');
          if (row[i] > max) max = row[i];
        }
        let total = 0;
        for (let i = 0; i < vocab; i++) total += Math.exp(row[i] - max);
        const token = sampleToken(row, temperature, topK, rng);
        tokens[b * width + position] = token;
        responseMask[b * maxNewTokens + step] = 1;
        logProbs[b * maxNewTokens + step] = row[token] - max - Math.log(total);
        responseLengths[b]++;
        if (stops.has(token)) finished[b] = 1;
      }
      if (finished.every((f) => f === 1)) break;
    }
  } finally {
    disposeCache();
  }
  return { tokens, batchSize: batch, promptLength, maxNewTokens, responseMask, responseLengths, logProbs };
}
