// Every numeric and boolean training setting, declared once: its path in TrainerOptions, default
// and valid range. The trainer's option types and defaults (trainer-options), its validation and
// the settings a checkpoint records for the resume check (below) are all derived from
// TRAINING_SETTINGS, so a new hyper-parameter is added here and is then compared on every resume.
// The trainer knows no configuration file: a layer that reads one (the `pama` command) maps its
// own keys to these paths and builds its schema from these ranges.
import { fnv1a } from './fnv1a.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';
import { TrainingError } from './training-error.js';

/** One setting. Numbers are finite unless `allowInfinity`; integers are whole numbers. */
export type SettingSpec =
  | {
      readonly kind: 'number' | 'integer';
      /** Library default; absent = the caller must give it (or, with `optional`, it is off). */
      readonly default?: number;
      /** May be left out (recorded as null): e.g. no value clipping. */
      readonly optional?: true;
      readonly min?: number;
      readonly max?: number;
      readonly exclusiveMin?: true;
      readonly exclusiveMax?: true;
      readonly allowInfinity?: true;
      readonly doc: string;
    }
  | {
      readonly kind: 'boolean';
      readonly default: boolean;
      readonly doc: string;
    };

/**
 * The settings table. Keys are dotted paths into TrainerOptions (`ppo.kl.coef` is `options.ppo.kl.coef`)
 * and are also the keys of the settings map a checkpoint records.
 *
 * @example TRAINING_SETTINGS['ppo.maxGradNorm'].default // → 1
 */
export const TRAINING_SETTINGS = {
  batchSize: { kind: 'integer', min: 1, doc: 'Responses sampled per step.' },
  'sampling.maxNewTokens': {
    kind: 'integer',
    min: 1,
    doc: 'Response length budget in tokens.',
  },
  'sampling.temperature': {
    kind: 'number',
    min: 0,
    exclusiveMin: true,
    doc: 'Sampling temperature.',
  },
  'sampling.topK': {
    kind: 'integer',
    min: 0,
    doc: 'Sample among the k most likely tokens; 0 = all.',
  },
  'sampling.eosId': { kind: 'integer', optional: true, min: 0, doc: 'Token that ends a response.' },
  'ppo.gamma': { kind: 'number', default: 1, min: 0, max: 1, doc: 'Discount.' },
  'ppo.lambda': { kind: 'number', default: 0.95, min: 0, max: 1, doc: 'GAE λ.' },
  'ppo.clipEpsilon': {
    kind: 'number',
    default: 0.2,
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
    doc: 'PPO ratio clipping ε.',
  },
  'ppo.epochs': {
    kind: 'integer',
    default: 4,
    min: 1,
    doc: 'Passes over the rollout batch per step.',
  },
  'ppo.minibatchSize': {
    kind: 'integer',
    default: 8,
    min: 1,
    doc: 'Rows per minibatch (the default shrinks to the batch).',
  },
  'ppo.learningRate': {
    kind: 'number',
    default: 1e-4,
    min: 0,
    exclusiveMin: true,
    doc: 'Adam learning rate.',
  },
  'ppo.maxGradNorm': {
    kind: 'number',
    default: 1,
    min: 0,
    exclusiveMin: true,
    allowInfinity: true,
    doc: 'Global gradient-norm clip (Infinity = none).',
  },
  'ppo.targetKlEarlyStop': {
    kind: 'number',
    optional: true,
    min: 0,
    exclusiveMin: true,
    doc: "Stop the epoch loop once a minibatch's approximate KL(π_old‖π_θ) per token exceeds this; absent = never.",
  },
  'ppo.whiten': {
    kind: 'boolean',
    default: true,
    doc: 'Per-objective mask-aware whitening of the advantages.',
  },
  'ppo.valueCoef': { kind: 'number', default: 0.1, min: 0, doc: 'Weight of the summed value losses in the total loss.' },
  'ppo.entropyCoef': { kind: 'number', default: 0, doc: 'Weight of the entropy bonus.' },
  'ppo.valueClip': {
    kind: 'number',
    optional: true,
    min: 0,
    exclusiveMin: true,
    doc: 'PPO value clipping range; absent = unclipped value loss.',
  },
  'ppo.kl.coef': {
    kind: 'number',
    default: 0.05,
    min: 0,
    doc: 'Initial (or fixed) KL coefficient β.',
  },
  'ppo.kl.adaptive': { kind: 'boolean', default: false, doc: 'Adapt β toward a target KL.' },
  'ppo.kl.target': { kind: 'number', default: 6, doc: 'Target KL per response for the adaptive controller.' },
  'ppo.kl.horizon': { kind: 'number', default: 10000, min: 0, exclusiveMin: true, doc: 'Horizon (in samples) of the adaptive controller.' },
} as const satisfies Readonly<Record<string, SettingSpec>>;

