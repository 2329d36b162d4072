// What createTrainer accepts, with defaults and validation: every bad field is named in the error.
import type { Generation, GenerateOptions, PolicyValueModel, Rng, Tokenizer } from '../contracts.js';
import type { RewardNormalizerLike, RewardSourceLike, RewardFn } from './reward-scoring.js';
import { TrainingError, requireFinite, requireInRange, requirePositiveInteger } from './training-error.js';

export type TrainingMethod = 'pama' | 'morlhf' | 'mgda-ub' | 'ppo';
export type CombineGranularity = 'token' | 'sample' | 'batch' | 'gram';
export const TRAINING_METHODS: readonly TrainingMethod[] = ['pama', 'morlhf', 'mgda-ub', 'ppo'];
export const COMBINE_GRANULARITIES: readonly CombineGranularity[] = ['token', 'sample', 'batch', 'gram'];

export interface KlOptions {
  /** Initial (or fixed) β. */
  readonly coef: number;
  readonly adaptive: boolean;
  /** Target KL per response for the adaptive controller. */
  readonly target: number;
  /** Horizon (in samples) of the adaptive controller. */
  readonly horizon: number;
}

export interface PpoHyperParameters {
  readonly gamma: number;
  readonly lambda: number;
  readonly clipEpsilon: number;
  /** Passes over the rollout batch per step. */
  readonly epochs: number;
  /** Rows per minibatch. */
  readonly minibatchSize: number;
  readonly learningRate: number;
  readonly maxGradNorm: number;
  readonly kl: KlOptions;
  /** Stop the epoch loop once a minibatch's approximate KL(π_old‖π_θ) per token exceeds this; undefined = never. */
  readonly targetKlEarlyStop?: number;
  /** Per-objective mask-aware whitening of the advantages. */
  readonly whiten: boolean;
  /** Weight of the summed value losses in the total loss. */
  readonly valueCoef: number;
  /** Weight of the entropy bonus. */
  readonly entropyCoef: number;
  /** PPO value clipping range; undefined = unclipped value loss. */
  readonly valueClip?: number;
}

export const DEFAULT_PPO: PpoHyperParameters = Object.freeze({
  gamma: 1,
  lambda: 0.95,
  clipEpsilon: 0.2,
  epochs: 4,
  minibatchSize: 8,
  learningRate: 1e-4,
  maxGradNorm: 1,
  kl: Object.freeze({ coef: 0.05, adaptive: false, target: 6, horizon: 10000 }),
  targetKlEarlyStop: undefined,
  whiten: true,
  valueCoef: 0.1,
  entropyCoef: 0,
  valueClip: undefined,
});

export interface TrainerSamplingOptions {
  readonly maxNewTokens: number;
  readonly temperature: number;
  readonly topK: number;
  readonly eosId?: number;
}

/** Samples a batch of responses; the model package's `generate` fits this shape. */
export type GenerateFn = (
  model: PolicyValueModel,
  prompts: ReadonlyArray<ReadonlyArray<number>>,
  options: GenerateOptions,
) => Generation | Promise<Generation>;

/** Draws `batchSize` prompts (token ids, all of one length) using the trainer's RNG. */
export type PromptSampler = (rng: Rng, batchSize: number) => ReadonlyArray<ReadonlyArray<number>>;

export interface TrainerOptions {
  readonly model: PolicyValueModel;
  /** Frozen reference policy π_ref for the KL penalty. */
  readonly reference: PolicyValueModel;
  /** Decodes prompts and responses for reward sources (required with rewardSources). */
  readonly tokenizer?: Tokenizer;
  /** N reward sources, one per objective (or use rewardFn). */
  readonly rewardSources?: readonly RewardSourceLike[];
  readonly rewardFn?: RewardFn;
  /** Number of objectives when rewardFn is used (default: the model's value heads). */
  readonly nObjectives?: number;
  /** Optional running normalisation of the scores; its state is checkpointed. */
  readonly normalizer?: RewardNormalizerLike;
  readonly method: TrainingMethod;
  /**
   * PAMA combine granularity (method 'pama' only); default 'sample': on pama-core's generated bandits it
   * never stalls short of Pareto stationarity where 'token' and 'gram' do, and on the bundled task the
   * four are within seed noise (docs/granularity-study.md in the repository).
   */
  readonly granularity?: CombineGranularity;
  /** MORLHF fixed weights w (method 'morlhf'); non-negative, finite, one per objective. */
  readonly objectiveWeights?: readonly number[];
  /**
   * PAMA only ('token' or 'sample'): per objective, a raw score at or above which the objective is met
   * for a response (null: never met). A met objective leaves that response's Theorem-1 problem
   * (pama-core's objectiveMask), so an objective at its cap stops vetoing the others there.
   */
  readonly objectiveTargets?: ReadonlyArray<number | null>;
  readonly ppo?: Partial<Omit<PpoHyperParameters, 'kl'>> & { readonly kl?: Partial<KlOptions> };
  readonly sampling: TrainerSamplingOptions;
  readonly batchSize: number;
  readonly rng: Rng;
  readonly promptSampler: PromptSampler;
  readonly generate: GenerateFn;
}

export interface ResolvedTrainerOptions extends TrainerOptions {
  readonly granularity: CombineGranularity;
  /** One entry per objective (null: never met), or undefined when no targets were given. */
  readonly targets: ReadonlyArray<number | null> | undefined;
  readonly ppoResolved: PpoHyperParameters;
  readonly nObjectives: number;
  readonly weights: Float64Array;
}

