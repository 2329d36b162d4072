// Several minibatch epochs of the PPO update. On every minibatch the ratio u is recomputed from the
// current parameters and, for PAMA, the combine of the N advantage streams is recomputed from it
// (DESIGN §2); MGDA-UB solves its min-norm problem over per-objective gradients with respect to the
// last hidden states, then takes one backward pass of the weighted loss.
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyValueModel, Rng } from '../contracts.js';
import type { ClippedAdam } from './adam.js';
import type { AdvantageCombiner, MinNormSolver } from './combine-binding.js';
import { clippedSurrogateLoss, maskedMean, ratioDiagnostics, tokenEntropy, tokenLogProbs, valueLoss } from './ppo-loss.js';
import type { PhaseTimer } from './phase-timer.js';
import { responseHidden, responseTargets, temperatureScaled } from './response-slices.js';
import { gatherMinibatch, type MinibatchBuffers, type RolloutBuffers } from './rollout-buffers.js';
import type { CombineGranularity, PpoHyperParameters, TrainingMethod } from './trainer-options.js';
import { TrainingError } from './training-error.js';

export interface PolicyUpdateContext {
  readonly model: PolicyValueModel;
  readonly optimizer: ClippedAdam;
  readonly method: TrainingMethod;
  readonly granularity: CombineGranularity;
  readonly ppo: PpoHyperParameters;
  readonly temperature: number;
  readonly combine: AdvantageCombiner;
  readonly minNorm: MinNormSolver;
  readonly rng: Rng;
  readonly timer: PhaseTimer;
}

export interface PolicyUpdateStats {
  readonly epochs: number;
  readonly minibatches: number;
  readonly earlyStopped: boolean;
  /** Means over the minibatches that ran. */
  readonly approxKl: number;
  readonly clipFraction: number;
  readonly policyLoss: number;
  readonly valueLoss: number;
  readonly gradNorm: number;
  /** Mean weight per objective the combine used (PAMA, MGDA-UB; fixed weights for the others). */
  readonly objectiveWeights: Float64Array;
}

/** Fisher–Yates with the trainer's RNG, so the order is reproducible and resumable. */
function shuffledRows(n: number, rng: Rng): number[] {
  const rows = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng.nextFloat() * (k + 1));
    const tmp = rows[k];
    rows[k] = rows[j];
    rows[j] = tmp;
  }
  return rows;
}

function noonStreams(perObjective: Float32Array, N: number): Float32Array[] {
  const positions = perObjective.length / N;
  return Array.from({ length: N }, (_, i) => {
    const stream = new Float32Array(positions);
    for (let k = 0; k < positions; k++) stream[k] = Math.max(perObjective[k * N + i], 0);
    return stream;
  });
}

/**
 * MGDA-UB: c = argmin_{c∈Δ} ‖Σ c_i ∂L_i/∂H‖ with H the last hidden states (of the response positions:
 * the policy loss does not depend on the others); returns c and Σ c_i max(A^i, 0). H comes from the
 * update's own taped forward pass; a detached copy is differentiated here, so the trunk runs once per
 * minibatch and nothing computed here reaches the update's gradient.
 */
function mgdaUbAdvantage(
  ctx: PolicyUpdateContext,
  mb: MinibatchBuffers,
  inputs: { hidden: tf.Tensor3D; targets: tf.Tensor2D; lpOld: tf.Tensor2D; mask: tf.Tensor2D },
  T: number,
  N: number,
): { weights: Float64Array; advantage: Float32Array } {
  const streams = noonStreams(mb.perObjective, N);
  const gradients = tf.tidy(() => {
    const hidden = tf.tensor3d(inputs.hidden.dataSync() as Float32Array, inputs.hidden.shape);
    return streams.map((stream) => {
      const advantage = tf.tensor2d(stream, [mb.rows, T]);
      const lossOfHidden = (h: tf.Tensor): tf.Scalar => {
        const logits = temperatureScaled(ctx.model.logitsFromHidden(h as tf.Tensor3D), ctx.temperature);
        return clippedSurrogateLoss(tokenLogProbs(logits, inputs.targets), inputs.lpOld, advantage, inputs.mask, ctx.ppo.clipEpsilon);
      };
      return Float32Array.from(tf.grad(lossOfHidden)(hidden).dataSync());
    });
  });
  const weights = ctx.minNorm(gradients);
  const advantage = new Float32Array(mb.rows * T);
  for (let k = 0; k < advantage.length; k++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += weights[i] * streams[i][k];
    advantage[k] = s;
  }
  return { weights, advantage };
}