/** The dotted path of a setting, e.g. `'ppo.maxGradNorm'` (a key of {@link TRAINING_SETTINGS}). */
export type TrainingSettingPath = keyof typeof TRAINING_SETTINGS;
type Specs = typeof TRAINING_SETTINGS;
type ValueOf<S> = S extends { readonly kind: 'boolean' } ? boolean : number;
type IsOptional<S> = S extends { readonly optional: true } ? true : false;

/** The settings directly under `Prefix` (e.g. 'ppo.' → gamma, lambda, …; not ppo.kl.*), as an options type. */
export type SettingsSection<Prefix extends string> = {
  readonly [K in keyof Specs as K extends `${Prefix}${infer Name}`
    ? Name extends `${string}.${string}`
      ? never
      : IsOptional<Specs[K]> extends true
        ? never
        : Name
    : never]: ValueOf<Specs[K]>;
} & {
  readonly [K in keyof Specs as K extends `${Prefix}${infer Name}`
    ? Name extends `${string}.${string}`
      ? never
      : IsOptional<Specs[K]> extends true
        ? Name
        : never
    : never]?: ValueOf<Specs[K]>;
};

/**
 * Library defaults of the settings under `prefix` (e.g. 'ppo.kl.'), keyed by their last name.
 *
 * @example
 * settingDefaults('ppo.kl.'); // { coef: 0.05, adaptive: false, target: 6, horizon: 10000 }
 */
export function settingDefaults(prefix: string): Record<string, number | boolean | undefined> {
  const out: Record<string, number | boolean | undefined> = {};
  for (const [path, spec] of Object.entries(TRAINING_SETTINGS) as [string, SettingSpec][]) {
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    if (name === null || name.includes('.')) continue;
    if (spec.default !== undefined || ('optional' in spec && spec.optional === true)) out[name] = spec.default;
  }
  return out;
}

/**
 * Why `value` is not valid for `spec` (e.g. "must be in (0, 1)"), or null.
 *
 * @example
 * settingProblem(TRAINING_SETTINGS['ppo.clipEpsilon'], 1.5); // 'must be in (0, 1)'
 */
export function settingProblem(spec: SettingSpec, value: unknown): string | null {
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : 'must be true or false';
  if (value === undefined && spec.optional) return null;
  if (typeof value !== 'number' || Number.isNaN(value) || (!Number.isFinite(value) && !(spec.allowInfinity && value === Infinity)))
    return 'must be a finite number';
  if (spec.kind === 'integer' && !Number.isInteger(value)) return 'must be an integer';
  const low = spec.min === undefined ? true : spec.exclusiveMin ? value > spec.min : value >= spec.min;
  const high = spec.max === undefined ? true : spec.exclusiveMax ? value < spec.max : value <= spec.max;
  if (low && high) return null;
  if (spec.max === undefined) return `must be ${spec.exclusiveMin ? '>' : '≥'} ${spec.min}`;
  if (spec.min === undefined) return `must be ${spec.exclusiveMax ? '<' : '≤'} ${spec.max}`;
  return `must be in ${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}${spec.exclusiveMax ? ')' : ']'}`;
}

