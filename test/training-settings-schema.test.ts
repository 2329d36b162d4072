// Training settings are declared once (pama-tfjs's TRAINING_SETTINGS): every declared setting is
// recorded in a checkpoint and a change to any one of them makes restore refuse, naming it. The
// cases are enumerated from the table, so a setting added to it is covered without touching this test.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPolicyValueModel,
  createRng,
  createTrainer,
  generate,
  settingProblem,
  TRAINING_SETTINGS,
  type SettingSpec,
  type TrainerOptions,
} from 'pama-tfjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Base values for the settings that have no library default (the trainer requires them). */
const BASE: Record<string, number> = { batchSize: 4, 'sampling.maxNewTokens': 4, 'sampling.temperature': 1, 'sampling.topK': 0 };

/** Another valid value of a setting: the first candidate in range that differs from `current`. */
function otherValue(spec: SettingSpec, current: unknown): number | boolean {
  if (spec.kind === 'boolean') return !current;
  const candidates = spec.kind === 'integer' ? [3, 5, 2, 1] : [0.5, 0.25, 0.75, 2, 3];
  const found = candidates.find((c) => c !== current && settingProblem(spec, c) === null);
  if (found === undefined) throw new Error(`no other valid value for ${JSON.stringify(spec)}`);
  return found;
}

/** Trainer options with `path` set to `value` (a dotted TrainerOptions path). */
function optionsWith(path: string | null, value: unknown): TrainerOptions {
  const model = createPolicyValueModel(
    { vocabSize: 8, contextLength: 10, dModel: 8, nHeads: 2, nLayers: 1, dMlp: 16, nValueHeads: 2 },
    { seed: 1 },
  );
  const options: Record<string, unknown> = {
    model,
    reference: model.cloneFrozen(),
    method: 'pama',
    rewardFn: (batch: { responseTokens: number[][] }) => batch.responseTokens.map(() => [0, 1]),
    nObjectives: 2,
    sampling: { maxNewTokens: BASE['sampling.maxNewTokens'], temperature: BASE['sampling.temperature'], topK: BASE['sampling.topK'] },
    batchSize: BASE.batchSize,
    ppo: { minibatchSize: 2 },
    rng: createRng(3),
    promptSampler: (_rng: unknown, b: number) => Array.from({ length: b }, () => [1, 2]),
    generate,
  };
  if (path !== null) {
    const keys = path.split('.');
    let node = options;
    for (const key of keys.slice(0, -1)) {
      const copy = { ...((node[key] as object) ?? {}) } as Record<string, unknown>;
      node[key] = copy;
      node = copy;
    }
    node[keys[keys.length - 1]] = value;
  }
  return options as unknown as TrainerOptions;
}

describe('training settings declared once', () => {
  const paths = Object.keys(TRAINING_SETTINGS) as (keyof typeof TRAINING_SETTINGS)[];

  it('the table declares the settings the trainer is known to have', () => {
    expect(paths).toEqual(expect.arrayContaining(['batchSize', 'ppo.maxGradNorm', 'ppo.kl.coef', 'sampling.temperature', 'ppo.valueClip']));
  });

  it.each(paths)('a checkpoint records %s, and a changed value makes restore refuse naming it', async (path) => {
    const spec = TRAINING_SETTINGS[path] as SettingSpec;
    const saved = createTrainer(optionsWith(null, undefined));
    const checkpoint = await saved.checkpoint();
    expect(Object.keys(checkpoint.settings)).toContain(path);
    const current = path === 'ppo.minibatchSize' ? 2 : (checkpoint.settings[path] ?? undefined);
    const changed = createTrainer(optionsWith(path, otherValue(spec, current)));
    await expect(changed.restore(checkpoint)).rejects.toThrow(new RegExp(`^settings\\.${path.replace(/\./g, '\\.')}:`));
    // Asked to, the same restore goes through: the refusal was about that setting only.
    await expect(changed.restore(checkpoint, { allowChangedSettings: true })).resolves.toBeUndefined();
    saved.dispose();
    changed.dispose();
  });

  it.each(paths.filter((p) => (TRAINING_SETTINGS[p] as SettingSpec).kind !== 'boolean'))(
    '%s out of its declared range is refused by the trainer, naming it',
    (path) => {
      const spec = TRAINING_SETTINGS[path] as SettingSpec;
      const bad = spec.kind !== 'boolean' && spec.min !== undefined ? spec.min - 1 : Number.NaN;
      expect(() => createTrainer(optionsWith(path, bad))).toThrow(new RegExp(`^${path.replace(/\./g, '\\.')}:`));
    },
  );
});
