// The `pama align` configuration: its type, its schema and the two presets (default and --quick).
import { resolve } from 'node:path';
import { GRANULARITIES, type Granularity } from 'pama-core';
import { minibatchSizeError, objectiveTargetsError, objectiveWeightsError } from 'pama-tfjs/settings';
import { arrayOf, int, nullable, num, obj, oneOf, str, type FieldSchema } from './schema-dsl.js';
import { sectionDefaults, sectionSchema, type GenerationConfig, type PpoConfig } from './training-settings.js';
import type { ObjectiveSpec } from '../objectives/objective-spec.js';

export const METHODS = ['pama', 'morlhf', 'gdpo', 'mgda-ub'] as const;
/** Advantage estimators (pama-tfjs's ESTIMATORS) and the group estimator's scalings. */
export const ESTIMATORS = ['gae', 'group'] as const;
export const GROUP_SCALES = ['group', 'batch', 'none'] as const;
/** Where the KL penalty enters (pama-tfjs's KL_PLACEMENTS). */
export const KL_PLACEMENTS = ['per-objective', 'combined', 'loss'] as const;
export type KlPlacementChoice = (typeof KL_PLACEMENTS)[number];
/** Noon: 'on' / 'off' for every method, null = each method's own default (on for pama and mgda-ub). */
export const NOON_CHOICES = ['on', 'off'] as const;
export type Method = (typeof METHODS)[number];
export { GRANULARITIES, type Granularity };
export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** The Brown corpus's 15 categories (a–c press … r humour). */
export const BROWN_CATEGORY_LETTERS = 'abcdefghjklmnpr'.split('');
export type BackendChoice = (typeof BACKENDS)[number];
/** 'bpe': byte-level BPE learned from the corpus, no unknown token; 'word': frequent words plus <unk>. */
export const TOKENIZERS = ['bpe', 'word'] as const;
export type TokenizerChoice = (typeof TOKENIZERS)[number];

export interface ModelSize {
  readonly contextLength: number;
  readonly dModel: number;
  readonly nHeads: number;
  readonly nLayers: number;
  readonly dMlp: number;
}

/** Low-rank adapters on a frozen Hugging Face model (rank 0: every weight trains). */
export interface LoraConfig {
  readonly rank: number;
  /** null: 2 × rank. */
  readonly alpha: number | null;
  /** Module names (c_attn, q_proj, …); null: the architecture's default. */
  readonly targets: readonly string[] | null;
}

/**
 * The model to align: the built-in transformer of these sizes, pre-trained on the corpus, or —
 * with `path` — a Hugging Face GPT-2, Llama or Qwen2 directory (the sizes are then its own).
 */
export interface ModelConfig extends ModelSize {
  /** A Hugging Face model directory; null: the built-in model. */
  readonly path: string | null;
  readonly lora: LoraConfig;
}

/**
 * The KL placement a run uses: the config's, or with `kl.placement` null the estimator's own —
 * `loss` (β·k3, as GRPO) for the critic-free group estimator, which has no per-token returns to
 * carry it, and `per-objective` (the paper's) for GAE.
 *
 * @example klPlacementOf(DEFAULT_ALIGN_CONFIG); // 'loss'
 */
export function klPlacementOf(config: {
  readonly kl: { readonly placement: KlPlacementChoice | null };
  readonly estimator: { readonly kind: (typeof ESTIMATORS)[number] };
}): KlPlacementChoice {
  return config.kl.placement ?? (config.estimator.kind === 'group' ? 'loss' : 'per-objective');
}

/** The built-in model's sizes (what pre-training depends on), without path and LoRA. */
export function modelSize(config: { readonly model: ModelConfig }): ModelSize {
  const { contextLength, dModel, nHeads, nLayers, dMlp } = config.model;
  return { contextLength, dModel, nHeads, nLayers, dMlp };
}

