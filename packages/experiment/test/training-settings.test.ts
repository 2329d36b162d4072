// `pama align`'s training settings come from pama-tfjs's TRAINING_SETTINGS: every config key the
// command maps to a setting is a config field with the setting's range, and its value reaches the
// trainer options at the setting's path (where the resume check reads it).
import { describe, expect, it } from 'vitest';
import { type SettingSpec, TRAINING_SETTINGS } from 'pama-tfjs/settings';
import { CLI_SETTINGS, trainerOptionsFromConfig } from '../src/config/training-settings.js';
import { DEFAULT_ALIGN_CONFIG, type AlignConfig } from '../src/config/align-config.js';
import { resolveAlignConfig } from '../src/config/resolve-align-config.js';

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

describe('CLI training settings', () => {
  it("every config setting is a trainer setting, and the config's default has its kind and lies in its range", () => {
    expect(CLI_SETTINGS.length).toBeGreaterThan(0);
    for (const c of CLI_SETTINGS) {
      const key = `${c.section}.${c.name}`;
      const s: SettingSpec = TRAINING_SETTINGS[c.path];
      expect(c.spec).toBe(s);
      const value = at(DEFAULT_ALIGN_CONFIG, key);
      if (s.kind === 'boolean') {
        expect(typeof value, key).toBe('boolean');
        continue;
      }
      if (value === null && s.optional) continue;
      expect(typeof value, key).toBe('number');
      const x = value as number;
      if (s.kind === 'integer') expect(Number.isInteger(x), key).toBe(true);
      if (s.min !== undefined) expect(s.exclusiveMin ? x > s.min : x >= s.min, `${key} = ${x} ≥ ${s.min}`).toBe(true);
      if (c.max !== undefined) expect(x <= c.max, `${key} = ${x} ≤ ${c.max}`).toBe(true);
      else if (s.max !== undefined) expect(s.exclusiveMax ? x < s.max : x <= s.max, `${key} = ${x} ≤ ${s.max}`).toBe(true);
    }
  });

  it("the trainer settings name no config key (the mapping is the command's)", () => {
    for (const s of Object.values(TRAINING_SETTINGS)) expect(Object.keys(s)).not.toContain('cli');
  });

  it.each(CLI_SETTINGS.map((s) => [`${s.section}.${s.name}`, s] as const))(
    '%s reaches the trainer options at its declared path',
    (_key, s) => {
      const current = (DEFAULT_ALIGN_CONFIG[s.section] as Record<string, unknown>)[s.name];
      const changed =
        typeof current === 'boolean'
          ? !current
          : s.name === 'batchSize'
            ? 32
            : s.name === 'minibatchSize'
              ? 12
              : s.name === 'maxNewTokens'
                ? 8
                : (current as number) === 0
                  ? 1
                  : (current as number) / 2;
      const config = resolveAlignConfig({ [s.section]: { [s.name]: changed } }, {}, false);
      expect(at(trainerOptionsFromConfig(config), s.path)).toBe(changed);
    },
  );

  it('a value outside the declared range is refused naming the config key', () => {
    expect(() => resolveAlignConfig({ ppo: { clipEpsilon: 1 } }, {}, false)).toThrow(
      /ppo\.clipEpsilon: a finite number > 0 and < 1 \(got 1\)/,
    );
    expect(() => resolveAlignConfig({ ppo: { maxGradNorm: 0 } }, {}, false)).toThrow(/ppo\.maxGradNorm: .*\(got 0\)/);
    expect(() => resolveAlignConfig({ generation: { topK: -1 } }, {}, false)).toThrow(/generation\.topK: .*\(got -1\)/);
  });

  it('the default preset keeps its values (library defaults plus this task’s)', () => {
    const ppo: AlignConfig['ppo'] = DEFAULT_ALIGN_CONFIG.ppo;
    expect(ppo).toEqual({
      batchSize: 24,
      epochs: 2,
      minibatchSize: 24,
      learningRate: 2e-3,
      clipEpsilon: 0.2,
      klCoef: 0.05,
      gamma: 1,
      lambda: 0.95,
      whiten: true,
      maxGradNorm: 1,
    });
    expect(trainerOptionsFromConfig(DEFAULT_ALIGN_CONFIG)).toEqual({
      batchSize: 24,
      sampling: { maxNewTokens: 24, temperature: 1, topK: 0 },
      ppo: {
        gamma: 1,
        lambda: 0.95,
        clipEpsilon: 0.2,
        epochs: 2,
        minibatchSize: 24,
        learningRate: 2e-3,
        maxGradNorm: 1,
        whiten: true,
        kl: { coef: 0.05 },
      },
    });
  });
});
