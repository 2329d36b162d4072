// Validation of TransformerConfig and the two sizes the CLI uses.
import type { TransformerConfig } from '../contracts.js';
import { ModelInputError, requireInteger } from './model-errors.js';

const SIZE_FIELDS = ['vocabSize', 'contextLength', 'dModel', 'nHeads', 'nLayers', 'dMlp'] as const;

/**
 * Returns `config` unchanged when every size is a positive integer, nValueHeads a non-negative one
 * (0: a policy-only model) and dModel divides by nHeads; else throws ModelInputError.
 *
 * @example
 * validateTransformerConfig({ ...DEFAULT_MODEL_CONFIG, nHeads: 3 }); // throws: config.dModel: must be divisible by config.nHeads = 3 (got 64)
 */
export function validateTransformerConfig(config: TransformerConfig): TransformerConfig {
  if (config === null || typeof config !== 'object') {
    throw new ModelInputError('config', config, 'must be an object');
  }
  for (const field of SIZE_FIELDS) {
    requireInteger(`config.${field}`, config[field], 1);
  }
  requireInteger('config.nValueHeads', config.nValueHeads, 0);
  if (config.vocabSize < 2) {
    throw new ModelInputError('config.vocabSize', config.vocabSize, 'must be at least 2');
  }
  if (config.dModel % config.nHeads !== 0) {
    throw new ModelInputError('config.dModel', config.dModel, `must be divisible by config.nHeads = ${config.nHeads}`);
  }
  return config;
}

/**
 * Default size: a 2000-word vocabulary, 2 pre-LN layers of width 64 with 4 heads, MLP width 128 and
 * a 32-token context (prompt + response). The tied LM head (2000 × 64) is most of the compute, so
 * the vocabulary is the lever; measurements in docs/bench/tfjs-model.md. vocabSize is the upper
 * bound the tokenizer is built with; callers set it to the tokenizer's actual size.
 */
export const DEFAULT_MODEL_CONFIG: TransformerConfig = Object.freeze({
  vocabSize: 2000,
  contextLength: 32,
  dModel: 64,
  nHeads: 4,
  nLayers: 2,
  dMlp: 128,
  nValueHeads: 2,
});

/** The `--quick` size: an 800-word vocabulary, one layer of width 32, a 24-token context. */
export const QUICK_MODEL_CONFIG: TransformerConfig = Object.freeze({
  vocabSize: 800,
  contextLength: 24,
  dModel: 32,
  nHeads: 2,
  nLayers: 1,
  dMlp: 64,
  nValueHeads: 2,
});
