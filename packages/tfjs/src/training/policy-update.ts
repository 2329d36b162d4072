// Several minibatch epochs of the PPO update. On every minibatch the ratio u is recomputed from the
// current parameters and the method's ObjectiveCombiner (combiners/) forms the advantage from the N
// per-objective streams and u (docs/design.md §2.5–2.6), then one backward pass of the loss.
//
// Each minibatch runs in this order: the forward pass is recorded on an open tape (open-tape.ts), its
// ratios are read back once, the combiner forms the advantage (MGDA-UB asks for one extra backward
// pass to the last hidden states), the loss is recorded and differentiated, then Adam steps. Reads and timers stay out of
// the recorded functions, which compute tensors only.
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyValueModel, Rng } from '../contracts.js';
import type { ClippedAdam } from './adam.js';
import type { ObjectiveCombiner } from './combiners/objective-combiner.js';
import { clippedSurrogateLoss, maskedMean, ratioDiagnostics, tokenEntropy, tokenLogProbs, valueLoss } from './ppo-loss.js';
import { klLossTerm } from './kl-placement.js';
import { OpenTape } from './open-tape.js';
import type { PhaseTimer } from './phase-timer.js';
import { responseHidden, responseTargets, temperatureScaled } from './response-slices.js';
import { gatherMinibatch, type MinibatchBuffers, type RolloutBuffers } from './rollout-buffers.js';
import type { PpoHyperParameters } from './trainer-options.js';
import { TrainingError } from './training-error.js';

