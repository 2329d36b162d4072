// Property tests of the model's input validation and of generate's output invariants.
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransformerConfig } from '../src/contracts.js';
import { createPolicyValueModel, createRng, generate, ModelInputError, validateTransformerConfig } from '../src/index.js';
import { randomiseWeights, TINY_CONFIG, useCpuBackend } from './model-fixtures.js';

beforeAll(useCpuBackend);

const SIZE_FIELDS = ['vocabSize', 'contextLength', 'dModel', 'nHeads', 'nLayers', 'dMlp'] as const;
const notAnInteger = fc.oneof(fc.double({ noInteger: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, '3', null, undefined));
const notAPositiveInteger = fc.oneof(fc.integer({ max: 0 }), notAnInteger);
const notANonNegativeInteger = fc.oneof(fc.integer({ max: -1 }), notAnInteger);

/** The ModelInputError validateTransformerConfig throws for `bad`, or undefined. */
function configError(bad: TransformerConfig): unknown {
  try {
    validateTransformerConfig(bad);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('config validation', () => {
  it('for any size set to a value that is not a positive integer, the error is a ModelInputError naming that field and value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SIZE_FIELDS), notAPositiveInteger, (field, value) => {
        const error = configError({ ...TINY_CONFIG, [field]: value } as unknown as TransformerConfig);
        expect(error).toBeInstanceOf(ModelInputError);
        expect((error as ModelInputError).field).toBe(`config.${field}`);
        expect(Object.is((error as ModelInputError).value, value)).toBe(true);
      }),
    );
  });

  it('nValueHeads may be any non-negative integer (0: a policy-only model); anything else is an error naming it and the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), (nValueHeads) => {
        expect(configError({ ...TINY_CONFIG, nValueHeads })).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(notANonNegativeInteger, (value) => {
        const error = configError({ ...TINY_CONFIG, nValueHeads: value } as unknown as TransformerConfig);
        expect(error).toBeInstanceOf(ModelInputError);
        expect((error as ModelInputError).field).toBe('config.nValueHeads');
        expect(Object.is((error as ModelInputError).value, value)).toBe(true);
      }),
    );
  });

  it('for any positive heads and width that width does not divide by, the error names config.dModel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 16 }), (dModel, nHeads) => {
        fc.pre(dModel % nHeads !== 0);
        expect(() => validateTransformerConfig({ ...TINY_CONFIG, dModel, nHeads })).toThrow(/config\.dModel/);
      }),
    );
  });
});

describe('generate invariants', () => {
  const model = (() => {
    let m: ReturnType<typeof createPolicyValueModel> | undefined;
    return () => {
      if (!m) {
        m = createPolicyValueModel({ ...TINY_CONFIG, contextLength: 12 }, { seed: 71 });
        randomiseWeights(m, 72, 0.5);
      }
      return m;
    };
  })();

  it('for any prompts, options and seed: prompts are kept, the mask is 1 exactly on the first responseLengths positions, EOS only ends a row, the rest is padding', async () => {
    const vocab = TINY_CONFIG.vocabSize;
    const args = fc.record({
      batch: fc.integer({ min: 1, max: 4 }),
      promptLength: fc.integer({ min: 1, max: 4 }),
      maxNewTokens: fc.integer({ min: 1, max: 8 }),
      temperature: fc.double({ min: 0.1, max: 3, noNaN: true }),
      topK: fc.integer({ min: 0, max: vocab }),
      eosId: fc.option(fc.integer({ min: 0, max: vocab - 1 }), { nil: undefined }),
      padId: fc.integer({ min: 0, max: vocab - 1 }),
      seed: fc.integer(),
      tokens: fc.array(fc.integer({ min: 0, max: vocab - 1 }), { minLength: 16, maxLength: 16 }),
    });
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const prompts = Array.from({ length: a.batch }, (_, b) =>
          Array.from({ length: a.promptLength }, (_, t) => a.tokens[(b * a.promptLength + t) % 16]),
        );
        const policy = model();
        const before = tf.memory().numTensors;
        const g = await generate(policy, prompts, { ...a, rng: createRng(a.seed) });
        expect(tf.memory().numTensors).toBe(before);
        const width = a.promptLength + a.maxNewTokens;
        expect(g.tokens.length).toBe(a.batch * width);
        for (let b = 0; b < a.batch; b++) {
          expect(Array.from(g.tokens.subarray(b * width, b * width + a.promptLength))).toEqual(prompts[b]);
          const length = g.responseLengths[b];
          expect(length).toBeGreaterThanOrEqual(1);
          expect(length).toBeLessThanOrEqual(a.maxNewTokens);
          const response = Array.from(g.tokens.subarray(b * width + a.promptLength, (b + 1) * width));
          for (let t = 0; t < a.maxNewTokens; t++) {
            expect(g.responseMask[b * a.maxNewTokens + t]).toBe(t < length ? 1 : 0);
            if (t >= length) expect(response[t]).toBe(a.padId);
          }
          if (a.eosId !== undefined) {
            const firstEos = response.slice(0, length).indexOf(a.eosId);
            expect(firstEos === -1 ? length === a.maxNewTokens : firstEos === length - 1).toBe(true);
          } else expect(length).toBe(a.maxNewTokens);
        }
      }),
      { numRuns: 40 },
    );
    model().dispose();
  });
});