export function runPolicyUpdate(ctx: PolicyUpdateContext, buffers: RolloutBuffers, fixedWeights: Float64Array): PolicyUpdateStats {
  const { ppo, timer, model } = ctx;
  const B = buffers.batchSize;
  const P = buffers.promptLength;
  const T = buffers.responseLength;
  const N = buffers.nObjectives;
  const L = P + T;
  const variables = model.trainableVariables;
  const sums = { approxKl: 0, clipFraction: 0, policyLoss: 0, valueLoss: 0, gradNorm: 0 };
  const weightSums = new Float64Array(N);
  let minibatches = 0;
  let epochs = 0;
  let earlyStopped = false;

  for (let epoch = 0; epoch < ppo.epochs && !earlyStopped; epoch++) {
    epochs++;
    const order = shuffledRows(B, ctx.rng);
    for (let start = 0; start < B; start += ppo.minibatchSize) {
      const mb = gatherMinibatch(buffers, order.slice(start, start + ppo.minibatchSize));
      const fixedAdvantage = mb.scalar;
      let usedWeights: Float64Array = fixedWeights;
      let policyLossValue = 0;
      let valueLossValue = 0;
      let diagnostics = { approxKl: 0, clipFraction: 0 };
      let insideMs = 0;
      const begin = performance.now();
      const { value, grads } = tf.variableGrads(() => {
        const forwardStart = performance.now();
        const tokens = tf.tensor2d(mb.tokens, [mb.rows, L], 'int32');
        const hidden = responseHidden(model.hidden(tokens), P, T);
        const logits = temperatureScaled(model.logitsFromHidden(hidden), ctx.temperature);
        const values = model.valuesFromHidden(hidden);
        const lpOld = tf.tensor2d(mb.logProbsOld, [mb.rows, T]);
        const mask = tf.tensor2d(mb.mask, [mb.rows, T]);
        const targets = responseTargets(tokens, P, T);
        const lpNew = tokenLogProbs(logits, targets);
        const ratios = Float32Array.from(tf.exp(tf.sub(lpNew, lpOld)).dataSync());
        diagnostics = ratioDiagnostics(ratios, mb.mask, ppo.clipEpsilon);
        const forwardMs = performance.now() - forwardStart;
        let advantage: Float32Array;
        if (ctx.method === 'pama') {
          const combineStart = performance.now();
          const result = ctx.combine({
            advantages: mb.perObjective,
            ratios,
            mask: mb.mask,
            rows: mb.rows,
            length: T,
            nObjectives: N,
            clipEpsilon: ppo.clipEpsilon,
            granularity: ctx.granularity,
            objectiveMask: mb.objectiveMask,
          });
          advantage = result.combined;
          usedWeights = result.meanWeights;
          timer.add('combine', performance.now() - combineStart);
        } else if (ctx.method === 'mgda-ub') {
          const solved = timer.time('combine', () => mgdaUbAdvantage(ctx, mb, { hidden, targets, lpOld, mask }, T, N));
          advantage = solved.advantage;
          usedWeights = solved.weights;
        } else {
          advantage = fixedAdvantage!;
        }
        const lossStart = performance.now();
        const policy = clippedSurrogateLoss(lpNew, lpOld, tf.tensor2d(advantage, [mb.rows, T]), mask, ppo.clipEpsilon);
        const valueTerm = valueLoss(values, tf.tensor3d(mb.returns, [mb.rows, T, N]), mask, {
          oldValues: ppo.valueClip !== undefined ? tf.tensor3d(mb.oldValues, [mb.rows, T, N]) : undefined,
          clipRange: ppo.valueClip,
        });
        let total = tf.add(policy, tf.mul(valueTerm, ppo.valueCoef));
        if (ppo.entropyCoef !== 0) {
          total = tf.sub(total, tf.mul(maskedMean(tokenEntropy(logits), mask), ppo.entropyCoef));
        }
        policyLossValue = policy.dataSync()[0];
        valueLossValue = valueTerm.dataSync()[0];
        timer.add('forward', forwardMs + performance.now() - lossStart);
        insideMs = performance.now() - forwardStart;
        return total as tf.Scalar;
      }, variables as tf.Variable[]);
      timer.add('backward', performance.now() - begin - insideMs);
      value.dispose();
      const ordered = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      const gradNorm = timer.time('optimizer', () => ctx.optimizer.apply(ordered));
      tf.dispose(ordered);
      tf.dispose(grads);
      if (!Number.isFinite(policyLossValue) || !Number.isFinite(valueLossValue)) {
        throw new TrainingError('loss', Number.isFinite(policyLossValue) ? valueLossValue : policyLossValue, 'must be finite');
      }
      minibatches++;
      sums.approxKl += diagnostics.approxKl;
      sums.clipFraction += diagnostics.clipFraction;
      sums.policyLoss += policyLossValue;
      sums.valueLoss += valueLossValue;
      sums.gradNorm += gradNorm;
      for (let i = 0; i < N; i++) weightSums[i] += usedWeights[i];
      if (ppo.targetKlEarlyStop !== undefined && diagnostics.approxKl > ppo.targetKlEarlyStop) {
        earlyStopped = true;
        break;
      }
    }
  }
  const mean = (x: number) => x / Math.max(minibatches, 1);
  return {
    epochs,
    minibatches,
    earlyStopped,
    approxKl: mean(sums.approxKl),
    clipFraction: mean(sums.clipFraction),
    policyLoss: mean(sums.policyLoss),
    valueLoss: mean(sums.valueLoss),
    gradNorm: mean(sums.gradNorm),
    objectiveWeights: weightSums.map(mean),
  };
}
