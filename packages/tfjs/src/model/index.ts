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
export { buildWordTokenizer, splitWords, WordTokenizer, WORD_TOKENIZER_KIND } from './word-tokenizer.js';
export type { BuildWordTokenizerOptions, WordTokenizerJSON } from './word-tokenizer.js';
export { BACKEND_ORDER, selectBackend } from './backend-select.js';
export { adapterLabel, describeAdapter } from './webgpu-backend.js';
export type { WebGpuAdapterInfo } from './webgpu-backend.js';
export type { BackendAttempt, BackendName, BackendPreference, BackendSelection, SelectBackendOptions } from './backend-select.js';
export { languageModelLoss } from './language-model-loss.js';
export { evaluateLanguageModel, pretrainLanguageModel } from './pretrain.js';
export type { PretrainOptions, PretrainResult } from './pretrain.js';
