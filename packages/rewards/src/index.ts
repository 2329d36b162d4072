export type { RewardItem, RewardSource } from './reward-source.js';
export { RewardError, type ItemRange, type RewardErrorCause, type RewardErrorKind } from './reward-error.js';
export { RewardConfigError } from './reward-config-error.js';
export { scoreAll } from './score-all.js';
export { checkItems, checkScores } from './score-validation.js';
export {
  lengthReward,
  paperLengthPreset,
  countWords,
  countCodePoints,
  type LengthRewardOptions,
  type LengthUnit,
  type TokenCounter,
} from './sources/length-reward.js';
export { sentimentReward, type SentimentRewardOptions } from './sources/sentiment-reward.js';
export { functionReward, type FunctionRewardOptions, type ItemScorer, type BatchScorer } from './sources/function-reward.js';
export { lexiconReward, lexiconWords, parseLexicon, type LexiconRewardOptions } from './sources/lexicon-reward.js';
export { httpReward, type HttpRewardOptions, type HttpProtocol } from './sources/http-reward.js';
export type { PredictInput } from './http/predict-protocol.js';
export { resolveHeaders, type HeaderFromEnv, type HeaderValue } from './http/request-headers.js';
export type { BackoffOptions } from './http/retry-backoff.js';
export { defaultSentimentAnalyser, type SentimentAnalyserName } from './sentiment/sentiment-analysers.js';
export { measureSentimentAccuracy, type LabelledSentence, type SentimentAccuracy } from './sentiment/sentiment-accuracy.js';
export {
  RunningNormalizer,
  type NormalizerState,
  type RewardMask,
  type RewardMatrix,
} from './normalization/running-normalizer.js';
export { NormalizerInputError } from './normalization/normalizer-error.js';
