// The training settings of `pama align`'s config (`ppo.*`, `generation.*`): which of pama-tfjs's
// TRAINING_SETTINGS the config exposes, under which key, and with which tighter upper bound. The
// type, range and default of each come from TRAINING_SETTINGS; the value reaches the trainer at
// its setting path through trainerOptionsFromConfig. The trainer knows none of these keys.
import { TRAINING_SETTINGS, type SettingSpec, type TrainingSettingPath } from 'pama-tfjs/settings';
import type { TrainerOptions, TrainerSamplingOptions } from 'pama-tfjs';
import { bool, num, obj, type FieldSchema } from './schema-dsl.js';

export type CliSection = 'ppo' | 'generation';

/**
 * Config key → trainer setting, in the order the config lists them, with the config's own upper
 * bound where it is tighter than the setting's (a typo of 1e6 epochs is refused, not run).
 */
const CONFIG_SETTINGS = {
  'ppo.batchSize': { setting: 'batchSize', max: 4096 },
  'generation.maxNewTokens': { setting: 'sampling.maxNewTokens', max: 512 },
  'generation.temperature': { setting: 'sampling.temperature', max: 100 },
  'generation.topK': { setting: 'sampling.topK', max: 100_000 },
  'ppo.gamma': { setting: 'ppo.gamma' },
  'ppo.lambda': { setting: 'ppo.lambda' },
  'ppo.clipEpsilon': { setting: 'ppo.clipEpsilon' },
  'ppo.epochs': { setting: 'ppo.epochs', max: 100 },
  'ppo.minibatchSize': { setting: 'ppo.minibatchSize', max: 4096 },
  'ppo.learningRate': { setting: 'ppo.learningRate', max: 1 },
  'ppo.maxGradNorm': { setting: 'ppo.maxGradNorm' },
  'ppo.whiten': { setting: 'ppo.whiten' },
  'ppo.klCoef': { setting: 'ppo.kl.coef', max: 100 },
} as const satisfies Readonly<Record<`${CliSection}.${string}`, { readonly setting: TrainingSettingPath; readonly max?: number }>>;

type ConfigKeys = typeof CONFIG_SETTINGS;
type ValueOf<S> = S extends { readonly kind: 'boolean' } ? boolean : number;

/** The settings of config section `Section`, keyed by their config names. */
type ConfigSection<Section extends CliSection> = {
  readonly [K in keyof ConfigKeys as K extends `${Section}.${infer Name}` ? Name : never]: ValueOf<
    (typeof TRAINING_SETTINGS)[ConfigKeys[K]['setting']]
  >;
};
export type PpoConfig = ConfigSection<'ppo'>;
export type GenerationConfig = ConfigSection<'generation'>;

interface CliSetting {
  /** Path in the trainer options (e.g. 'ppo.kl.coef'). */
  readonly path: TrainingSettingPath;
  readonly section: CliSection;
  /** Key in the config section (e.g. 'klCoef'). */
  readonly name: string;
  readonly spec: SettingSpec;
  /** The config's upper bound, when tighter than the setting's. */
  readonly max: number | undefined;
}

/** Every setting `pama align` exposes, in config order. */
export const CLI_SETTINGS: readonly CliSetting[] = Object.entries(CONFIG_SETTINGS).map(([key, entry]) => {
  const [section, name] = key.split('.') as [CliSection, string];
  return { path: entry.setting, section, name, spec: TRAINING_SETTINGS[entry.setting], max: 'max' in entry ? entry.max : undefined };
});

/** The config key of a trainer setting path, when the config exposes it (e.g. 'ppo.kl.coef' → 'ppo.klCoef'). */
export function configKeyOf(path: string): string | undefined {
  const s = CLI_SETTINGS.find((c) => c.path === path);
  return s === undefined ? undefined : `${s.section}.${s.name}`;
}

function field(s: CliSetting): FieldSchema {
  const spec = s.spec;
  if (spec.kind === 'boolean') return bool;
  return num({
    integer: spec.kind === 'integer',
    min: spec.min,
    exclusiveMin: 'exclusiveMin' in spec ? spec.exclusiveMin : undefined,
    max: s.max ?? spec.max,
    exclusiveMax: s.max === undefined && 'exclusiveMax' in spec ? spec.exclusiveMax : undefined,
  });
}

/** The config schema of one section. */
export function sectionSchema(section: CliSection): FieldSchema {
  return obj(Object.fromEntries(CLI_SETTINGS.filter((s) => s.section === section).map((s) => [s.name, field(s)])));
}

/** The library defaults of a section's settings (settings without one must be given by the preset). */
export function sectionDefaults(section: CliSection): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const s of CLI_SETTINGS)
    if (s.section === section && 'default' in s.spec && s.spec.default !== undefined) out[s.name] = s.spec.default;
  return out;
}

export interface TrainerSettingsFromConfig {
  readonly batchSize: number;
  readonly ppo: NonNullable<TrainerOptions['ppo']>;
  readonly sampling: Omit<TrainerSamplingOptions, 'eosId'>;
}

/**
 * The trainer options the config's settings map to, each at its TRAINING_SETTINGS path.
 *
 * @example trainerOptionsFromConfig(DEFAULT_ALIGN_CONFIG).ppo.kl; // { coef: 0.05 }
 */
export function trainerOptionsFromConfig(config: {
  readonly ppo: PpoConfig;
  readonly generation: GenerationConfig;
}): TrainerSettingsFromConfig {
  const out: Record<string, unknown> = { ppo: {}, sampling: {} };
  for (const s of CLI_SETTINGS) {
    const value = (config[s.section] as Record<string, unknown>)[s.name];
    const keys = s.path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
  }
  return out as unknown as TrainerSettingsFromConfig;
}