export interface AlignConfig {
  readonly methods: readonly Method[];
  /** PAMA's granularity (ignored by the other methods). */
  readonly granularity: Granularity;
  /** Clamp advantages to ≥ 0 before they meet (Noon PPO); null = each method's default. */
  readonly noon: 'on' | 'off' | null;
  /**
   * Where the KL penalty enters: each objective's rewards (the paper), once on the combined
   * advantage, or the loss; null = the estimator's own (klPlacementOf).
   */
  readonly kl: { readonly placement: KlPlacementChoice | null };
  /**
   * 'gae': per-objective GAE with value heads. 'group': critic-free, groupSize responses per prompt,
   * advantages relative to the group, scaled by the group's std, the batch's or not at all.
   */
  readonly estimator: {
    readonly kind: (typeof ESTIMATORS)[number];
    readonly groupSize: number;
    readonly groupScale: (typeof GROUP_SCALES)[number];
  };
  readonly seeds: readonly number[];
  /** Alignment steps per run. */
  readonly steps: number;
  /** null: runs/<timestamp> in the working directory. */
  readonly outDir: string | null;
  /** null: `.pama-cache` beside the out dir. */
  readonly cacheDir: string | null;
  readonly backend: BackendChoice;
  readonly corpus: {
    readonly categories: readonly string[];
    readonly maxSentenceWords: number;
    readonly minSentenceWords: number;
    readonly tokenizer: TokenizerChoice;
    /** Word tokenizer only: rarer words become <unk>. */
    readonly minWordCount: number;
    /** Largest vocabulary, specials included (bpe: 256 bytes + merges + 3 specials, so ≥ 259). */
    readonly maxVocabulary: number;
  };
  readonly model: ModelConfig;
  readonly pretrain: { readonly steps: number; readonly batchSize: number; readonly learningRate: number; readonly seed: number };
  /** Training settings declared in pama-tfjs's TRAINING_SETTINGS (batch size, PPO, KL coefficient). */
  readonly ppo: PpoConfig;
  /** Sampling settings declared in TRAINING_SETTINGS. */
  readonly generation: GenerationConfig;
  /**
   * The objectives to align to (1..8), each with its reward source; absent: sentiment and length,
   * shaped by `rewards.*`. Validated by objectivesIssue (objectives/objective-spec.ts), not the schema.
   */
  readonly objectives?: readonly ObjectiveSpec[];
  readonly rewards: {
    /** Length reward clip(l / scale, low, high); scale null = two thirds of maxNewTokens (the paper's 140 of 210). */
    readonly length: { readonly scale: number | null; readonly low: number; readonly high: number };
    /** MORLHF's fixed linear weights, one per objective (sentiment, length). */
    readonly morlhfWeights: readonly number[];
    /**
     * PAMA's objective targets (sentiment, length), null = never met: a response whose score reaches
     * an objective's target leaves that objective out of its combine (pama-core's objectiveMask).
     * Default [null, null], the paper's PAMA; docs/pama-vs-morlhf.md measures [null, 1.5].
     */
    readonly pamaTargets: readonly (number | null)[];
  };
  readonly prompts: { readonly words: number; readonly evalCount: number; readonly samplesShown: number };
  /** Where text comes from; see DataConfig. */
  readonly data: DataConfig;
}

/**
 * Text sources. `corpus`: "brown" (the bundled Brown corpus) or a path to a .txt file (one text per
 * line) or a .jsonl file ({"text": …} per line) for pre-training. `prompts` / `testPrompts`: such a
 * file of prompts for training / evaluation; null draws them from the corpus. Relative paths in a
 * config file resolve against the config file's directory.
 */
export interface DataConfig {
  readonly corpus: string;
  readonly prompts: string | null;
  readonly testPrompts: string | null;
}

/** The data keys holding file paths (corpus only when it is not "brown"). */
const DATA_PATH_KEYS = ['corpus', 'prompts', 'testPrompts'] as const;

