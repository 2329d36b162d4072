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
export { BPE_TOKENIZER_KIND, BpeTokenizer, buildBpeTokenizer, MAX_BPE_VOCABULARY, MIN_BPE_VOCABULARY } from './bpe-tokenizer.js';
export type { BpeTokenizerJSON, BuildBpeTokenizerOptions } from './bpe-tokenizer.js';
export { splitChunks } from './byte-pretokenize.js';
export { tokenizerFromJSON, TOKENIZER_KINDS } from './tokenizer-json.js';
export { BACKEND_ORDER, selectBackend } from './backend-select.js';
export { adapterLabel, describeAdapter } from './webgpu-backend.js';
export type { WebGpuAdapterInfo } from './webgpu-backend.js';
export type { BackendAttempt, BackendName, BackendPreference, BackendSelection, SelectBackendOptions } from './backend-select.js';
export { languageModelLoss } from './language-model-loss.js';
export { evaluateLanguageModel, pretrainLanguageModel } from './pretrain.js';
export type { PretrainOptions, PretrainResult } from './pretrain.js';
export {
  directoryHandler,
  loadPolicy,
  savePolicy,
  writeDirectoryAtomic,
  MODEL_JSON,
  POLICY_FORMAT,
  TOKENIZER_JSON,
  WEIGHT_SHARD_BYTES,
} from './model-artifacts.js';
export type { DirectoryHandlerOptions, LoadedPolicy, SavedPolicyInfo } from './model-artifacts.js';
