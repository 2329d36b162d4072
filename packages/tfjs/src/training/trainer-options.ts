// What createTrainer accepts, with defaults and validation: every bad field is named in the error.
import type { Generation, GenerateOptions, PolicyValueModel, Rng, Tokenizer } from '../contracts.js';
import type { RewardNormalizerLike, RewardSourceLike, RewardFn } from './reward-scoring.js';
import { GRANULARITIES, type Granularity } from 'pama-core';
import { TrainingError, requirePositiveInteger } from './training-error.js';
import { settingDefaults, validateSettings, type SettingsSection } from './trainer-settings.js';
import { KL_PLACEMENTS, type KlPlacement } from './kl-placement.js';
import { ESTIMATORS, GROUP_SCALES, type Estimator, type GroupScale } from './group-estimator.js';
import { defaultNoon } from './combiners/index.js';

/** How the objectives meet: PAMA, linear scalarisation (MORLHF), GDPO, MGDA-UB, or single-objective PPO (combiners/). */
export type TrainingMethod = 'pama' | 'morlhf' | 'gdpo' | 'mgda-ub' | 'ppo';
/** PAMA's combine granularity: pama-core's list, the one declaration of it. */
export type CombineGranularity = Granularity;
/** Every {@link TrainingMethod}. */
export const TRAINING_METHODS: readonly TrainingMethod[] = ['pama', 'morlhf', 'gdpo', 'mgda-ub', 'ppo'];
/** Every {@link CombineGranularity}. */
export const COMBINE_GRANULARITIES: readonly CombineGranularity[] = GRANULARITIES;

/** KL penalty options (`ppo.kl.*` in TRAINING_SETTINGS): coef, adaptive, target, horizon. */
export type KlOptions = SettingsSection<'ppo.kl.'>;

/** PPO hyper-parameters (`ppo.*` in TRAINING_SETTINGS, where each is declared with its default and range). */
export interface PpoHyperParameters extends SettingsSection<'ppo.'> {
  readonly kl: KlOptions;
}

/** The defaults declared in TRAINING_SETTINGS. */
export const DEFAULT_PPO: PpoHyperParameters = Object.freeze({
  ...settingDefaults('ppo.'),
  kl: Object.freeze(settingDefaults('ppo.kl.')),
}) as unknown as PpoHyperParameters;

/** Sampling options (`sampling.*` in TRAINING_SETTINGS): maxNewTokens, temperature, topK and an optional eosId. */
export type TrainerSamplingOptions = SettingsSection<'sampling.'>;

/** Samples a batch of responses; the model package's `generate` fits this shape. */
export type GenerateFn = (
  model: PolicyValueModel,
  prompts: ReadonlyArray<ReadonlyArray<number>>,
  options: GenerateOptions,
) => Generation | Promise<Generation>;

/** Draws `batchSize` prompts (token ids, all of one length) using the trainer's RNG. */
export type PromptSampler = (rng: Rng, batchSize: number) => ReadonlyArray<ReadonlyArray<number>>;