/** A config file layer with its `data` paths and `model.path` made absolute against `baseDir` (other keys untouched). */
export function resolveDataPaths(layer: unknown, baseDir: string): unknown {
  const model = (layer as { model?: unknown } | null)?.model;
  if (model !== null && typeof model === 'object' && !Array.isArray(model)) {
    const path = (model as { path?: unknown }).path;
    if (typeof path === 'string' && path.length > 0)
      layer = { ...(layer as Record<string, unknown>), model: { ...(model as Record<string, unknown>), path: resolve(baseDir, path) } };
  }
  const data = (layer as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return layer;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const key of DATA_PATH_KEYS) {
    const value = out[key];
    if (typeof value === 'string' && value.length > 0 && !(key === 'corpus' && value === 'brown')) out[key] = resolve(baseDir, value);
  }
  return { ...(layer as Record<string, unknown>), data: out };
}

const positive = num({ min: 0, exclusiveMin: true });

export const ALIGN_CONFIG_SCHEMA: FieldSchema = obj({
  methods: arrayOf(oneOf(...METHODS), { minItems: 1, maxItems: METHODS.length, unique: true }),
  granularity: oneOf(...GRANULARITIES),
  noon: nullable(oneOf(...NOON_CHOICES)),
  kl: obj({ placement: nullable(oneOf(...KL_PLACEMENTS)) }),
  estimator: obj({ kind: oneOf(...ESTIMATORS), groupSize: int(1, 4096), groupScale: oneOf(...GROUP_SCALES) }),
  seeds: arrayOf(int(0, 2 ** 31 - 1), { minItems: 1, maxItems: 100, unique: true }),
  steps: int(1, 100_000),
  outDir: nullable(str({ minLength: 1 })),
  cacheDir: nullable(str({ minLength: 1 })),
  backend: oneOf(...BACKENDS),
  corpus: obj({
    categories: arrayOf(oneOf(...BROWN_CATEGORY_LETTERS), { minItems: 1, unique: true }),
    maxSentenceWords: int(4, 200),
    minSentenceWords: int(2, 200),
    tokenizer: oneOf(...TOKENIZERS),
    minWordCount: int(1, 1000),
    maxVocabulary: int(16, 65_536),
  }),
  model: obj({
    contextLength: int(8, 1024),
    dModel: int(4, 1024),
    nHeads: int(1, 64),
    nLayers: int(1, 24),
    dMlp: int(4, 8192),
    path: nullable(str({ minLength: 1 })),
    lora: obj({
      rank: int(0, 4096),
      alpha: nullable(positive),
      targets: nullable(arrayOf(str({ minLength: 1 }), { minItems: 1, maxItems: 64, unique: true })),
    }),
  }),
  pretrain: obj({
    steps: int(0, 1_000_000),
    batchSize: int(1, 4096),
    learningRate: num({ min: 0, exclusiveMin: true, max: 1 }),
    seed: int(0, 2 ** 31 - 1),
  }),
  ppo: sectionSchema('ppo'),
  generation: sectionSchema('generation'),
  rewards: obj({
    length: obj({ scale: nullable(positive), low: num({ min: 0 }), high: positive }),
    morlhfWeights: arrayOf(num({ min: 0, max: 1 }), { minItems: 2, maxItems: 2 }),
    pamaTargets: arrayOf(nullable(num()), { minItems: 2, maxItems: 2 }),
  }),
  prompts: obj({ words: int(1, 64), evalCount: int(1, 10_000), samplesShown: int(0, 100) }),
  data: obj({ corpus: str({ minLength: 1 }), prompts: nullable(str({ minLength: 1 })), testPrompts: nullable(str({ minLength: 1 })) }),
});

