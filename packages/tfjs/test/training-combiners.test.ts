// The ObjectiveCombiner seam: one module per method, built by objectiveCombinerFor; what each
// method's prepare and combine produce on small hand-checkable streams, and the Noon setting.
import { describe, expect, it } from 'vitest';
import type { CombineRequest } from '../src/training/combine-binding.js';
import { defaultNoon, objectiveCombinerFor } from '../src/training/combiners/index.js';
import type { MinibatchAdvantageInput } from '../src/training/combiners/objective-combiner.js';
import { minNormFromGramWithPamaCore, combineWithPamaCore } from '../src/training/pama-core-solvers.js';
import { TRAINING_METHODS, type TrainingMethod } from '../src/training/trainer-options.js';

const identity = (values: Float32Array) => values;

function combinerOf(method: TrainingMethod, noon: boolean, requests: CombineRequest[] = []) {
  return objectiveCombinerFor({
    method,
    granularity: 'sample',
    noon,
    weights: Float64Array.of(0.25, 0.75),
    combine: (request) => {
      requests.push(request);
      return combineWithPamaCore(request);
    },
    minNorm: minNormFromGramWithPamaCore,
  });
}

/** One response of two tokens, two objectives: objective 0 is +1 then −1, objective 1 is −2 then +2. */
const RAW = Float32Array.of(1, -2, -1, 2);
const MASK = Float32Array.of(1, 1);

function minibatch(prepared: { perObjective: Float32Array; scalar?: Float32Array }, nObjectives = 2): MinibatchAdvantageInput {
  return {
    ...prepared,
    ratios: Float32Array.of(1, 1),
    mask: MASK,
    rows: 1,
    length: 2,
    nObjectives,
    clipEpsilon: 0.2,
    pathNormsSquared: async () => Float32Array.of(1, 1),
  };
}

describe('objectiveCombinerFor', () => {
  it('has a module for every training method, named after it, with Noon on by default for pama and mgda-ub only', () => {
    for (const method of TRAINING_METHODS) {
      expect(combinerOf(method, defaultNoon(method)).method).toBe(method);
    }
    expect(TRAINING_METHODS.filter(defaultNoon)).toEqual(['pama', 'mgda-ub']);
  });

  it('morlhf: Σ w_i A^i before the normalisation, clamped at 0 only with Noon', async () => {
    const input = { raw: RAW, mask: MASK, batchSize: 1, length: 2, nObjectives: 2, normalise: identity };
    const prepared = combinerOf('morlhf', false).prepare(input);
    expect(Array.from(prepared.scalar as Float32Array)).toEqual([0.25 - 1.5, -0.25 + 1.5]);
    const off = await combinerOf('morlhf', false).combine(minibatch(prepared));
    expect(Array.from(off.advantage)).toEqual([-1.25, 1.25]);
    expect(Array.from(off.weights)).toEqual([0.25, 0.75]);
    const on = await combinerOf('morlhf', true).combine(minibatch(prepared));
    expect(Array.from(on.advantage)).toEqual([0, 1.25]);
  });

  it('morlhf normalises the weighted sum once; each objective is normalised on its own for the logs', () => {
    const calls: number[] = [];
    const normalise = (values: Float32Array, n: number) => {
      calls.push(n);
      return values.map((x) => 2 * x);
    };
    const prepared = combinerOf('morlhf', false).prepare({ raw: RAW, mask: MASK, batchSize: 1, length: 2, nObjectives: 2, normalise });
    expect(calls.sort()).toEqual([1, 2]);
    expect(Array.from(prepared.perObjective)).toEqual([2, -4, -2, 4]);
    expect(Array.from(prepared.scalar as Float32Array)).toEqual([-2.5, 2.5]);
  });

  it('pama hands its Noon setting and granularity to the solver', async () => {
    for (const noon of [true, false]) {
      const requests: CombineRequest[] = [];
      const combiner = combinerOf('pama', noon, requests);
      const prepared = combiner.prepare({ raw: RAW, mask: MASK, batchSize: 1, length: 2, nObjectives: 2, normalise: identity });
      const out = await combiner.combine(minibatch(prepared));
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ noon, granularity: 'sample' });
      // With Noon every token has a non-positive objective: the response's mean indicators are
      // (0.5, 1), Theorem 1 puts its weight on the smaller and the advantage is never negative.
      if (noon) expect(Array.from(out.advantage).every((a) => a >= 0)).toBe(true);
      else expect(Array.from(out.advantage).some((a) => a < 0)).toBe(true);
    }
  });

  it('mgda-ub: weights on the simplex; the advantage is Σ c_i max(A^i, 0) with Noon and Σ c_i A^i without', async () => {
    for (const noon of [true, false]) {
      const combiner = combinerOf('mgda-ub', noon);
      const prepared = combiner.prepare({ raw: RAW, mask: MASK, batchSize: 1, length: 2, nObjectives: 2, normalise: identity });
      const { weights, advantage } = await combiner.combine(minibatch(prepared));
      expect(weights[0] + weights[1]).toBeCloseTo(1, 12);
      for (let t = 0; t < 2; t++) {
        const a0 = RAW[2 * t];
        const a1 = RAW[2 * t + 1];
        const expected = noon ? weights[0] * Math.max(a0, 0) + weights[1] * Math.max(a1, 0) : weights[0] * a0 + weights[1] * a1;
        expect(advantage[t]).toBeCloseTo(expected, 6);
      }
    }
  });

  it('ppo: the one objective as is', async () => {
    const combiner = combinerOf('ppo', false);
    const raw = Float32Array.of(0.5, -0.5);
    const prepared = combiner.prepare({ raw, mask: MASK, batchSize: 1, length: 2, nObjectives: 1, normalise: identity });
    const out = await combiner.combine(minibatch(prepared, 1));
    expect(Array.from(out.advantage)).toEqual([0.5, -0.5]);
    expect(Array.from(out.weights)).toEqual([1]);
  });
});