/** What {@link createTrainer} accepts; the README's Training section explains each part. */
export interface TrainerOptions {
  readonly model: PolicyValueModel;
  /** Frozen reference policy π_ref for the KL penalty. */
  readonly reference: PolicyValueModel;
  /** Decodes prompts and responses for reward sources (required with rewardSources). */
  readonly tokenizer?: Tokenizer;
  /** N reward sources, one per objective (or use rewardFn). */
  readonly rewardSources?: readonly RewardSourceLike[];
  readonly rewardFn?: RewardFn;
  /** Number of objectives when rewardFn is used (default: the model's value heads; required for a model without them). */
  readonly nObjectives?: number;
  /** Optional running normalisation of the scores; its state is checkpointed. */
  readonly normalizer?: RewardNormalizerLike;
  readonly method: TrainingMethod;
  /**
   * PAMA combine granularity (method 'pama' only); default 'sample': on the bundled BPE task 'token'
   * and 'sample' are the only ones that raise both objectives (level within seed noise, 'token' at
   * more KL), and on pama-core's bandits 'sample' reaches stationarity where 'batch', and 'token' or
   * 'gram' with Noon, stall (the repository's docs/bundled-task.md, "The default granularity").
   */
  readonly granularity?: CombineGranularity;
  /** Fixed weights w (methods 'morlhf' and 'gdpo'); non-negative, finite, one per objective. */
  readonly objectiveWeights?: readonly number[];
  /**
   * PAMA only ('token' or 'sample'): per objective, a raw score at or above which the objective is met
   * for a response (null: never met). A met objective leaves that response's Theorem-1 problem
   * (pama-core's objectiveMask), so an objective at its cap stops vetoing the others there.
   */
  readonly objectiveTargets?: ReadonlyArray<number | null>;
  readonly ppo?: Partial<Omit<PpoHyperParameters, 'kl'>> & { readonly kl?: Partial<KlOptions> };
  /** Clamp advantages to ≥ 0 before they meet (Noon PPO). Default: on for pama and mgda-ub, off for the others. */
  readonly noon?: boolean;
  /** Where the KL penalty enters (kl-placement.ts). Default 'per-objective', the paper's. */
  readonly klPlacement?: KlPlacement;
  /**
   * 'gae' (default): per-objective GAE with the model's N value heads (nValueHeads must equal the
   * number of objectives). 'group': critic-free, G responses per prompt, advantages relative to the
   * group (group-estimator.ts); no value head is read or trained, so build the model with
   * nValueHeads 0 (any number is accepted; heads it has stay as they are and keep Adam state).
   */
  readonly estimator?: Estimator;
  /** G, responses per prompt under 'group' (default 4); must divide batchSize. */
  readonly groupSize?: number;
  /** Scaling of the group-relative advantages (default 'group', TRL's scale_rewards). */
  readonly groupScale?: GroupScale;
  readonly sampling: TrainerSamplingOptions;
  readonly batchSize: number;
  readonly rng: Rng;
  readonly promptSampler: PromptSampler;
  readonly generate: GenerateFn;
}

/** The options after validation, with every default filled in (`trainer.options`). */
export interface ResolvedTrainerOptions extends Omit<TrainerOptions, 'ppo'> {
  readonly granularity: CombineGranularity;
  readonly noon: boolean;
  readonly klPlacement: KlPlacement;
  readonly estimator: Estimator;
  readonly groupSize: number;
  readonly groupScale: GroupScale;
  /** One entry per objective (null: never met), or undefined when no targets were given. */
  readonly targets: ReadonlyArray<number | null> | undefined;
  /** Every PPO hyper-parameter, the given ones over {@link DEFAULT_PPO}. */
  readonly ppo: PpoHyperParameters;
  readonly nObjectives: number;
  readonly weights: Float64Array;
}

/**
 * Validates trainer options and fills in the defaults; throws TrainingError naming the first bad field.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const resolved = resolveTrainerOptions(options);
 * resolved.weights; // [0.5, 0.5]: uniform unless objectiveWeights are given
 * resolved.noon; // true: PAMA clamps with Noon unless told otherwise
 * resolveTrainerOptions({ ...options, ppo: { clipEpsilon: 2 } }); // throws TrainingError: ppo.clipEpsilon: must be in (0, 1) (got 2)
 */
