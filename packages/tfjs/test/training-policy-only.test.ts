// A policy-only model (nValueHeads 0) under the critic-free group estimator: no value-head
// variables, no Adam state for them, the same steps as a model whose heads are built but never
// trained (heads draw no random numbers), exact resume; GAE refuses it, and a checkpoint does not
// cross between the estimators.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, parameterCount, withoutValueHeads } from '../src/index.js';
import { loadCheckpoint, saveCheckpoint } from '../src/training/checkpoint-io.js';
import type { StepMetrics } from '../src/training/step-metrics.js';
import { toyConfig, toyRun, useCpuBackend } from './training-fixtures.js';

let dir: string;
beforeAll(async () => {
  await useCpuBackend();
  dir = await mkdtemp(join(tmpdir(), 'pama-policy-only-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GROUP = { estimator: 'group' as const, groupSize: 4 };

/** Metrics without the wall-clock fields. */
function deterministicPart(m: StepMetrics): Omit<StepMetrics, 'timings' | 'totalMs'> {
  const { timings: _timings, totalMs: _totalMs, ...rest } = m;
  return rest;
}

describe('a policy-only model under the group estimator', () => {
  it('has no value-head variables, and Adam holds state for exactly the trunk and LM head', async () => {
    const run = toyRun('pama', [3, 4], 5, GROUP, 0);
    const withHeads = toyRun('pama', [3, 4], 5, GROUP);
    try {
      expect(run.model.valueHeadVariables).toEqual([]);
      // Two heads are a weight and a bias each: four variables fewer.
      expect(run.model.trainableVariables.length).toBe(withHeads.model.trainableVariables.length - 4);
      await run.trainer.step();
      const saved = await run.trainer.checkpoint();
      const moments = saved.optimizer.moments;
      expect(moments.map((m) => m.name)).toEqual(run.model.trainableVariables.map((v) => v.name.slice(v.name.indexOf('/') + 1)));
      expect(moments.some((m) => m.name.startsWith('value'))).toBe(false);
      const slots = moments.reduce((n, m) => n + m.m.length + m.v.length, 0);
      expect(slots).toBe(2 * parameterCount(toyConfig(0)));
      expect(parameterCount(toyConfig(0))).toBe(parameterCount(toyConfig(2)) - 2 * (toyConfig(2).dModel + 1));
      expect(Object.keys(saved.model).some((name) => name.startsWith('value'))).toBe(false);
      expect(saved.modelConfig.nValueHeads).toBe(0);
    } finally {
      run.dispose();
      withHeads.dispose();
    }
  });

  it('for any seed and method, steps exactly as a model with N untrained heads does (the heads change no number)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('pama', 'morlhf', 'mgda-ub') as fc.Arbitrary<'pama' | 'morlhf' | 'mgda-ub'>,
        fc.integer({ min: 1, max: 3 }),
        async (seed, method, heads) => {
          const extra = method === 'morlhf' ? { objectiveWeights: [0.5, 0.5] } : {};
          const policyOnly = toyRun(method, [3, 4], seed, { ...GROUP, ...extra }, 0);
          const withHeads = toyRun(method, [3, 4], seed, { ...GROUP, ...extra }, heads);
          try {
            const a = deterministicPart(await policyOnly.trainer.step());
            const b = deterministicPart(await withHeads.trainer.step());
            expect(a).toEqual(b);
            const wa = await policyOnly.model.exportWeights();
            const wb = withoutValueHeads(await withHeads.model.exportWeights());
            expect(Object.keys(wa)).toEqual(Object.keys(wb));
            for (const name of Object.keys(wa)) expect(wa[name].data, name).toEqual(wb[name].data);
          } finally {
            policyOnly.dispose();
            withHeads.dispose();
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  it('resumes exactly: k steps, a checkpoint file, fresh objects, restore, k more == 2k in one run, bit for bit', async () => {
    const k = 2;
    const straight = toyRun('pama', [3, 4], 42, GROUP, 0);
    const straightMetrics: StepMetrics[] = [];
    for (let s = 0; s < 2 * k; s++) straightMetrics.push(await straight.trainer.step());
    const straightWeights = await straight.model.exportWeights();
    straight.dispose();

    const first = toyRun('pama', [3, 4], 42, GROUP, 0);
    for (let s = 0; s < k; s++) await first.trainer.step();
    const path = join(dir, 'group.ckpt');
    await saveCheckpoint(path, await first.trainer.checkpoint());
    first.dispose();

    const second = toyRun('pama', [3, 4], 999, { ...GROUP, rng: createRng(12345) }, 0);
    await second.trainer.restore(await loadCheckpoint(path));
    const resumed: StepMetrics[] = [];
    for (let s = 0; s < k; s++) resumed.push(await second.trainer.step());
    const resumedWeights = await second.model.exportWeights();
    second.dispose();

    expect(resumed.map(deterministicPart)).toEqual(straightMetrics.slice(k).map(deterministicPart));
    expect(Object.keys(resumedWeights)).toEqual(Object.keys(straightWeights));
    for (const name of Object.keys(straightWeights)) expect(resumedWeights[name].data, name).toEqual(straightWeights[name].data);
  });
});

describe('refusals', () => {
  it("estimator 'gae' refuses a model without value heads, naming the field and the value", () => {
    expect(() => toyRun('pama', [3, 4], 1, {}, 0)).toThrow(
      "model.config.nValueHeads: must equal the number of objectives 2 under estimator 'gae' (a model without value heads trains only with estimator 'group') (got 0)",
    );
  });

  it('with rewardFn and no value heads to count them, nObjectives is required, by name', () => {
    expect(() => toyRun('pama', [3, 4], 1, { ...GROUP, nObjectives: undefined }, 0)).toThrow(
      'nObjectives: is required with rewardFn when the model has no value heads to count them',
    );
  });

  it('a checkpoint does not cross between a GAE run and a policy-only group run, in either direction, even with changed settings allowed', async () => {
    const group = toyRun('pama', [3, 4], 1, GROUP, 0);
    const gae = toyRun('pama', [3, 4], 1);
    try {
      const fromGroup = await group.trainer.checkpoint();
      const fromGae = await gae.trainer.checkpoint();
      for (const options of [{}, { allowChangedSettings: true }]) {
        await expect(gae.trainer.restore(fromGroup, options)).rejects.toThrow(
          "settings.estimator: the checkpoint was trained with estimator 'group' (0 value heads), this trainer uses 'gae' (2 value heads); a run cannot change its estimator",
        );
        await expect(group.trainer.restore(fromGae, options)).rejects.toThrow(
          "settings.estimator: the checkpoint was trained with estimator 'gae' (2 value heads), this trainer uses 'group' (0 value heads); a run cannot change its estimator",
        );
      }
    } finally {
      group.dispose();
      gae.dispose();
    }
  });
});
