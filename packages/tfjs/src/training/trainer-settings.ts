// The settings a checkpoint was trained with, as flat plain data. Exact resume needs the same PPO
// hyper-parameters, sampling, batch size, MORLHF weights and tokenizer; restore compares them and names
// the first that differs, unless the caller asks to resume with changed settings on purpose.
import { fnv1a } from './fnv1a.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';

/** Flat `path → value` map; absent options are stored as null so the map survives JSON. */
export type TrainerSettings = Readonly<Record<string, number | string | boolean | null>>;

export interface SettingsDifference {
  readonly field: string;
  readonly saved: unknown;
  readonly current: unknown;
}

function fingerprint(text: string): string {
  return fnv1a(new TextEncoder().encode(text)).toString(16).padStart(8, '0');
}

export function trainerSettings(resolved: ResolvedTrainerOptions): TrainerSettings {
  const ppo = resolved.ppoResolved;
  const sampling = resolved.sampling;
  const settings: Record<string, number | string | boolean | null> = {
    batchSize: resolved.batchSize,
    'sampling.maxNewTokens': sampling.maxNewTokens,
    'sampling.temperature': sampling.temperature,
    'sampling.topK': sampling.topK,
    'sampling.eosId': sampling.eosId ?? null,
    'ppo.gamma': ppo.gamma,
    'ppo.lambda': ppo.lambda,
    'ppo.clipEpsilon': ppo.clipEpsilon,
    'ppo.epochs': ppo.epochs,
    'ppo.minibatchSize': ppo.minibatchSize,
    'ppo.learningRate': ppo.learningRate,
    'ppo.maxGradNorm': ppo.maxGradNorm,
    'ppo.targetKlEarlyStop': ppo.targetKlEarlyStop ?? null,
    'ppo.whiten': ppo.whiten,
    'ppo.valueCoef': ppo.valueCoef,
    'ppo.entropyCoef': ppo.entropyCoef,
    'ppo.valueClip': ppo.valueClip ?? null,
    'ppo.kl.coef': ppo.kl.coef,
    'ppo.kl.adaptive': ppo.kl.adaptive,
    'ppo.kl.target': ppo.kl.target,
    'ppo.kl.horizon': ppo.kl.horizon,
    tokenizer: resolved.tokenizer ? fingerprint(JSON.stringify(resolved.tokenizer.toJSON())) : null,
    rewardSources: resolved.rewardSources ? resolved.rewardSources.map((s) => s.name).join(',') : null,
  };
  resolved.weights.forEach((w, i) => {
    settings[`objectiveWeights[${i}]`] = w;
    settings[`objectiveTargets[${i}]`] = resolved.targets?.[i] ?? null;
  });
  return settings;
}

/** Every key whose value differs between the two maps (a key missing on one side counts). */
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