export function resolveTrainerOptions(options: TrainerOptions): ResolvedTrainerOptions {
  if (options === null || typeof options !== 'object') throw new TrainingError('options', options, 'must be an object');
  if (!TRAINING_METHODS.includes(options.method)) {
    throw new TrainingError('method', options.method, `must be one of ${TRAINING_METHODS.join(', ')}`);
  }
  const granularity = options.granularity ?? 'sample';
  if (!COMBINE_GRANULARITIES.includes(granularity)) {
    throw new TrainingError('granularity', granularity, `must be one of ${COMBINE_GRANULARITIES.join(', ')}`);
  }
  const noon = options.noon ?? defaultNoon(options.method);
  if (typeof noon !== 'boolean') throw new TrainingError('noon', noon, 'must be true or false');
  const klPlacement = options.klPlacement ?? 'per-objective';
  if (!KL_PLACEMENTS.includes(klPlacement)) {
    throw new TrainingError('klPlacement', klPlacement, `must be one of ${KL_PLACEMENTS.join(', ')}`);
  }
  if (!options.model) throw new TrainingError('model', options.model, 'is required');
  if (!options.reference) throw new TrainingError('reference', options.reference, 'is required');
  if (options.reference === options.model) throw new TrainingError('reference', 'model', 'must be a separate frozen copy');
  if (typeof options.generate !== 'function') throw new TrainingError('generate', options.generate, 'must be a function');
  if (typeof options.promptSampler !== 'function') {
    throw new TrainingError('promptSampler', options.promptSampler, 'must be a function');
  }
  if (!options.rng || typeof options.rng.nextUint32 !== 'function') throw new TrainingError('rng', options.rng, 'must be an Rng');
  const hasSources = options.rewardSources !== undefined;
  const hasFn = options.rewardFn !== undefined;
  if (hasSources === hasFn) {
    throw new TrainingError('rewardSources', options.rewardSources, 'give exactly one of rewardSources and rewardFn');
  }
  if (hasSources && !options.tokenizer) {
    throw new TrainingError('tokenizer', options.tokenizer, 'is required to decode text for rewardSources');
  }
  if (hasFn && options.nObjectives === undefined && options.model.config.nValueHeads === 0) {
    throw new TrainingError('nObjectives', undefined, 'is required with rewardFn when the model has no value heads to count them');
  }
  const nObjectives = hasSources
    ? options.rewardSources!.length
    : requirePositiveInteger('nObjectives', options.nObjectives ?? options.model.config.nValueHeads);
  if (nObjectives < 1) throw new TrainingError('rewardSources.length', nObjectives, 'must be ≥ 1');
  const estimator = options.estimator ?? 'gae';
  if (!ESTIMATORS.includes(estimator)) throw new TrainingError('estimator', estimator, `must be one of ${ESTIMATORS.join(', ')}`);
  const groupSize = requirePositiveInteger('groupSize', options.groupSize ?? 4);
  const groupScale = options.groupScale ?? 'group';
  if (!GROUP_SCALES.includes(groupScale)) throw new TrainingError('groupScale', groupScale, `must be one of ${GROUP_SCALES.join(', ')}`);
  if (estimator === 'group' && options.batchSize % groupSize !== 0) {
    throw new TrainingError('groupSize', groupSize, `must divide batchSize ${options.batchSize}`);
  }
  if (estimator === 'gae' && options.model.config.nValueHeads !== nObjectives) {
    throw new TrainingError(
      'model.config.nValueHeads',
      options.model.config.nValueHeads,
      `must equal the number of objectives ${nObjectives} under estimator 'gae' (a model without value heads trains only with estimator 'group')`,
    );
  }
  if (options.method === 'ppo' && nObjectives !== 1) {
    throw new TrainingError('rewardSources.length', nObjectives, "method 'ppo' is single-objective: give exactly one");
  }
  const weights = new Float64Array(nObjectives).fill(1 / nObjectives);
  if (options.method === 'morlhf' || options.method === 'gdpo') {
    const problem = objectiveWeightsError(options.objectiveWeights, nObjectives);
    if (problem !== null) throw problem;
    weights.set(options.objectiveWeights!);
  }
  const targetsProblem = objectiveTargetsError(options.method, granularity, options.objectiveTargets, nObjectives);
  if (targetsProblem !== null) throw targetsProblem;
  const targets = options.objectiveTargets;
  if (!options.sampling) throw new TrainingError('sampling', options.sampling, 'is required');
  const p = options.ppo ?? {};
  const kl: KlOptions = { ...DEFAULT_PPO.kl, ...(p.kl ?? {}) };
  // The default minibatch shrinks to the batch; an explicit one larger than the batch is an error.
  const minibatchSize = p.minibatchSize ?? Math.min(DEFAULT_PPO.minibatchSize, options.batchSize);
  const ppo: PpoHyperParameters = { ...DEFAULT_PPO, ...p, minibatchSize, kl };
  // Every declared setting against its declared range (TRAINING_SETTINGS), naming the first bad one.
  validateSettings({ ppo, sampling: options.sampling, batchSize: options.batchSize });
  const minibatchProblem = minibatchSizeError(ppo.minibatchSize, options.batchSize);
  if (minibatchProblem !== null) throw minibatchProblem;
  return { ...options, granularity, noon, klPlacement, estimator, groupSize, groupScale, ppo, nObjectives, weights, targets };
}

