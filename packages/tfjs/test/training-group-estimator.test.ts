// The critic-free group estimator: group-relative advantages and their scaling (property-tested on
// generated batches), missing rewards, and a trainer that steps every method without reading or
// training a value head.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupAdvantages, type GroupScale } from '../src/training/group-estimator.js';
import type { TrainingMethod } from '../src/training/trainer-options.js';
import { toyPrompts, toyRun, useCpuBackend } from './training-fixtures.js';

beforeAll(useCpuBackend);

const batchArb = fc
  .record({
    groups: fc.integer({ min: 1, max: 4 }),
    G: fc.integer({ min: 2, max: 5 }),
    N: fc.integer({ min: 1, max: 3 }),
    T: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ groups, G, N, T }) =>
    fc.record({
      G: fc.constant(G),
      N: fc.constant(N),
      T: fc.constant(T),
      B: fc.constant(groups * G),
      rewards: fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(Number.NaN)), {
        minLength: groups * G * N,
        maxLength: groups * G * N,
      }),
      lengths: fc.array(fc.integer({ min: 1, max: T }), { minLength: groups * G, maxLength: groups * G }),
      scale: fc.constantFrom<GroupScale>('group', 'batch', 'none'),
    }),
  );

function maskOf(lengths: readonly number[], T: number): Float32Array {
  return Float32Array.from({ length: lengths.length * T }, (_, k) => (k % T < lengths[Math.floor(k / T)] ? 1 : 0));
}