export const DEFAULT_ALIGN_CONFIG: AlignConfig = {
  methods: ['pama', 'morlhf', 'mgda-ub'],
  // 'sample' by measurement (docs/combiner-study.md, "The defaults, re-decided"): under the group
  // estimator it reaches more reward than 'sample-mix' at the same KL, and it is the granularity that
  // objective targets need. It can veto-stall where no response beats its group in every objective
  // (pama-core's sampled bandits pin one; 'sample-mix' cannot), so a sustained veto stall is shown in
  // the progress line, the run's last line and the report.
  granularity: 'sample',
  noon: null,
  // The critic-free group estimator (G = 4, advantages scaled by the group's std) with the KL as
  // β·k3 in the loss, by measurement (docs/combiner-study.md, "The defaults, re-decided"): on every
  // method it raises both objectives on every seed and, at matched KL, reaches more reward than GAE.
  // `--estimator gae` alone restores the former default (value heads, KL in every objective).
  kl: { placement: null },
  estimator: { kind: 'group', groupSize: 4, groupScale: 'group' },
  seeds: [1, 2, 3],
  steps: 30,
  outDir: null,
  cacheDir: null,
  backend: 'auto',
  // The BPE task (docs/bundled-task.md): all of the Brown corpus, sentences of 6–16 words, a
  // byte-level BPE of 2,000 ids (no <unk>), 1,000 pre-training steps and a 24-token response budget,
  // so the length reward clip(l / 16, 0.5, 1.5) starts near 0.9 and has room to move.
  corpus: {
    categories: BROWN_CATEGORY_LETTERS,
    maxSentenceWords: 16,
    minSentenceWords: 6,
    tokenizer: 'bpe',
    minWordCount: 2,
    maxVocabulary: 2000,
  },
  model: { contextLength: 32, dModel: 48, nHeads: 4, nLayers: 2, dMlp: 128, path: null, lora: { rank: 0, alpha: null, targets: null } },
  pretrain: { steps: 1000, batchSize: 24, learningRate: 3e-3, seed: 7 },
  // The library defaults (clipEpsilon 0.2, klCoef 0.05, gamma 1, lambda 0.95, whiten, maxGradNorm 1), then this task's.
  // klCoef stays 0.05, not the paper's 0.2: at 0.2 the summed per-token KL penalty outweighs both
  // rewards on this task and every method shortens its responses (docs/bundled-task.md).
  ppo: { ...sectionDefaults('ppo'), batchSize: 24, epochs: 2, minibatchSize: 24, learningRate: 2e-3 } as PpoConfig,
  generation: { maxNewTokens: 24, temperature: 1, topK: 0 },
  rewards: { length: { scale: null, low: 0.5, high: 1.5 }, morlhfWeights: [0.5, 0.5], pamaTargets: [null, null] },
  prompts: { words: 3, evalCount: 64, samplesShown: 4 },
  data: { corpus: 'brown', prompts: null, testPrompts: null },
};

/**
 * --quick: the same three methods, one seed, a smaller model and fewer steps. A smoke run, so it
 * keeps the word tokenizer on the press reviews: at this size and 15 steps a BPE model's sentiment
 * does not move (docs/readable-text.md).
 */
export const QUICK_OVERRIDES = {
  seeds: [1],
  steps: 15,
  corpus: { categories: ['c'], maxSentenceWords: 40, tokenizer: 'word', maxVocabulary: 800 },
  model: { contextLength: 24, dModel: 32, nHeads: 2, nLayers: 1, dMlp: 128 },
  pretrain: { steps: 60, batchSize: 24 },
  generation: { maxNewTokens: 12 },
  ppo: { batchSize: 16, epochs: 2, minibatchSize: 16, learningRate: 3e-3 },
  prompts: { evalCount: 64, samplesShown: 3 },
} as const;

/**
 * A Hugging Face model (`model.path`) instead of the built-in one: no pre-training, and PPO at the
 * pace fine-tuning a pre-trained model wants (the built-in model's 2e-3 would wreck it). LoRA's
 * adapters start at zero and take a larger rate. With --quick also a smoke run's size: 2 steps
 * of 4 short responses, 8 evaluation prompts.
 */
export function pretrainedModelOverrides(quick: boolean, lora: boolean): Record<string, unknown> {
  return {
    ppo: { learningRate: lora ? 2e-4 : 1e-5, ...(quick ? { batchSize: 4, minibatchSize: 4, epochs: 1 } : {}) },
    ...(quick ? { steps: 2, generation: { maxNewTokens: 8 }, prompts: { evalCount: 8, samplesShown: 2 } } : {}),
  };
}

/**
 * --paper: the published PAMA (the paper's Algorithm): Theorem 1 per token with Noon, the KL penalty
 * in every objective's token rewards with the paper's β = 0.2, per-objective GAE with value heads, no
 * objective targets. The defaults differ where this project's evidence chose otherwise
 * (docs/combiner-study.md, docs/bundled-task.md); flags given with --paper still apply on top.
 */
