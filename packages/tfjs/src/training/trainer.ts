// createTrainer: one PPO step = sample prompts → generate → score with N reward sources →
// KL-penalised token rewards → per-objective GAE → optional whitening → combine (per method) →
// minibatch epochs with Adam and gradient-norm clipping → early stop at a target KL.
import type { WeightMap } from '../contracts.js';
import { createClippedAdam, type ClippedAdam } from './adam.js';
import type { TrainerCheckpoint } from './checkpoint-format.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint-format.js';
import type { AdvantageCombiner, MinNormGramSolver } from './combine-binding.js';
import { defaultNoon, objectiveCombinerFor } from './combiners/index.js';
import { createKlController, type KlController } from './kl-controller.js';
import { PhaseTimer } from './phase-timer.js';
import { runPolicyUpdate } from './policy-update.js';
import { scoreWithFunction, scoreWithSources } from './reward-scoring.js';
import { scoreRollout, validateGeneration } from './rollout.js';
import type { StepMetrics } from './step-metrics.js';
import { stepAdvantages } from './step-advantages.js';
import { combinedKlAdvantage } from './kl-placement.js';
import { maskedColumnMoments } from './whiten.js';
import { resolveTrainerOptions, type ResolvedTrainerOptions, type TrainerOptions } from './trainer-options.js';
import { TrainingError } from './training-error.js';
import { settingsDifferences, trainerSettings } from './trainer-settings.js';

/** A Noon-PPO trainer (see {@link createTrainer}). */
export interface Trainer {
  /** Steps completed. */
  readonly stepCount: number;
  /** The validated options with their defaults. */
  readonly options: ResolvedTrainerOptions;
  /** Samples, scores and updates once; resolves to the step's metrics. */
  step(): Promise<StepMetrics>;
  /** A full snapshot of the training state (plain data; see checkpoint-io for the file form). */
  checkpoint(): Promise<TrainerCheckpoint>;
  /**
   * Restores a snapshot taken by a trainer of the same method, objectives and model config. The PPO,
   * sampling, batch, weight and tokenizer settings must match too (exact resume depends on them), unless
   * `allowChangedSettings` says that continuing with new settings is intended.
   */
  restore(checkpoint: TrainerCheckpoint, options?: RestoreOptions): Promise<void>;
  /** Frees the optimizer state (the models belong to the caller). */
  dispose(): void;
}

/** Options of `trainer.restore`. */
export interface RestoreOptions {
  /** Resume even when the checkpoint's settings differ from this trainer's (e.g. a new learning rate). */
  readonly allowChangedSettings?: boolean;
}

/** The solvers the trainer needs from pama-core. */
export interface TrainerSolvers {
  readonly combine: AdvantageCombiner;
  /** MGDA-UB's min-norm weights from the Gram matrix of the per-objective gradients. */
  readonly minNorm: MinNormGramSolver;
}

/**
 * The trainer with the caller's solvers ({@link createTrainer} passes pama-core's); for testing or
 * for another combine.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * // createTrainer with other solvers: here PAMA steered towards the second objective.
 * const trainer = createTrainerWithSolvers(options, { combine: preferenceCombinerWithPamaCore([0.2, 0.8]), minNorm: minNormFromGramWithPamaCore });
 * (await trainer.step()).meanRewards.length; // 2
 */
