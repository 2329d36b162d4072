// Pre-training of the transformer on the corpus, or its cached result when nothing changed.
// `pama pretrain --out DIR` writes the cache entry into DIR; `pama align --pretrained DIR` reads it
// from there and never pre-trains (a missing entry is an error naming what differs).
import { dirname, join, resolve } from 'node:path';
import {
  createPolicyValueModel,
  createRng,
  pretrainLanguageModel,
  savePolicy,
  type Tokenizer,
  type TransformerConfig,
  type WeightMap,
} from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { pretrainCacheKey, pretrainCachePath, readPretrainCache, writePretrainCache } from './pretrain-cache.js';
import { startPhase } from '../progress/phase-progress.js';
import { ExperimentError } from '../experiment-error.js';
import { policyMetadata } from './policy-metadata.js';

export interface PretrainOutcome {
  readonly weights: WeightMap;
  readonly finalLoss: number | null;
  readonly cached: boolean;
  readonly seconds: number;
  /** The cache file holding the weights (worker processes load them from here). */
  readonly cachePath: string;
  /** The cache key: a hash of corpus, tokenizer, model size, pre-training config and backend. */
  readonly key: string;
}

export interface PretrainSource {
  /** Where the cache entry is read and written; default cacheDirFor(config, outDir). */
  readonly cacheDir?: string;
  /** Use the cached model or fail, never pre-train (`--pretrained DIR`): returns the error for a miss of `key`. */
  readonly requireCached?: (key: string) => string;
}

export function cacheDirFor(config: AlignConfig, outDir: string): string {
  return config.cacheDir ?? resolve(dirname(resolve(outDir)), '.pama-cache');
}

/** Where the pre-trained model is saved in TensorFlow.js's format, under the out dir. */
export const PRETRAINED_POLICY_DIR = 'pretrained';

/**
 * Pre-trains (or reuses the cached model), then saves the pre-trained model as OUT/pretrained
 * (model.json, weights, tokenizer.json) for `pama generate` / `pama eval`.
 */
export async function pretrainPhase(...args: Parameters<typeof pretrainOrReuse>): Promise<PretrainOutcome> {
  const outcome = await pretrainOrReuse(...args);
  const [config, outDir, modelConfig, tokenizer] = args;
  const model = createPolicyValueModel(modelConfig, { seed: config.pretrain.seed });
  try {
    model.importWeights(outcome.weights);
    await savePolicy(join(outDir, PRETRAINED_POLICY_DIR), model, tokenizer, {
      metadata: policyMetadata(config, { kind: 'pretrained', steps: config.pretrain.steps, finalLoss: outcome.finalLoss }),
    });
  } finally {
    model.dispose();
  }
  return outcome;
}

async function pretrainOrReuse(
  config: AlignConfig,
  outDir: string,
  modelConfig: TransformerConfig,
  tokenizer: Tokenizer,
  corpusHash: string,
  sequences: ReadonlyArray<readonly number[]>,
  backend: string,
  source: PretrainSource = {},
): Promise<PretrainOutcome> {
  const started = Date.now();
  const key = pretrainCacheKey({
    corpusHash,
    tokenizer: tokenizer.toJSON(),
    modelConfig,
    pretrainConfig: config.pretrain,
    extra: { backend },
  });
  const cachePath = pretrainCachePath(source.cacheDir ?? cacheDirFor(config, outDir), key);
  // A pre-trained directory (--pretrained) is never recomputed, so its unusable entry is the error itself.
  let unusable: string | undefined;
  const keepLine = (line: string): void => {
    unusable = line;
  };
  const cached = readPretrainCache(cachePath, source.requireCached ? keepLine : undefined);
  if (cached) {
    process.stdout.write(`pre-training: reusing cached model ${cachePath} (final loss ${cached.finalLoss?.toFixed(3) ?? 'n/a'})\n`);
    return { weights: cached.weights, finalLoss: cached.finalLoss, cached: true, seconds: (Date.now() - started) / 1000, cachePath, key };
  }
  if (source.requireCached) {
    if (unusable !== undefined)
      throw new ExperimentError(
        `--pretrained: ${unusable.replace(/^ignoring pre-training cache entry /, '').replace(/; it is recomputed$/, '')}; pre-train it again with pama pretrain --out ${source.cacheDir}`,
      );
    throw new ExperimentError(source.requireCached(key));
  }
  const model = createPolicyValueModel(modelConfig, { seed: config.pretrain.seed });
  try {
    const bar = startPhase('pre-training', config.pretrain.steps);
    const losses: number[] = [];
    await pretrainLanguageModel(model, sequences, {
      steps: config.pretrain.steps,
      batchSize: config.pretrain.batchSize,
      learningRate: config.pretrain.learningRate,
      rng: createRng(config.pretrain.seed),
      onStep: (step: number, loss: number) => {
        losses.push(loss);
        bar.update(step + 1, `loss ${loss.toFixed(3)}`);
      },
    });
    const finalLoss = losses.length > 0 ? losses[losses.length - 1] : null;
    bar.finish(`final loss ${finalLoss?.toFixed(3) ?? 'n/a'}`);
    const weights = await model.exportWeights();
    writePretrainCache(cachePath, { weights, finalLoss, losses });
    return { weights, finalLoss, cached: false, seconds: (Date.now() - started) / 1000, cachePath, key };
  } finally {
    model.dispose();
  }
}
