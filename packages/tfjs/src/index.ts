/**
 * TensorFlow.js adapter for PAMA: a small causal transformer with one value head per objective,
 * and the Noon-PPO + PAMA trainer with the MORLHF and MGDA-UB baselines.
 *
 * @module pama-tfjs
 */
export type * from './contracts.js';
// Model, tokenizer, sampling, backends and pre-training.
export { ModelInputError } from './models/model-errors.js';
export { createRng, nextStandardNormal, XOSHIRO_ALGORITHM } from './random/rng-xoshiro.js';
export { DEFAULT_MODEL_CONFIG, QUICK_MODEL_CONFIG, validateTransformerConfig } from './models/transformer-config.js';
export { createPolicyValueModel, parameterCount, isIncrementalDecoder, withoutValueHeads } from './models/transformer.js';
export type { CreateModelOptions, IncrementalDecoder } from './models/transformer.js';
export type { KeyValueCache } from './models/attention.js';
export { generate } from './sampling/generate.js';
export type { SamplingOptions } from './sampling/generate.js';
export { sampleToken, argmax } from './sampling/token-sampling.js';
export { buildWordTokenizer, splitWords, WordTokenizer, WORD_TOKENIZER_KIND } from './tokenizers/word-tokenizer.js';
export type { BuildWordTokenizerOptions, WordTokenizerJSON } from './tokenizers/word-tokenizer.js';
export { BPE_TOKENIZER_KIND, BpeTokenizer, buildBpeTokenizer, MAX_BPE_VOCABULARY, MIN_BPE_VOCABULARY } from './tokenizers/bpe-tokenizer.js';
export type { BpeTokenizerJSON, BuildBpeTokenizerOptions } from './tokenizers/bpe-tokenizer.js';
export { splitChunks } from './tokenizers/byte-pretokenize.js';
export { tokenizerFromJSON, TOKENIZER_KINDS } from './tokenizers/tokenizer-json.js';
export { BACKEND_ORDER, selectBackend } from './backends/backend-select.js';
export { adapterLabel, describeAdapter } from './backends/webgpu-backend.js';
export type { WebGpuAdapterInfo } from './backends/webgpu-backend.js';
export type { BackendAttempt, BackendName, BackendPreference, BackendSelection, SelectBackendOptions } from './backends/backend-select.js';
export { languageModelLoss } from './pretraining/language-model-loss.js';
export { evaluateLanguageModel, pretrainLanguageModel } from './pretraining/pretrain.js';
export type { PretrainOptions, PretrainResult } from './pretraining/pretrain.js';
export {
  directoryHandler,
  loadPolicy,
  savePolicy,
  writeDirectoryAtomic,
  MODEL_JSON,
  POLICY_FORMAT,
  TOKENIZER_JSON,
  WEIGHT_SHARD_BYTES,
} from './model-io/model-artifacts.js';
export type { DirectoryHandlerOptions, LoadedPolicy, SavedPolicyInfo } from './model-io/model-artifacts.js';
// Safetensors files and Hugging Face checkpoint directories.
export {
  decodeFloat32,
  encodeFloat32,
  FLOAT_DTYPES,
  isFloatDtype,
  isSafetensorsDtype,
  SAFETENSORS_DTYPE_BYTES,
} from './model-io/safetensors-dtype.js';
export type { FloatDtype, SafetensorsDtype } from './model-io/safetensors-dtype.js';
export type { SafetensorsTensorInfo } from './model-io/safetensors-header.js';
export { openSafetensors } from './model-io/safetensors-reader.js';
export type { SafetensorsFile } from './model-io/safetensors-reader.js';
export { writeSafetensors } from './model-io/safetensors-writer.js';
export type { SafetensorsData, SafetensorsWriteEntry, WriteSafetensorsOptions } from './model-io/safetensors-writer.js';
export {
  DEFAULT_MAX_SHARD_BYTES,
  openSafetensorsCheckpoint,
  SAFETENSORS_FILE,
  SAFETENSORS_INDEX_FILE,
  writeSafetensorsCheckpoint,
} from './model-io/safetensors-checkpoint.js';
export type { CheckpointTensorInfo, SafetensorsCheckpoint, WriteCheckpointOptions } from './model-io/safetensors-checkpoint.js';
// Hugging Face tokenizers and chat templates.
export { HF_TOKENIZER_KIND, HfTokenizer } from './tokenizers/hf-tokenizer.js';
export type { HfTokenizerFiles, HfTokenizerJSON } from './tokenizers/hf-tokenizer.js';
export { HF_TOKENIZER_FILES, loadHfTokenizer } from './tokenizers/hf-tokenizer-files.js';
export { renderChatTemplate } from './tokenizers/chat-template.js';
export type { ChatMessage, ChatTemplateOptions } from './tokenizers/chat-template.js';
// Pre-trained decoders (GPT-2, Llama, Qwen2) from Hugging Face directories, LoRA, export.
export { architectureFor, SUPPORTED_MODEL_TYPES } from './models/architectures.js';
export type { DecoderArchitecture, DecoderSizes, DecoderTensor, LinearModule } from './models/decoder-architecture.js';
export { DecoderParameters } from './models/decoder-parameters.js';
export type { LoraAdapter } from './models/decoder-parameters.js';
export type { LoraOptions, LoraSettings } from './models/lora.js';
export { PretrainedPolicyModel } from './models/pretrained-model.js';
export type { PretrainedModelConfig, PretrainedParts, PretrainedSource, ValueHeadVariables } from './models/pretrained-model.js';
export { loadPretrainedModel } from './models/pretrained-load.js';
export type { LoadPretrainedOptions } from './models/pretrained-load.js';
export { ADAPTER_DIR, EXPORT_INFO_FILE, exportPretrainedPolicy, VALUE_HEADS_FILE } from './models/pretrained-export.js';
export type { ExportPretrainedOptions } from './models/pretrained-export.js';
// Noon-PPO + PAMA trainer, baselines, checkpoints.
export { RewardSourceError, TrainingError } from './training/training-error.js';
export { klPenalisedTokenRewards, lastValidIndex } from './training/token-rewards.js';
export type { TokenRewardInput } from './training/token-rewards.js';
export { perObjectiveGae } from './training/gae.js';
export type { GaeInput, GaeResult } from './training/gae.js';
export { maskedWhiten } from './training/whiten.js';
export type { WhitenInput } from './training/whiten.js';
export { clippedSurrogateLoss, valueLoss, tokenLogProbs, tokenEntropy, maskedMean, ratioDiagnostics } from './training/ppo-loss.js';
export type { ValueLossOptions, RatioDiagnostics } from './training/ppo-loss.js';
export { createKlController } from './training/kl-controller.js';
export type { KlController, KlControllerOptions, KlControllerState } from './training/kl-controller.js';
export { createClippedAdam, stableVariableName } from './training/adam.js';
export type { AdamOptions, AdamState, ClippedAdam } from './training/adam.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './training/checkpoint-format.js';
export type { TrainerCheckpoint } from './training/checkpoint-format.js';
export { encodeCheckpoint, decodeCheckpoint, saveCheckpoint, loadCheckpoint } from './training/checkpoint-io.js';
export { computePolicyAdvantages } from './training/policy-advantages.js';
export type { PolicyAdvantageInput, PolicyAdvantages } from './training/policy-advantages.js';
export { STEP_PHASES } from './training/phase-timer.js';
export type { PhaseTimings, StepPhase } from './training/phase-timer.js';
export type { StepMetrics } from './training/step-metrics.js';
export type {
  AdvantageCombiner,
  CombineRequest,
  CombineResult,
  MinNormGramSolver,
  MinNormSolver,
} from './training/combine-binding.js';
export type {
  RewardBatch,
  RewardFn,
  RewardItemLike,
  RewardNormalizerLike,
  RewardSourceLike,
} from './training/reward-scoring.js';
export {
  DEFAULT_PPO,
  TRAINING_METHODS,
  COMBINE_GRANULARITIES,
  resolveTrainerOptions,
  minibatchSizeError,
  objectiveWeightsError,
  objectiveTargetsError,
} from './training/trainer-options.js';
export type {
  CombineGranularity,
  GenerateFn,
  KlOptions,
  PpoHyperParameters,
  PromptSampler,
  TrainerSamplingOptions,
  TrainerOptions,
  TrainingMethod,
} from './training/trainer-options.js';
export { createTrainerWithSolvers } from './training/trainer.js';
export { createTrainer } from './training/create-trainer.js';
export {
  combineWithPamaCore,
  minNormFromGramWithPamaCore,
  minNormWithPamaCore,
  preferenceCombinerWithPamaCore,
} from './training/pama-core-solvers.js';
export { defaultNoon, objectiveCombinerFor } from './training/combiners/index.js';
export { KL_PLACEMENTS } from './training/kl-placement.js';
export { ESTIMATORS, GROUP_SCALES, groupAdvantages } from './training/group-estimator.js';
export type { Estimator, GroupAdvantageInput, GroupAdvantages, GroupScale } from './training/group-estimator.js';
export type { KlPlacement } from './training/kl-placement.js';
export type {
  CombinedAdvantage,
  CombinerSettings,
  MinibatchAdvantageInput,
  ObjectiveCombiner,
  PreparedAdvantages,
  RolloutAdvantageInput,
} from './training/combiners/index.js';
export { mgdaGram } from './training/mgda-gram.js';
export type { MgdaGramInput } from './training/mgda-gram.js';
export { runningRewardNormalizer } from './training/reward-normalizer.js';
export type { RestoreOptions, Trainer, TrainerSolvers } from './training/trainer.js';
export type { ResolvedTrainerOptions } from './training/trainer-options.js';
export { trainerSettings, settingsDifferences, TRAINING_SETTINGS, settingProblem, settingDefaults } from './training/trainer-settings.js';
export type {
  SettingSpec,
  SettingsDifference,
  SettingsSection,
  TrainerSettings,
  TrainingSettingPath,
} from './training/trainer-settings.js';
