// Noon-PPO + PAMA trainer, baselines, checkpoints.
export { TrainingError } from './training-error.js';
export { klPenalisedTokenRewards, lastValidIndex } from './token-rewards.js';
export type { TokenRewardInput } from './token-rewards.js';
export { perObjectiveGae } from './gae.js';
export type { GaeInput, GaeResult } from './gae.js';
export { maskedWhiten } from './whiten.js';
export type { WhitenInput } from './whiten.js';
export { clippedSurrogateLoss, valueLoss, tokenLogProbs, tokenEntropy, maskedMean, ratioDiagnostics } from './ppo-loss.js';
export type { ValueLossOptions, RatioDiagnostics } from './ppo-loss.js';
export { createKlController } from './kl-controller.js';
export type { KlController, KlControllerOptions, KlControllerState } from './kl-controller.js';
export { createClippedAdam, stableVariableName } from './adam.js';
export type { AdamOptions, AdamState, ClippedAdam } from './adam.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint-format.js';
export type { TrainerCheckpoint } from './checkpoint-format.js';
export { encodeCheckpoint, decodeCheckpoint, saveCheckpoint, loadCheckpoint } from './checkpoint-io.js';
export { computePolicyAdvantages } from './policy-advantages.js';
export type { PolicyAdvantageInput, PolicyAdvantages } from './policy-advantages.js';
export { STEP_PHASES } from './phase-timer.js';
export type { PhaseTimings, StepPhase } from './phase-timer.js';
export type { StepMetrics } from './step-metrics.js';
export type {
  AdvantageCombiner,
  CombineRequest,
  CombineResult,
  MinNormGramSolver,
  MinNormSolver,
} from './combine-binding.js';
export type {
  RewardBatch,
  RewardFn,
  RewardItemLike,
  RewardNormalizerLike,
  RewardSourceLike,
} from './reward-scoring.js';
export { DEFAULT_PPO, TRAINING_METHODS, COMBINE_GRANULARITIES, resolveTrainerOptions } from './trainer-options.js';
export type {
  CombineGranularity,
  GenerateFn,
  KlOptions,
  PpoHyperParameters,
  PromptSampler,
  TrainerSamplingOptions,
  TrainerOptions,
  TrainingMethod,
} from './trainer-options.js';
export { createTrainerWithSolvers } from './trainer.js';
export { createTrainer } from './create-trainer.js';
export {
  combineWithPamaCore,
  minNormFromGramWithPamaCore,
  minNormWithPamaCore,
  preferenceCombinerWithPamaCore,
} from './pama-core-solvers.js';
export { mgdaGram } from './mgda-gram.js';
export type { MgdaGramInput } from './mgda-gram.js';
export { runningRewardNormalizer } from './reward-normalizer.js';
export type { RestoreOptions, Trainer, TrainerSolvers } from './trainer.js';
export type { ResolvedTrainerOptions } from './trainer-options.js';
export { trainerSettings, settingsDifferences, TRAINING_SETTINGS, settingProblem, settingDefaults } from './trainer-settings.js';
export type {
  CliSettingsSection,
  SettingSpec,
  SettingsDifference,
  SettingsSection,
  TrainerSettings,
  TrainingSettingPath,
} from './trainer-settings.js';