// The rules between fields, exported so that a layer validating its own input before it builds a
// trainer (a configuration file) applies these very rules rather than restating them. Each returns
// the TrainingError createTrainer would throw, or null; the reasons name no other field, so a
// caller can report them under its own keys.

/**
 * A PPO minibatch larger than the batch.
 *
 * @example
 * minibatchSizeError(8, 4)?.message; // 'ppo.minibatchSize: must be at most the batch size, 4 (got 8)'
 * minibatchSizeError(4, 4); // null
 */
export function minibatchSizeError(minibatchSize: number, batchSize: number): TrainingError | null {
  return minibatchSize > batchSize
    ? new TrainingError('ppo.minibatchSize', minibatchSize, `must be at most the batch size, ${batchSize}`)
    : null;
}

/**
 * MORLHF's fixed weights: one per objective, each finite and ≥ 0, summing to 1 within 1e-6.
 *
 * @example
 * objectiveWeightsError([0.5, 0.6], 2)?.message; // 'objectiveWeights: must sum to 1 (got 1.1)'
 * objectiveWeightsError([0.25, 0.75], 2); // null
 */
export function objectiveWeightsError(weights: readonly number[] | undefined, nObjectives: number): TrainingError | null {
  if (!Array.isArray(weights) || weights.length !== nObjectives) {
    return new TrainingError('objectiveWeights', weights, `method 'morlhf' needs ${nObjectives} weights`);
  }
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const x = weights[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return new TrainingError(`objectiveWeights[${i}]`, x, 'must be a finite number');
    if (x < 0) return new TrainingError(`objectiveWeights[${i}]`, x, 'must be ≥ 0');
    sum += x;
  }
  return Math.abs(sum - 1) > 1e-6 ? new TrainingError('objectiveWeights', sum, 'must sum to 1') : null;
}

/**
 * PAMA's objective targets: method 'pama' only, with a per-response granularity, one finite
 * target or null per objective; absent targets are always fine.
 *
 * @example
 * objectiveTargetsError('pama', 'gram', [null, 1.5], 2)?.reason; // "need granularity 'token' or 'sample', not 'gram' (they leave objectives out per response)"
 * objectiveTargetsError('pama', 'sample', [null, 1.5], 2); // null
 */
export function objectiveTargetsError(
  method: TrainingMethod,
  granularity: CombineGranularity,
  targets: ReadonlyArray<number | null> | undefined,
  nObjectives: number,
): TrainingError | null {
  if (targets === undefined) return null;
  if (method !== 'pama') return new TrainingError('objectiveTargets', method, "apply to method 'pama' only");
  if (granularity !== 'token' && granularity !== 'sample') {
    return new TrainingError(
      'objectiveTargets',
      granularity,
      `need granularity 'token' or 'sample', not '${granularity}' (they leave objectives out per response)`,
    );
  }
  if (!Array.isArray(targets) || targets.length !== nObjectives) {
    return new TrainingError(
      'objectiveTargets.length',
      (targets as unknown[] | undefined)?.length,
      `must equal the number of objectives ${nObjectives}`,
    );
  }
  const bad = targets.findIndex((t) => t !== null && (typeof t !== 'number' || !Number.isFinite(t)));
  return bad < 0 ? null : new TrainingError(`objectiveTargets[${bad}]`, targets[bad], 'must be a finite number');
}