export function resolveTrainerOptions(options: TrainerOptions): ResolvedTrainerOptions {
  if (options === null || typeof options !== 'object') throw new TrainingError('options', options, 'must be an object');
  if (!TRAINING_METHODS.includes(options.method)) {
    throw new TrainingError('method', options.method, `must be one of ${TRAINING_METHODS.join(', ')}`);
  }
  const granularity = options.granularity ?? 'sample';
  if (!COMBINE_GRANULARITIES.includes(granularity)) {
    throw new TrainingError('granularity', granularity, `must be one of ${COMBINE_GRANULARITIES.join(', ')}`);
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
  const nObjectives = hasSources
    ? options.rewardSources!.length
    : requirePositiveInteger('nObjectives', options.nObjectives ?? options.model.config.nValueHeads);
  if (nObjectives < 1) throw new TrainingError('rewardSources.length', nObjectives, 'must be ≥ 1');
  if (options.model.config.nValueHeads !== nObjectives) {
    throw new TrainingError('model.config.nValueHeads', options.model.config.nValueHeads, `must equal the number of objectives ${nObjectives}`);
  }
  if (options.method === 'ppo' && nObjectives !== 1) {
    throw new TrainingError('rewardSources.length', nObjectives, "method 'ppo' is single-objective: give exactly one");
  }
  const weights = new Float64Array(nObjectives).fill(1 / nObjectives);
  if (options.method === 'morlhf') {
    const w = options.objectiveWeights;
    if (!w || w.length !== nObjectives) {
      throw new TrainingError('objectiveWeights', w, `method 'morlhf' needs ${nObjectives} weights`);
    }
    let sum = 0;
    w.forEach((x, i) => {
      requireFinite(`objectiveWeights[${i}]`, x);
      if (x < 0) throw new TrainingError(`objectiveWeights[${i}]`, x, 'must be ≥ 0');
      weights[i] = x;
      sum += x;
    });
    if (Math.abs(sum - 1) > 1e-6) throw new TrainingError('objectiveWeights', sum, 'must sum to 1');
  }
  const targets = resolveObjectiveTargets(options, granularity, nObjectives);
  const batchSize = requirePositiveInteger('batchSize', options.batchSize);
  const sampling = options.sampling;
  if (!sampling) throw new TrainingError('sampling', sampling, 'is required');
  requirePositiveInteger('sampling.maxNewTokens', sampling.maxNewTokens);
  const temperature = requireFinite('sampling.temperature', sampling.temperature);
  if (temperature <= 0) throw new TrainingError('sampling.temperature', temperature, 'must be > 0');

  const p = options.ppo ?? {};
  const kl: KlOptions = { ...DEFAULT_PPO.kl, ...(p.kl ?? {}) };
  // The default minibatch shrinks to the batch; an explicit one larger than the batch is an error.
  const minibatchSize = p.minibatchSize ?? Math.min(DEFAULT_PPO.minibatchSize, batchSize);
  const ppoResolved: PpoHyperParameters = { ...DEFAULT_PPO, ...p, minibatchSize, kl };
  requireInRange('ppo.gamma', ppoResolved.gamma, 0, 1);
  requireInRange('ppo.lambda', ppoResolved.lambda, 0, 1);
  requireInRange('ppo.clipEpsilon', ppoResolved.clipEpsilon, 0, 1, false);
  requirePositiveInteger('ppo.epochs', ppoResolved.epochs);
  requirePositiveInteger('ppo.minibatchSize', ppoResolved.minibatchSize);
  if (ppoResolved.minibatchSize > batchSize) {
    throw new TrainingError('ppo.minibatchSize', ppoResolved.minibatchSize, `must be ≤ batchSize ${batchSize}`);
  }
  if (!(requireFinite('ppo.learningRate', ppoResolved.learningRate) > 0)) {
    throw new TrainingError('ppo.learningRate', ppoResolved.learningRate, 'must be > 0');
  }
  if (!(ppoResolved.maxGradNorm > 0)) throw new TrainingError('ppo.maxGradNorm', ppoResolved.maxGradNorm, 'must be > 0');
  if (ppoResolved.targetKlEarlyStop !== undefined && !(requireFinite('ppo.targetKlEarlyStop', ppoResolved.targetKlEarlyStop) > 0)) {
    throw new TrainingError('ppo.targetKlEarlyStop', ppoResolved.targetKlEarlyStop, 'must be > 0');
  }
  if (requireFinite('ppo.valueCoef', ppoResolved.valueCoef) < 0) throw new TrainingError('ppo.valueCoef', ppoResolved.valueCoef, 'must be ≥ 0');
  requireFinite('ppo.entropyCoef', ppoResolved.entropyCoef);
  if (ppoResolved.valueClip !== undefined && !(requireFinite('ppo.valueClip', ppoResolved.valueClip) > 0)) {
    throw new TrainingError('ppo.valueClip', ppoResolved.valueClip, 'must be > 0');
  }
  return { ...options, granularity, ppoResolved, nObjectives, weights, targets };
}

function resolveObjectiveTargets(options: TrainerOptions, granularity: CombineGranularity, nObjectives: number): ReadonlyArray<number | null> | undefined {
  const targets = options.objectiveTargets;
  if (targets === undefined) return undefined;
  if (options.method !== 'pama') throw new TrainingError('objectiveTargets', options.method, "apply to method 'pama' only");
  if (granularity !== 'token' && granularity !== 'sample') {
    throw new TrainingError('objectiveTargets', granularity, "need granularity 'token' or 'sample' (they leave objectives out per response)");
  }
  if (!Array.isArray(targets) || targets.length !== nObjectives) {
    throw new TrainingError('objectiveTargets.length', (targets as unknown[] | undefined)?.length, `must equal the number of objectives ${nObjectives}`);
  }
  return targets.map((t, i) => (t === null ? null : requireFinite(`objectiveTargets[${i}]`, t)));
}
