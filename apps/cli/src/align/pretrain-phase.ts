// Pre-training of the transformer on the corpus, or its cached result when nothing changed.
import { dirname, resolve } from 'node:path';
import { createPolicyValueModel, createRng, pretrainLanguageModel, type Tokenizer, type TransformerConfig, type WeightMap } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { pretrainCacheKey, pretrainCachePath, readPretrainCache, writePretrainCache } from './pretrain-cache.js';
import { startPhase } from '../progress/phase-progress.js';

export interface PretrainOutcome {
  readonly weights: WeightMap;
  readonly finalLoss: number | null;
  readonly cached: boolean;
  readonly seconds: number;
  readonly cachePath: string;
}

export function cacheDirFor(config: AlignConfig, outDir: string): string {
  return config.cacheDir ?? resolve(dirname(resolve(outDir)), '.pama-cache');
}

export async function pretrainPhase(
  config: AlignConfig,
  outDir: string,
  modelConfig: TransformerConfig,
  tokenizer: Tokenizer,
  corpusHash: string,
  sequences: ReadonlyArray<readonly number[]>,
  backend: string,
): Promise<PretrainOutcome> {
  const started = Date.now();
  const key = pretrainCacheKey({ corpusHash, tokenizer: tokenizer.toJSON(), modelConfig, pretrainConfig: config.pretrain, extra: { backend } });
  const cachePath = pretrainCachePath(cacheDirFor(config, outDir), key);
  const cached = readPretrainCache(cachePath);
  if (cached) {
    process.stdout.write(`pre-training: reusing cached model ${cachePath} (final loss ${cached.finalLoss?.toFixed(3) ?? 'n/a'})\n`);
    return { weights: cached.weights, finalLoss: cached.finalLoss, cached: true, seconds: (Date.now() - started) / 1000, cachePath };
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
    return { weights, finalLoss, cached: false, seconds: (Date.now() - started) / 1000, cachePath };
  } finally {
    model.dispose();
  }
}
