// The training settings of `pama align`'s config (`ppo.*`, `generation.*`), derived from pama-tfjs's
// TRAINING_SETTINGS: each declared setting with a CLI key gets its config field, range and type
// from there, and reaches the trainer through trainerOptionsFromConfig, so adding a hyper-parameter
// to the table adds it to the config, the trainer options and the resume check at once.
import { TRAINING_SETTINGS, type CliSettingsSection, type SettingSpec } from 'pama-tfjs/settings';
import type { TrainerOptions, TrainerSamplingOptions } from 'pama-tfjs';
import { bool, num, obj, type FieldSchema } from './schema-dsl.js';

export type CliSection = 'ppo' | 'generation';
export type PpoConfig = CliSettingsSection<'ppo'>;
export type GenerationConfig = CliSettingsSection<'generation'>;

interface CliSetting {
  /** Path in the trainer options (e.g. 'ppo.kl.coef'). */
  readonly path: string;
  readonly section: CliSection;
  /** Key in the config section (e.g. 'klCoef'). */
  readonly name: string;
  readonly spec: SettingSpec;
}

/** Every setting `pama align` exposes, in declaration order. */
export const CLI_SETTINGS: readonly CliSetting[] = (Object.entries(TRAINING_SETTINGS) as [string, SettingSpec][]).flatMap(
  ([path, spec]) => {
    if (spec.cli === undefined) return [];
    const [section, name] = spec.cli.key.split('.') as [CliSection, string];
    return [{ path, section, name, spec }];
  },
);

function field(spec: SettingSpec): FieldSchema {
  if (spec.kind === 'boolean') return bool;
  const cliMax = spec.cli && 'max' in spec.cli ? spec.cli.max : undefined;
  return num({
    integer: spec.kind === 'integer',
    min: spec.min,
    exclusiveMin: spec.exclusiveMin,
    max: cliMax ?? spec.max,
    exclusiveMax: cliMax === undefined ? spec.exclusiveMax : undefined,
  });
}

/** The config schema of one section. */
export function sectionSchema(section: CliSection): FieldSchema {
  return obj(Object.fromEntries(CLI_SETTINGS.filter((s) => s.section === section).map((s) => [s.name, field(s.spec)])));
}

/** The library defaults of a section's settings (settings without one must be given by the preset). */
export function sectionDefaults(section: CliSection): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const s of CLI_SETTINGS) if (s.section === section && s.spec.default !== undefined) out[s.name] = s.spec.default;
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
 * @example trainerOptionsFromConfig(config).ppo.kl // → { coef: config.ppo.klCoef }
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