export const PAPER_OVERRIDES = {
  methods: ['pama'],
  granularity: 'token',
  noon: 'on',
  kl: { placement: 'per-objective' },
  estimator: { kind: 'gae' },
  ppo: { klCoef: 0.2 },
  rewards: { pamaTargets: [null, null] },
} as const;

/** Constraints between keys that a per-key schema cannot express. */
export function crossFieldIssue(c: AlignConfig): { key: string; value: unknown; expected: string } | null {
  if (c.model.dModel % c.model.nHeads !== 0)
    return { key: 'model.nHeads', value: c.model.nHeads, expected: `a divisor of model.dModel (${c.model.dModel})` };
  if (c.corpus.tokenizer === 'bpe' && c.corpus.maxVocabulary < 259)
    return {
      key: 'corpus.maxVocabulary',
      value: c.corpus.maxVocabulary,
      expected: 'at least 259 with corpus.tokenizer "bpe" (3 specials + 256 bytes)',
    };
  if (c.corpus.minSentenceWords > c.corpus.maxSentenceWords)
    return {
      key: 'corpus.minSentenceWords',
      value: c.corpus.minSentenceWords,
      expected: `at most corpus.maxSentenceWords (${c.corpus.maxSentenceWords})`,
    };
  if (c.model.path === null && c.model.lora.rank > 0)
    return { key: 'model.lora.rank', value: c.model.lora.rank, expected: '0 without model.path (LoRA adapts a Hugging Face model)' };
  // A Hugging Face model's context is checked once its config.json is read.
  if (c.model.path === null && c.prompts.words + c.generation.maxNewTokens + 1 > c.model.contextLength) {
    return {
      key: 'generation.maxNewTokens',
      value: c.generation.maxNewTokens,
      expected: `prompt (${c.prompts.words} words + BOS) plus response must fit model.contextLength (${c.model.contextLength})`,
    };
  }
  if (c.estimator.kind === 'group' && c.ppo.batchSize % c.estimator.groupSize !== 0)
    return {
      key: 'estimator.groupSize',
      value: c.estimator.groupSize,
      expected: `a divisor of ppo.batchSize (${c.ppo.batchSize}) with estimator.kind "group"`,
    };
  // The trainer's own rules between fields, reported under the config's keys.
  const minibatch = minibatchSizeError(c.ppo.minibatchSize, c.ppo.batchSize);
  if (minibatch !== null) return { key: 'ppo.minibatchSize', value: c.ppo.minibatchSize, expected: minibatch.reason };
  if (c.rewards.length.low > c.rewards.length.high)
    return { key: 'rewards.length.low', value: c.rewards.length.low, expected: `at most rewards.length.high (${c.rewards.length.high})` };
  const weights = objectiveWeightsError(c.rewards.morlhfWeights, c.rewards.morlhfWeights.length);
  if (weights !== null) return { key: 'rewards.morlhfWeights', value: c.rewards.morlhfWeights, expected: weights.reason };
  const targeted = c.objectives?.find((o) => o.target !== undefined && o.target !== null);
  if (targeted !== undefined && c.objectives !== undefined) {
    const targets = c.objectives.map((o) => o.target ?? null);
    const problem = objectiveTargetsError('pama', c.granularity, targets, targets.length);
    if (problem !== null)
      return { key: `objectives[${c.objectives.indexOf(targeted)}].target`, value: targeted.target, expected: problem.reason };
  }
  if (c.objectives === undefined && c.rewards.pamaTargets.some((t) => t !== null)) {
    const problem = objectiveTargetsError('pama', c.granularity, c.rewards.pamaTargets, c.rewards.pamaTargets.length);
    if (problem !== null) return { key: 'rewards.pamaTargets', value: c.rewards.pamaTargets, expected: problem.reason };
  }
  if (c.prompts.samplesShown > c.prompts.evalCount)
    return { key: 'prompts.samplesShown', value: c.prompts.samplesShown, expected: `at most prompts.evalCount (${c.prompts.evalCount})` };
  return null;
}
