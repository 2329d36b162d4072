/**
 * The training settings, declared once, and the trainer's rules between fields, importable without
 * loading TensorFlow.js (a configuration layer builds its schema from them and applies the rules
 * before it builds a trainer). The same exports are in the main entry point.
 *
 * @module pama-tfjs/settings
 */
export { TRAINING_SETTINGS, settingDefaults, settingProblem, trainerSettings, settingsDifferences } from '../training/trainer-settings.js';
export type {
  SettingSpec,
  SettingsDifference,
  SettingsSection,
  TrainerSettings,
  TrainingSettingPath,
} from '../training/trainer-settings.js';
export { minibatchSizeError, objectiveTargetsError, objectiveWeightsError } from '../training/trainer-options.js';
