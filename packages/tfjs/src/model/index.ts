// Model, tokenizer, sampling, backends and pre-training.
export { ModelInputError } from './model-errors.js';
export { createRng, nextStandardNormal, XOSHIRO_ALGORITHM } from './rng-xoshiro.js';
export { DEFAULT_MODEL_CONFIG, QUICK_MODEL_CONFIG, validateTransformerConfig } from './transformer-config.js';
export { createPolicyValueModel, parameterCount, isIncrementalDecoder } from './transformer.js';
export type { CreateModelOptions, IncrementalDecoder } from './transformer.js';
export type { KeyValueCache } from './attention.js';
export { generate } from './generate.js';
export type { SamplingOptions } from './generate.js';
export { sampleToken, argmax } from './token-sampling.js';
