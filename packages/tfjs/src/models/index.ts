// Pre-trained decoders (GPT-2, Llama, Qwen2) loaded from Hugging Face directories, with LoRA.
export { ACTIVATION_NAMES, activation, applyRotary, frozenProduct, repeatKeyValueHeads, rmsNorm, rotaryTables } from './decoder-layers.js';
export type { DecoderArchitecture, DecoderSizes, DecoderTensor, LinearModule } from './decoder-architecture.js';
export { DecoderParameters } from './decoder-parameters.js';
export type { LoraAdapter } from './decoder-parameters.js';
export { architectureFor, SUPPORTED_MODEL_TYPES } from './architectures.js';
export { gpt2Architecture } from './gpt2/gpt2-architecture.js';
export { llamaArchitecture } from './llama/llama-architecture.js';
export { configFields } from './config-fields.js';
export type { ConfigFields } from './config-fields.js';
export { adaptedModules, describeLora, initialAdapters, resolveLora } from './lora.js';
export type { LoraOptions, LoraSettings } from './lora.js';
export { PretrainedPolicyModel, VALUE_HEAD_NAMES } from './pretrained-model.js';
export type { PretrainedModelConfig, PretrainedParts, PretrainedSource } from './pretrained-model.js';
export { loadPretrainedModel } from './pretrained-load.js';
export type { LoadPretrainedOptions } from './pretrained-load.js';
export { ADAPTER_DIR, EXPORT_INFO_FILE, exportPretrainedPolicy, VALUE_HEADS_FILE } from './pretrained-export.js';
export type { ExportPretrainedOptions } from './pretrained-export.js';
