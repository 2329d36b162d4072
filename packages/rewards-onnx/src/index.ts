export { ClassifierError } from './classifier-error.js';
export {
  readClassifierFolder,
  DEFAULT_MODEL_FILES,
  type ClassifierFolder,
  type ClassifierFolderOptions,
  type ProblemType,
} from './classifier-folder.js';
export { createTextEncoder, truncate, type EncodedText, type Side, type TextEncoder } from './text-encoder.js';
export {
  loadOnnxRuntime,
  OnnxRuntimeUnavailable,
  INSTALL_HINT,
  type OnnxRuntime,
  type OnnxRuntimeChoice,
  type OnnxRuntimeName,
} from './onnx-runtime.js';
export {
  loadClassifier,
  loadPreparedClassifier,
  prepareClassifier,
  type Classifier,
  type ClassifierInput,
  type ClassifierOptions,
  type PreparedClassifier,
} from './classifier.js';
export { scoreSelector, type ScoreChoice, type ScoreSelector } from './score-selector.js';
export { classifierReward, type ClassifierRewardOptions, type ClassifierRewardSource } from './classifier-reward.js';