export function createTrainerWithSolvers(options: TrainerOptions, solvers: TrainerSolvers): Trainer {
  const resolved = resolveTrainerOptions(options);
  const { model, reference, rng, ppo, nObjectives: N } = resolved;
  const optimizer: ClippedAdam = createClippedAdam(model.trainableVariables, {
    learningRate: ppo.learningRate,
    maxGradNorm: ppo.maxGradNorm,
  });
  const kl: KlController = createKlController(ppo.kl);
  const settings = trainerSettings(resolved);
  // The method, behind the one seam: nothing below knows which method runs.
  const combiner = objectiveCombinerFor({
    method: resolved.method,
    granularity: resolved.granularity,
    noon: resolved.noon,
    weights: resolved.weights,
    combine: solvers.combine,
    minNorm: solvers.minNorm,
  });
  let stepCount = 0;

  async function step(): Promise<StepMetrics> {
    // A step is long synchronous work: yield to the event loop once so timers and I/O stay served.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const timer = new PhaseTimer();
    const started = performance.now();
    const sampling = resolved.sampling;

    const generation = await timer.timeAsync('generate', async () => {
      // The group estimator answers each of B/G prompts G times, in consecutive rows.
      const G = resolved.estimator === 'group' ? resolved.groupSize : 1;
      const drawn = resolved.promptSampler(rng, resolved.batchSize / G);
      if (drawn.length !== resolved.batchSize / G) {
        throw new TrainingError('promptSampler().length', drawn.length, `must equal ${resolved.batchSize / G}`);
      }
      const prompts = G === 1 ? drawn : drawn.flatMap((prompt) => Array.from({ length: G }, () => prompt));
      return resolved.generate(model, prompts, {
        maxNewTokens: sampling.maxNewTokens,
        temperature: sampling.temperature,
        topK: sampling.topK,
        eosId: sampling.eosId,
        rng,
      });
    });
    validateGeneration(generation, model.config.contextLength);
    const { batchSize: B, promptLength: P, maxNewTokens: T } = generation;
    const mask = Float32Array.from(generation.responseMask);

    const rawScores = await timer.timeAsync('score', () => scoreGeneration(resolved, generation));
    const met = resolved.targets ? objectivesMet(rawScores, resolved.targets, B) : undefined;
    const scores = resolved.normalizer ? resolved.normalizer.normalize(Float64Array.from(rawScores), B, N) : rawScores;

    const critic = resolved.estimator === 'gae';
    const rollout = await timer.timeAsync('rollout', () => scoreRollout(model, reference, generation, sampling.temperature, critic));

    const beta = kl.value;
    const advantages = timer.time('advantages', () =>
      stepAdvantages(resolved, combiner, { rollout, scores, mask, batchSize: B, length: T, beta }),
    );
    const klAdvantage =
      resolved.klPlacement === 'combined'
        ? combinedKlAdvantage({
            logProbsOld: rollout.logProbsOld,
            logProbsRef: rollout.logProbsRef,
            mask,
            batchSize: B,
            length: T,
            beta,
            gamma: ppo.gamma,
            scale: advantages.rewardScale,
          })
        : undefined;

    const update = await runPolicyUpdate(
      {
        model,
        optimizer,
        ppo,
        temperature: sampling.temperature,
        combiner,
        critic,
        klLossCoef: resolved.klPlacement === 'loss' ? beta : 0,
        rng,
        timer,
      },
      {
        tokens: generation.tokens,
        batchSize: B,
        promptLength: P,
        responseLength: T,
        nObjectives: N,
        mask,
        logProbsOld: rollout.logProbsOld,
        oldValues: rollout.values,
        returns: advantages.returns,
        perObjective: advantages.perObjective,
        scalar: advantages.scalar,
        objectiveMask: met?.mask,
        logProbsRef: resolved.klPlacement === 'loss' ? rollout.logProbsRef : undefined,
        klAdvantage,
      },
    );

    // Sequence-level KL to the reference and the sampling entropy, over valid tokens.
    let klSum = 0;
    let entropySum = 0;
    let tokenCount = 0;
    for (let k = 0; k < B * T; k++) {
      if (mask[k] === 0) continue;
      klSum += rollout.logProbsOld[k] - rollout.logProbsRef[k];
      entropySum += rollout.entropy[k];
      tokenCount++;
    }
    const klToReference = klSum / B;
    kl.update(klToReference, B);
    stepCount++;
    const rewardMoments = Array.from({ length: N }, (_, i) => maskedColumnMoments(rawScores, allValid(B), N, i));
    const advantageMoments = Array.from({ length: N }, (_, i) => maskedColumnMoments(advantages.raw, mask, N, i));
    return {
      step: stepCount,
      method: resolved.method,
      granularity: resolved.granularity,
      noon: resolved.noon,
      klPlacement: resolved.klPlacement,
      estimator: resolved.estimator,
      meanRewards: rewardMoments.map((m) => m.mean),
      rewardStd: rewardMoments.map((m) => Math.sqrt(m.variance)),
      advantageMean: advantageMoments.map((m) => m.mean),
      advantageStd: advantageMoments.map((m) => Math.sqrt(m.variance)),
      combinedAdvantageMean: update.combinedAdvantageMean,
      vetoRate: update.vetoRate,
      klToReference,
      klCoef: beta,
      entropy: tokenCount > 0 ? entropySum / tokenCount : 0,
      meanResponseLength: tokenCount / B,
      clipFraction: update.clipFraction,
      approxKl: update.approxKl,
      policyLoss: update.policyLoss,
      valueLoss: update.valueLoss,
      gradNorm: update.gradNorm,
      objectiveWeights: Array.from(update.objectiveWeights),
      ...(met ? { objectivesMet: met.fractions } : {}),
      epochs: update.epochs,
      minibatches: update.minibatches,
      earlyStopped: update.earlyStopped,
      responseTokens: tokenCount,
      timings: timer.snapshot(),
      totalMs: performance.now() - started,
    };
  }

  async function checkpoint(): Promise<TrainerCheckpoint> {
    // The plain-JavaScript state is taken first, at the same instant as the tensors are requested.
    const plain = {
      step: stepCount,
      rng: rng.getState(),
      klController: kl.getState(),
      normalizer: resolved.normalizer ? resolved.normalizer.getState() : undefined,
    };
    // GPU→CPU read: weights and optimizer moments become plain data, all requested before any is awaited.
    const [modelWeights, referenceWeights, optimizerState] = await Promise.all([
      model.exportWeights(),
      reference.exportWeights(),
      optimizer.getState(),
    ]);
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      step: plain.step,
      method: resolved.method,
      granularity: resolved.granularity,
      nObjectives: N,
      modelConfig: { ...model.config },
      settings: { ...settings },
      model: modelWeights,
      reference: referenceWeights,
      optimizer: optimizerState,
      rng: plain.rng,
      klController: plain.klController,
      normalizer: plain.normalizer,
    };
  }

  async function restore(saved: TrainerCheckpoint, options: RestoreOptions = {}): Promise<void> {
    requireSame('format', saved.format, CHECKPOINT_FORMAT);
    requireSame('version', saved.version, CHECKPOINT_VERSION);
    requireSame('method', saved.method, resolved.method);
    requireSame('granularity', saved.granularity, resolved.granularity);
    requireSame('nObjectives', saved.nObjectives, N);
    requireSameEstimator(saved, resolved.estimator, model.config.nValueHeads);
    for (const [key, value] of Object.entries(model.config)) {
      requireSame(`modelConfig.${key}`, (saved.modelConfig as unknown as Record<string, unknown>)?.[key], value);
    }
    if (saved.settings === null || typeof saved.settings !== 'object') {
      throw new TrainingError('settings', saved.settings, 'the checkpoint must record the settings it was trained with');
    }
    if (!options.allowChangedSettings) {
      // Checkpoints from before Noon and the KL placement were settings ran with the defaults.
      const savedSettings = {
        noon: defaultNoon(resolved.method),
        klPlacement: 'per-objective',
        estimator: 'gae',
        groupSize: 4,
        groupScale: 'group',
        ...saved.settings,
      };
      const [first, ...rest] = settingsDifferences(savedSettings, settings);
      if (first) {
        const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((d) => d.field).join(', ')})` : '';
        throw new TrainingError(
          `settings.${first.field}`,
          first.saved,
          `the checkpoint was trained with ${String(first.saved)}, this trainer has ${String(first.current)}${more}; pass { allowChangedSettings: true } to resume with the new settings anyway`,
        );
      }
    }
    if (!Number.isInteger(saved.step) || saved.step < 0) throw new TrainingError('step', saved.step, 'must be a non-negative integer');
    if (resolved.normalizer && saved.normalizer === undefined) {
      throw new TrainingError('normalizer', undefined, 'the trainer has a normalizer but the checkpoint holds no state for it');
    }
    // Validate everything before changing anything, so a bad checkpoint leaves the trainer as it was.
    // GPU→CPU read: the current weights' names and shapes to check against (restore is rare).
    const [current, currentReference] = await Promise.all([model.exportWeights(), reference.exportWeights()]);
    requireSameWeights('model', saved.model, current);
    requireSameWeights('reference', saved.reference, currentReference);
    const moments = saved.optimizer?.moments;
    if (!Array.isArray(moments) || moments.length !== model.trainableVariables.length) {
      throw new TrainingError('optimizer.moments.length', moments?.length, `must equal ${model.trainableVariables.length}`);
    }
    requireSame('rng.algorithm', saved.rng?.algorithm, rng.getState().algorithm);
    model.importWeights(saved.model);
    reference.importWeights(saved.reference);
    optimizer.setState(saved.optimizer);
    rng.setState(saved.rng);
    kl.setState(saved.klController);
    if (resolved.normalizer) resolved.normalizer.setState(saved.normalizer);
    stepCount = saved.step;
  }

  return {
    get stepCount() {
      return stepCount;
    },
    options: resolved,
    step,
    checkpoint,
    restore,
    dispose: () => optimizer.dispose(),
  };
}

/** A mask of n valid positions (the per-response scores have no padding). */
function allValid(n: number): Float32Array {
  return new Float32Array(n).fill(1);
}

/** B×N objective mask from raw scores: 0 where the score reached the objective's target. */
function objectivesMet(
  scores: ArrayLike<number>,
  targets: ReadonlyArray<number | null>,
  B: number,
): { mask: Float32Array; fractions: number[] } {
  const N = targets.length;
  const mask = new Float32Array(B * N).fill(1);
  const fractions = new Array<number>(N).fill(0);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      const target = targets[i];
      if (target !== null && scores[b * N + i] >= target) {
        mask[b * N + i] = 0;
        fractions[i] += 1 / B;
      }
    }
  }
  return { mask, fractions };
}

function requireSameWeights(field: string, saved: WeightMap, current: WeightMap): void {
  const names = Object.keys(current);
  const savedNames = Object.keys(saved ?? {});
  if (savedNames.length !== names.length) throw new TrainingError(`${field}`, `${savedNames.length} weights`, `must hold ${names.length}`);
  for (const name of names) {
    const entry = saved[name];
    if (!entry) throw new TrainingError(`${field}.${name}`, undefined, 'is missing');
    if (entry.shape.join('×') !== current[name].shape.join('×') || entry.data.length !== current[name].data.length) {
      throw new TrainingError(`${field}.${name}.shape`, entry.shape.join('×'), `must be ${current[name].shape.join('×')}`);
    }
  }
}

/**
 * A run keeps its estimator: a GAE run's model has value heads that a group run's (nValueHeads 0)
 * has not, so the weights and Adam state would not fit. Said before the weights are compared, in
 * these terms. (Only the model's heads decide: a group trainer on a model with heads may resume
 * a GAE checkpoint when changed settings are allowed.)
 */
function requireSameEstimator(saved: TrainerCheckpoint, estimator: string, nValueHeads: number): void {
  const savedEstimator = (saved.settings as { estimator?: unknown } | undefined)?.estimator ?? 'gae';
  const savedHeads = saved.modelConfig?.nValueHeads;
  if (savedEstimator === estimator || savedHeads === nValueHeads) return;
  throw new TrainingError(
    'settings.estimator',
    savedEstimator,
    `the checkpoint was trained with estimator '${String(savedEstimator)}' (${String(savedHeads)} value heads), this trainer uses '${estimator}' (${nValueHeads} value heads); a run cannot change its estimator`,
  );
}

function requireSame(field: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new TrainingError(field, actual, `checkpoint does not match this trainer (expected ${String(expected)})`);
}

async function scoreGeneration(resolved: ResolvedTrainerOptions, generation: import('../contracts.js').Generation): Promise<Float64Array> {
  const { batchSize: B, promptLength: P, maxNewTokens: T } = generation;
  const L = P + T;
  const promptTokens: number[][] = [];
  const responseTokens: number[][] = [];
  for (let b = 0; b < B; b++) {
    promptTokens.push(Array.from(generation.tokens.subarray(b * L, b * L + P)));
    const length = generation.responseLengths[b];
    responseTokens.push(Array.from(generation.tokens.subarray(b * L + P, b * L + P + length)));
  }
  const tokenizer = resolved.tokenizer;
  const prompts = tokenizer ? promptTokens.map((ids) => tokenizer.decode(ids)) : undefined;
  const responses = tokenizer ? responseTokens.map((ids) => tokenizer.decode(ids)) : undefined;
  if (resolved.rewardSources) {
    const items = prompts!.map((prompt, b) => ({ prompt, response: responses![b] }));
    return scoreWithSources(resolved.rewardSources, items);
  }
  return scoreWithFunction(resolved.rewardFn!, { promptTokens, responseTokens, prompts, responses }, resolved.nObjectives);
}