export interface PolicyUpdateContext {
  readonly model: PolicyValueModel;
  readonly optimizer: ClippedAdam;
  readonly ppo: PpoHyperParameters;
  readonly temperature: number;
  /** How the objectives meet (the method); the update knows nothing else about it. */
  readonly combiner: ObjectiveCombiner;
  /** Whether the value heads are read and trained (false under the critic-free group estimator). */
  readonly critic?: boolean;
  /** β of the k3 KL term in the loss (KL placement 'loss'); 0 = none. */
  readonly klLossCoef?: number;
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
  /** Mean over minibatches of the fraction of responses whose combined advantage is 0 on every valid token (before any KL stream). */
  readonly vetoRate: number;
  /** Mean over minibatches of the mean advantage the loss used over valid tokens. */
  readonly combinedAdvantageMean: number;
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

/** What the forward pass of a minibatch leaves on the tape for the loss. */
interface MinibatchForward {
  readonly logits: tf.Tensor3D;
  readonly hidden: tf.Tensor3D;
  /** Undefined without a critic. */
  readonly values: tf.Tensor3D | undefined;
  readonly targets: tf.Tensor2D;
  readonly lpNew: tf.Tensor2D;
  readonly lpOld: tf.Tensor2D;
  readonly mask: tf.Tensor2D;
  /** u = π_θ / π_old, B×T (read back for the combine and the diagnostics). */
  readonly ratios: tf.Tensor2D;
}

function minibatchForward(ctx: PolicyUpdateContext, mb: MinibatchBuffers, P: number, T: number): MinibatchForward {
  const L = P + T;
  const tokens = tf.tensor2d(mb.tokens, [mb.rows, L], 'int32');
  const hidden = responseHidden(ctx.model.hidden(tokens), P, T);
  const logits = temperatureScaled(ctx.model.logitsFromHidden(hidden), ctx.temperature);
  const values = ctx.critic === false ? undefined : ctx.model.valuesFromHidden(hidden);
  const lpOld = tf.tensor2d(mb.logProbsOld, [mb.rows, T]);
  const mask = tf.tensor2d(mb.mask, [mb.rows, T]);
  const targets = responseTargets(tokens, P, T);
  const lpNew = tokenLogProbs(logits, targets);
  const ratios = tf.exp(tf.sub(lpNew, lpOld)) as tf.Tensor2D;
  return { logits, hidden, values, targets, lpNew, lpOld, mask, ratios };
}

/** The PPO loss of a minibatch given its combined advantage: [total, policy term, value term]. */
function minibatchLoss(
  ctx: PolicyUpdateContext,
  mb: MinibatchBuffers,
  forward: MinibatchForward,
  advantage: Float32Array,
  T: number,
  N: number,
): { total: tf.Scalar; policy: tf.Scalar; value: tf.Scalar } {
  const { ppo } = ctx;
  const policy = clippedSurrogateLoss(forward.lpNew, forward.lpOld, tf.tensor2d(advantage, [mb.rows, T]), forward.mask, ppo.clipEpsilon);
  const value =
    forward.values === undefined
      ? tf.scalar(0)
      : valueLoss(forward.values, tf.tensor3d(mb.returns, [mb.rows, T, N]), forward.mask, {
          oldValues: ppo.valueClip !== undefined ? tf.tensor3d(mb.oldValues, [mb.rows, T, N]) : undefined,
          clipRange: ppo.valueClip,
        });
  let total = tf.add(policy, tf.mul(value, ppo.valueCoef));
  if (ctx.klLossCoef !== undefined && ctx.klLossCoef > 0) {
    if (mb.logProbsRef === undefined)
      throw new TrainingError('logProbsRef', undefined, "KL placement 'loss' needs the reference log-probs");
    total = tf.add(total, klLossTerm(forward.lpNew, tf.tensor2d(mb.logProbsRef, [mb.rows, T]), forward.mask, ctx.klLossCoef));
  }
  if (ppo.entropyCoef !== 0) {
    total = tf.sub(total, tf.mul(maskedMean(tokenEntropy(forward.logits), forward.mask), ppo.entropyCoef));
  }
  return { total: total as tf.Scalar, policy, value };
}

/**
 * ‖∂lp_t/∂H_t‖² per response position, from one backward pass of Σ_t lp_t through the LM head to the
 * last hidden states H, on the update's own tape (so the trunk and the head run forward once).
 */
async function pathNormsSquared(forward: MinibatchForward, tape: OpenTape): Promise<Float32Array> {
  const total = tape.record(() => tf.sum(forward.lpNew) as tf.Scalar);
  const [pathGradient] = tape.gradients(total, [forward.hidden]);
  const pathNorms = tf.tidy(() => tf.sum(tf.square(pathGradient), -1));
  pathGradient.dispose();
  // GPU→CPU read: ‖∂lp_t/∂H_t‖² per position, for MGDA-UB's N×N Gram solved in JavaScript.
  const out = (await pathNorms.data()) as Float32Array;
  pathNorms.dispose();
  return out;
}

/** One minibatch: taped forward, reads, advantage, loss and backward, then Adam. */
async function updateMinibatch(
  ctx: PolicyUpdateContext,
  mb: MinibatchBuffers,
  sizes: { P: number; T: number; N: number },
): Promise<{
  approxKl: number;
  clipFraction: number;
  policyLoss: number;
  valueLoss: number;
  gradNorm: number;
  weights: Float64Array;
  vetoRate: number;
  advantageMean: number;
}> {
  const { timer, ppo } = ctx;
  const { P, T, N } = sizes;
  const tape = new OpenTape();
  let ratios: Float32Array;
  let weights: Float64Array;
  let advantageStats: { vetoRate: number; advantageMean: number };
  let grads: tf.Tensor[];
  let lossTerms: tf.Tensor1D;
  try {
    let start = performance.now();
    const forward = tape.record(() => minibatchForward(ctx, mb, P, T));
    // GPU→CPU read: the combine and the diagnostics need this minibatch's ratios.
    ratios = (await forward.ratios.data()) as Float32Array;
    timer.add('forward', performance.now() - start);

    start = performance.now();
    const combined = await ctx.combiner.combine({
      perObjective: mb.perObjective,
      scalar: mb.scalar,
      ratios,
      mask: mb.mask,
      rows: mb.rows,
      length: T,
      nObjectives: N,
      clipEpsilon: ppo.clipEpsilon,
      objectiveMask: mb.objectiveMask,
      pathNormsSquared: () => pathNormsSquared(forward, tape),
    });
    weights = combined.weights;
    const vetoRate = vetoedFraction(combined.advantage, mb.mask, mb.rows, T);
    const advantage = mb.klAdvantage ? combined.advantage.map((a, k) => a + mb.klAdvantage![k]) : combined.advantage;
    advantageStats = { vetoRate, advantageMean: validMean(advantage, mb.mask) };
    timer.add('combine', performance.now() - start);

    start = performance.now();
    const loss = tape.record(() => minibatchLoss(ctx, mb, forward, advantage, T, N));
    grads = tape.gradients(loss.total, ctx.model.trainableVariables as tf.Variable[]);
    lossTerms = tf.stack([loss.policy, loss.value]) as tf.Tensor1D;
    timer.add('backward', performance.now() - start);
  } finally {
    tape.close();
  }
  const start = performance.now();
  const gradNorm = await ctx.optimizer.apply(grads);
  tf.dispose(grads);
  timer.add('optimizer', performance.now() - start);

  // GPU→CPU read: the two loss terms, reported and checked for NaN.
  const [policyLoss, valueLoss] = (await lossTerms.data()) as Float32Array;
  lossTerms.dispose();
  if (!Number.isFinite(policyLoss) || !Number.isFinite(valueLoss)) {
    throw new TrainingError('loss', Number.isFinite(policyLoss) ? valueLoss : policyLoss, 'must be finite');
  }
  return { ...ratioDiagnostics(ratios, mb.mask, ppo.clipEpsilon), policyLoss, valueLoss, gradNorm, weights, ...advantageStats };
}

/** The fraction of the rows with a valid token whose advantage is 0 on every valid token: responses the combine vetoed. */
function vetoedFraction(advantage: Float32Array, mask: Float32Array, rows: number, T: number): number {
  let counted = 0;
  let vetoed = 0;
  for (let b = 0; b < rows; b++) {
    let valid = false;
    let zero = true;
    for (let t = 0; t < T; t++) {
      if (mask[b * T + t] === 0) continue;
      valid = true;
      if (advantage[b * T + t] !== 0) zero = false;
    }
    if (!valid) continue;
    counted++;
    if (zero) vetoed++;
  }
  return counted > 0 ? vetoed / counted : 0;
}

function validMean(values: Float32Array, mask: Float32Array): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < values.length; k++) {
    if (mask[k] === 0) continue;
    sum += values[k];
    count++;
  }
  return count > 0 ? sum / count : 0;
}