/** Reads a dotted path from resolved options. */
export function settingValue(resolved: Pick<ResolvedTrainerOptions, 'ppo' | 'sampling' | 'batchSize'>, path: string): unknown {
  const [head, ...rest] = path.split('.');
  let node: unknown =
    head === 'ppo' ? resolved.ppo : head === 'sampling' ? resolved.sampling : head === 'batchSize' ? resolved.batchSize : undefined;
  for (const key of rest) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string, unknown>)[key];
  return node;
}

/** Throws a TrainingError naming the first setting of `resolved` that is out of its declared range. */
export function validateSettings(resolved: Pick<ResolvedTrainerOptions, 'ppo' | 'sampling' | 'batchSize'>): void {
  for (const [path, spec] of Object.entries(TRAINING_SETTINGS) as [string, SettingSpec][]) {
    const value = settingValue(resolved, path);
    const problem = settingProblem(spec, value);
    if (problem !== null) throw new TrainingError(path, value, problem);
  }
}

/** Flat `path → value` map; absent options are stored as null so the map survives JSON. */
export type TrainerSettings = Readonly<Record<string, number | string | boolean | null>>;

/** A setting whose value differs between a checkpoint and the current trainer. */
export interface SettingsDifference {
  /** The setting's key in the settings map. */
  readonly field: string;
  /** Its value in the checkpoint (undefined: absent there). */
  readonly saved: unknown;
  /** Its value now (undefined: absent now). */
  readonly current: unknown;
}

function fingerprint(text: string): string {
  return fnv1a(new TextEncoder().encode(text)).toString(16).padStart(8, '0');
}

/**
 * The settings a checkpoint records and a resume compares: every TRAINING_SETTINGS entry, plus the
 * tokenizer fingerprint, the reward sources, Noon, the KL placement, MORLHF weights and PAMA targets.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const settings = trainerSettings(resolveTrainerOptions({ ...options, ppo: { epochs: 2 } })); // a trainer's: trainer.options
 * settings['ppo.epochs']; // 2
 * settings['ppo.learningRate']; // 0.0001: the default
 * settings['objectiveWeights[1]']; // 0.5
 */
export function trainerSettings(resolved: ResolvedTrainerOptions): TrainerSettings {
  const settings: Record<string, number | string | boolean | null> = {};
  for (const path of Object.keys(TRAINING_SETTINGS))
    settings[path] = (settingValue(resolved, path) as number | boolean | undefined) ?? null;
  settings.tokenizer = resolved.tokenizer ? fingerprint(JSON.stringify(resolved.tokenizer.toJSON())) : null;
  settings.rewardSources = resolved.rewardSources ? resolved.rewardSources.map((s) => s.name).join(',') : null;
  settings.noon = resolved.noon;
  settings.klPlacement = resolved.klPlacement;
  settings.estimator = resolved.estimator;
  settings.groupSize = resolved.groupSize;
  settings.groupScale = resolved.groupScale;
  resolved.weights.forEach((w, i) => {
    settings[`objectiveWeights[${i}]`] = w;
    settings[`objectiveTargets[${i}]`] = resolved.targets?.[i] ?? null;
  });
  return settings;
}

/**
 * Every key whose value differs between the two maps (a key missing on one side counts).
 *
 * @example
 * settingsDifferences({ 'ppo.epochs': 4 }, { 'ppo.epochs': 2 }); // [{ field: 'ppo.epochs', saved: 4, current: 2 }]
 */
export function settingsDifferences(saved: TrainerSettings, current: TrainerSettings): SettingsDifference[] {
  const keys = new Set([...Object.keys(current), ...Object.keys(saved)]);
  const out: SettingsDifference[] = [];
  for (const field of keys) {
    const a = Object.hasOwn(saved, field) ? saved[field] : undefined;
    const b = Object.hasOwn(current, field) ? current[field] : undefined;
    if (!Object.is(a, b)) out.push({ field, saved: a, current: b });
  }
  return out;
}

/** A settings map read from a file: an object of primitives, or a message naming what is wrong. */
export function settingsProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object';
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && !['number', 'string', 'boolean'].includes(typeof v)) return `${key} must be a number, string, boolean or null`;
  }
  return undefined;
}
