// Rollout: the policy and the frozen reference score the sampled tokens (no gradient).
import * as tf from '@tensorflow/tfjs-core';
import type { Generation, PolicyValueModel } from '../contracts.js';
import { tokenEntropy, tokenLogProbs } from './ppo-loss.js';
import { responseHidden, responseTargets, temperatureScaled } from './response-slices.js';
import { TrainingError } from './training-error.js';

export interface RolloutScores {
  /** B×T log π_old of the sampled tokens. */
  readonly logProbsOld: Float32Array;
  /** B×T log π_ref of the sampled tokens. */
  readonly logProbsRef: Float32Array;
  /** B×T×N values V^i(s_t). */
  readonly values: Float32Array;
  /** B×T entropy of π_old at each position. */
  readonly entropy: Float32Array;
}

export function validateGeneration(generation: Generation, contextLength: number): void {
  const { batchSize: B, promptLength: P, maxNewTokens: T } = generation;
  if (P < 1) throw new TrainingError('generation.promptLength', P, 'must be ≥ 1 (a BOS token at least)');
  if (P + T > contextLength) {
    throw new TrainingError('generation.promptLength + maxNewTokens', P + T, `must be ≤ the model's contextLength ${contextLength}`);
  }
  if (generation.tokens.length !== B * (P + T)) {
    throw new TrainingError('generation.tokens.length', generation.tokens.length, `must equal B×(P+T) = ${B * (P + T)}`);
  }
  if (generation.responseMask.length !== B * T) {
    throw new TrainingError('generation.responseMask.length', generation.responseMask.length, `must equal B×T = ${B * T}`);
  }
}

export function scoreRollout(
  model: PolicyValueModel,
  reference: PolicyValueModel,
  generation: Generation,
  temperature: number,
): RolloutScores {
  const { batchSize: B, promptLength: P, maxNewTokens: T } = generation;
  return tf.tidy(() => {
    const tokens = tf.tensor2d(generation.tokens, [B, P + T], 'int32');
    const targets = responseTargets(tokens, P, T);
    const hidden = responseHidden(model.hidden(tokens), P, T);
    const logits = temperatureScaled(model.logitsFromHidden(hidden), temperature);
    const refHidden = responseHidden(reference.hidden(tokens), P, T);
    const refLogits = temperatureScaled(reference.logitsFromHidden(refHidden), temperature);
    return {
      logProbsOld: Float32Array.from(tokenLogProbs(logits, targets).dataSync()),
      logProbsRef: Float32Array.from(tokenLogProbs(refLogits, targets).dataSync()),
      values: Float32Array.from(model.valuesFromHidden(hidden).dataSync()),
      entropy: Float32Array.from(tokenEntropy(logits).dataSync()),
    };
  });
}