export async function runPolicyUpdate(ctx: PolicyUpdateContext, buffers: RolloutBuffers): Promise<PolicyUpdateStats> {
  const { ppo } = ctx;
  const B = buffers.batchSize;
  const sizes = { P: buffers.promptLength, T: buffers.responseLength, N: buffers.nObjectives };
  const N = sizes.N;
  const sums = { approxKl: 0, clipFraction: 0, policyLoss: 0, valueLoss: 0, gradNorm: 0, vetoRate: 0, advantageMean: 0 };
  const weightSums = new Float64Array(N);
  let minibatches = 0;
  let epochs = 0;
  let earlyStopped = false;

  for (let epoch = 0; epoch < ppo.epochs && !earlyStopped; epoch++) {
    epochs++;
    const order = shuffledRows(B, ctx.rng);
    for (let start = 0; start < B; start += ppo.minibatchSize) {
      const mb = gatherMinibatch(buffers, order.slice(start, start + ppo.minibatchSize));
      const result = await updateMinibatch(ctx, mb, sizes);
      minibatches++;
      sums.approxKl += result.approxKl;
      sums.clipFraction += result.clipFraction;
      sums.policyLoss += result.policyLoss;
      sums.valueLoss += result.valueLoss;
      sums.gradNorm += result.gradNorm;
      sums.vetoRate += result.vetoRate;
      sums.advantageMean += result.advantageMean;
      for (let i = 0; i < N; i++) weightSums[i] += result.weights[i];
      if (ppo.targetKlEarlyStop !== undefined && result.approxKl > ppo.targetKlEarlyStop) {
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
    vetoRate: mean(sums.vetoRate),
    combinedAdvantageMean: mean(sums.advantageMean),
  };
}