describe('groupAdvantages', () => {
  it('for any batch: centred within each group over present rewards, constant over a response, 0 where missing or masked, never NaN', () => {
    fc.assert(
      fc.property(batchArb, ({ G, N, T, B, rewards, lengths, scale }) => {
        const mask = maskOf(lengths, T);
        const { raw, normalise, rewardScale } = groupAdvantages({
          rewards,
          mask,
          batchSize: B,
          length: T,
          nObjectives: N,
          groupSize: G,
          scale,
        });
        const scaled = normalise(raw, N);
        expect(Number.isFinite(rewardScale)).toBe(true);
        for (const x of [...raw, ...scaled]) expect(Number.isNaN(x)).toBe(false);
        for (let g = 0; g < B; g += G) {
          for (let i = 0; i < N; i++) {
            let sum = 0;
            let count = 0;
            for (let b = g; b < g + G; b++) {
              const missing = Number.isNaN(rewards[b * N + i]);
              for (let t = 0; t < T; t++) {
                const k = (b * T + t) * N + i;
                if (mask[b * T + t] === 0 || missing) expect(raw[k]).toBe(0);
                else expect(raw[k]).toBe(raw[b * T * N + i]);
              }
              if (!missing) {
                sum += raw[b * T * N + i];
                count++;
                expect(raw[b * T * N + i]).toBeCloseTo(rewards[b * N + i] - groupMean(rewards, g, G, N, i), 4);
              }
            }
            if (count > 0) expect(Math.abs(sum / count)).toBeLessThan(1e-4 * (1 + Math.abs(sum)));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("'group' scaling gives each group's present advantages sample std ≈ 1 (when they vary)", () => {
    fc.assert(
      fc.property(batchArb, ({ G, N, T, B, rewards, lengths }) => {
        const mask = maskOf(lengths, T);
        const { raw, normalise } = groupAdvantages({
          rewards,
          mask,
          batchSize: B,
          length: T,
          nObjectives: N,
          groupSize: G,
          scale: 'group',
        });
        const scaled = normalise(raw, N);
        for (let g = 0; g < B; g += G) {
          for (let i = 0; i < N; i++) {
            const xs: number[] = [];
            const raws: number[] = [];
            for (let b = g; b < g + G; b++) {
              if (Number.isNaN(rewards[b * N + i])) continue;
              xs.push(scaled[b * T * N + i]);
              raws.push(raw[b * T * N + i]);
            }
            const rawStd = std(raws);
            if (xs.length >= 2 && rawStd > 1e-2) expect(std(xs)).toBeCloseTo(rawStd / (rawStd + 1e-4), 3);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a response whose rewards are all missing gets advantage 0 everywhere, under every scaling and in a weighted sum', () => {
    for (const scale of ['group', 'batch', 'none'] as const) {
      const out = groupAdvantages({
        rewards: [Number.NaN, Number.NaN, 1, 2, 3, 5],
        mask: [1, 1, 1, 1, 1, 1],
        batchSize: 3,
        length: 2,
        nObjectives: 2,
        groupSize: 3,
        scale,
      });
      expect(Array.from(out.raw.subarray(0, 4))).toEqual([0, 0, 0, 0]);
      const summed = out.normalise(
        Float32Array.from({ length: 6 }, (_, k) => out.raw[2 * k] + out.raw[2 * k + 1]),
        1,
      );
      expect(Array.from(summed.subarray(0, 2))).toEqual([0, 0]);
      expect(Array.from(summed).every(Number.isFinite)).toBe(true);
    }
  });

  it('refuses a group size that does not divide the batch, and an infinite reward, naming the field', () => {
    const input = { rewards: [1, 2, 3], mask: [1, 1, 1], batchSize: 3, length: 1, nObjectives: 1, groupSize: 2, scale: 'group' as const };
    expect(() => groupAdvantages(input)).toThrow(/groupSize/);
    expect(() => groupAdvantages({ ...input, groupSize: 3, rewards: [1, Number.POSITIVE_INFINITY, 3] })).toThrow(/rewards\[1\]/);
  });
});

function groupMean(rewards: readonly number[], g: number, G: number, N: number, i: number): number {
  const xs = Array.from({ length: G }, (_, k) => rewards[(g + k) * N + i]).filter((x) => !Number.isNaN(x));
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function std(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
}

const GROUP_CASES: Array<[TrainingMethod, string | undefined]> = [
  ['pama', 'token'],
  ['pama', 'sample'],
  ['pama', 'batch'],
  ['pama', 'gram'],
  ['morlhf', undefined],
  ['gdpo', undefined],
  ['mgda-ub', undefined],
];

describe("estimator 'group' in the trainer", () => {
  it.each(GROUP_CASES)(
    '%s %s: trains with G prompts repeated, no value loss, value heads untouched, finite metrics',
    async (method, granularity) => {
      const drawn: number[] = [];
      const run = toyRun(method, [3, 4], 7, {
        estimator: 'group',
        groupSize: 4,
        ...(granularity ? { granularity: granularity as never } : {}),
        ...(method === 'morlhf' || method === 'gdpo' ? { objectiveWeights: [0.5, 0.5] } : {}),
        promptSampler: (rng, n) => {
          drawn.push(n);
          return toyPrompts(rng, n);
        },
      });
      const heads = async () => Object.entries(await run.model.exportWeights()).filter(([name]) => name.startsWith('value'));
      const before = await heads();
      const m = await run.trainer.step();
      await run.trainer.step();
      const after = await heads();
      run.dispose();
      expect(drawn).toEqual([4, 4]);
      expect(m.estimator).toBe('group');
      expect(m.valueLoss).toBe(0);
      expect(before.length).toBeGreaterThan(0);
      expect(after).toEqual(before);
      for (const x of [
        m.policyLoss,
        m.gradNorm,
        m.vetoRate,
        m.combinedAdvantageMean,
        ...m.objectiveWeights,
        ...m.advantageMean,
        ...m.advantageStd,
      ]) {
        expect(Number.isFinite(x)).toBe(true);
      }
    },
  );

  it('refuses a group size that does not divide the batch, and a resume under the other estimator', async () => {
    expect(() => toyRun('pama', [3, 4], 1, { estimator: 'group', groupSize: 3 })).toThrow(/groupSize/);
    const group = toyRun('pama', [3, 4], 1, { estimator: 'group' });
    const gae = toyRun('pama', [3, 4], 1);
    await expect(gae.trainer.restore(await group.trainer.checkpoint())).rejects.toThrow(/settings\.estimator/);
    group.dispose();
    gae.dispose();
  });
});
