/**
 * The training settings, declared once, importable without loading TensorFlow.js (the `pama` CLI
 * builds its config schema from them). The same exports are in the main entry point.
 *
 * @module pama-tfjs/settings
 */
export { TRAINING_SETTINGS, settingDefaults, settingProblem, trainerSettings, settingsDifferences } from '../training/trainer-settings.js';
export type {
  CliSettingsSection,
  SettingSpec,
  SettingsDifference,
  SettingsSection,
  TrainerSettings,
  TrainingSettingPath,
} from '../training/trainer-settings.js';
