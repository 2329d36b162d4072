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

export async function scoreRollout(
  model: PolicyValueModel,
  reference: PolicyValueModel,
  generation: Generation,
  temperature: number,
  /** Read the value heads (false for a critic-free estimator: values come back empty). */
  withValues = true,
): Promise<RolloutScores> {
  const { batchSize: B, promptLength: P, maxNewTokens: T } = generation;
  const N = withValues ? model.config.nValueHeads : 0;
  const packed = tf.tidy(() => {
    const tokens = tf.tensor2d(generation.tokens, [B, P + T], 'int32');
    const targets = responseTargets(tokens, P, T);
    const hidden = responseHidden(model.hidden(tokens), P, T);
    const logits = temperatureScaled(model.logitsFromHidden(hidden), temperature);
    const refHidden = responseHidden(reference.hidden(tokens), P, T);
    const refLogits = temperatureScaled(reference.logitsFromHidden(refHidden), temperature);
    const parts: tf.Tensor[] = [tokenLogProbs(logits, targets), tokenLogProbs(refLogits, targets)];
    if (withValues) parts.push(model.valuesFromHidden(hidden));
    parts.push(tokenEntropy(logits));
    return tf.concat(parts.map((x) => tf.reshape(x, [-1])));
  });
  // GPU→CPU read: the advantages are computed in JavaScript; the four results come back in one read.
  const data = (await packed.data()) as Float32Array;
  packed.dispose();
  const BT = B * T;
  return {
    logProbsOld: data.slice(0, BT),
    logProbsRef: data.slice(BT, 2 * BT),
    values: data.slice(2 * BT, 2 * BT + BT * N),
    entropy: data.slice(2 * BT + BT * N),
  };
}
