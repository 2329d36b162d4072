// The real `pama` binary on bad input: a non-zero exit and one clear line on stderr, never a
// stack trace. Inputs are generated with fast-check.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPamaSync } from './support/run-pama.js';

function expectOneCleanLine(r: { status: number | null; stderr: string; stdout: string }): void {
  expect(r.status).not.toBe(0);
  expect(r.status).not.toBeNull();
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^pama: /);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
}

const dir = mkdtempSync(join(tmpdir(), 'pama-bad-'));

const badConfigs: fc.Arbitrary<{ config: Record<string, unknown>; key: string }> = fc.oneof(
  fc
    .oneof(fc.integer({ max: 0 }), fc.string(), fc.double({ min: 0.5, max: 0.99, noNaN: true }))
    .map((v) => ({ config: { steps: v }, key: 'steps' })),
  fc
    .oneof(fc.double({ min: 1, max: 5, noNaN: true }), fc.constant('0.2'), fc.constant(null))
    .map((v) => ({ config: { ppo: { clipEpsilon: v } }, key: 'ppo.clipEpsilon' })),
  fc
    .string()
    .filter((m) => !['pama', 'morlhf', 'mgda-ub'].includes(m))
    .map((m) => ({ config: { methods: [m] }, key: 'methods[0]' })),
  fc
    .string({ minLength: 1, maxLength: 10 })
    .filter(
      (k) =>
        /^[a-z]+$/.test(k) &&
        ![
          'steps',
          'seeds',
          'methods',
          'model',
          'ppo',
          'corpus',
          'prompts',
          'backend',
          'rewards',
          'outdir',
          'cachedir',
          'pretrain',
          'generation',
          'granularity',
        ].includes(k.toLowerCase()),
    )
    .map((k) => ({ config: { [k]: 1 }, key: k })),
  fc
    .oneof(fc.integer({ max: 0 }), fc.constant(2.5), fc.constant('x'))
    .map((v) => ({ config: { model: { nLayers: v } }, key: 'model.nLayers' })),
);

describe('pama on bad input', () => {
  it('for any generated bad align config, exits non-zero with one line naming the key, before any work', () => {
    fc.assert(
      fc.property(badConfigs, ({ config, key }) => {
        const file = join(dir, 'config.json');
        writeFileSync(file, JSON.stringify(config));
        const r = runPamaSync(['align', '--config', file, '--out', join(dir, 'never')]);
        expectOneCleanLine(r);
        expect(r.stderr).toContain(key);
        expect(r.stdout).toBe('');
      }),
      { numRuns: 12 },
    );
  });

  it('a bad flag value or a config file that is not JSON gives one line too', () => {
    expectOneCleanLine(runPamaSync(['align', '--steps', 'ten']));
    expectOneCleanLine(runPamaSync(['align', '--no-such-flag']));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"steps": 3,');
    expectOneCleanLine(runPamaSync(['align', '--config', file]));
    expectOneCleanLine(runPamaSync(['align', '--config', join(dir, 'missing.json')]));
  });

  const badSolveInputs = fc.oneof(
    fc.string().filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
    fc
      .array(fc.oneof(fc.string(), fc.constant(null), fc.constant({})), { minLength: 1, maxLength: 4 })
      .map((a) => JSON.stringify([1, ...a])),
    fc.integer({ min: 1, max: 3 }).map((n) => JSON.stringify({ advantages: [[Array(n).fill(0.5)], [Array(n + 1).fill(0.5)]] })),
    fc.double({ min: 1, max: 100, noNaN: true }).map((e) => JSON.stringify({ advantages: [[[1, -1]]], clipEpsilon: e })),
  );

  it('for any generated bad solve input on stdin, exits non-zero with one line', () => {
    fc.assert(
      fc.property(badSolveInputs, (text) => {
        expectOneCleanLine(runPamaSync(['solve'], text));
      }),
      { numRuns: 12 },
    );
  });

  it('good solve input prints the weights and the combined value as JSON', () => {
    const r = runPamaSync(['solve'], '[0.5, -0.25, 2]');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.value).toBe(0);
    expect(out.weights.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
