// Pre-trained decoders against the independent PyTorch reference (fixtures/hf/make_fixtures.py):
// the logits of every prompt position, and greedy decoding with the key/value cache giving the
// reference's tokens and log-probabilities. Then cached decoding against full recomputation, and
// checkpoints written at test time by the project's own writer in every dtype and layout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, generate, decodeFloat32, encodeFloat32, loadPretrainedModel, type PretrainedPolicyModel } from '../src/index.js';
import { useCpuBackend } from './model-fixtures.js';
import {
  GOLDEN_MODELS,
  HF_FIXTURES,
  maxAbsDifference,
  readGolden,
  type TinyCheckpoint,
  writeTinyCheckpoint,
} from './pretrained-fixtures.js';

beforeAll(useCpuBackend);
const root = mkdtempSync(join(tmpdir(), 'pama-pretrained-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** float32 against the float32 PyTorch reference: differences are rounding only. */
const TOLERANCE = 5e-5;

async function logitsOf(model: PretrainedPolicyModel, tokens: number[][]): Promise<Float32Array> {
  const input = tf.tensor2d(tokens, undefined, 'int32');
  const out = model.forward(input);
  const data = (await out.logits.data()) as Float32Array;
  tf.dispose([input, out.hidden, out.logits, out.values]);
  return data;
}

describe('parity with the PyTorch reference', () => {
  for (const name of GOLDEN_MODELS) {
    it(`${name}: the logits of every prompt position match`, async () => {
      const golden = readGolden(name);
      const model = await loadPretrainedModel(join(HF_FIXTURES, name));
      try {
        expect(maxAbsDifference(await logitsOf(model, golden.prompts), golden.promptLogits.flat(2))).toBeLessThan(TOLERANCE);
      } finally {
        model.dispose();
      }
    });

    it(`${name}: greedy decoding with the key/value cache gives the reference's tokens and log-probabilities`, async () => {
      const golden = readGolden(name);
      const model = await loadPretrainedModel(join(HF_FIXTURES, name));
      try {
        const steps = golden.greedy.steps;
        const out = await generate(model, golden.prompts, { maxNewTokens: steps, temperature: 1, topK: 1, rng: createRng(1) });
        const width = golden.prompts[0].length + steps;
        golden.prompts.forEach((prompt, b) => {
          expect(Array.from(out.tokens.subarray(b * width + prompt.length, (b + 1) * width))).toEqual(golden.greedy.tokens[b]);
          expect(maxAbsDifference(out.logProbs!.subarray(b * steps, (b + 1) * steps), golden.greedy.logprobs[b])).toBeLessThan(TOLERANCE);
        });
      } finally {
        model.dispose();
      }
    });
  }
});

describe('key/value cache', () => {
  it('for any architecture, prompts and sampling settings, cached decoding gives the tokens and log-probabilities of full recomputation', async () => {
    const models = await Promise.all(
      ['gpt2-bare-f16', 'llama-gqa-untied-f32', 'qwen2-gqa-f16'].map((n) => loadPretrainedModel(join(HF_FIXTURES, n))),
    );
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(0, 1, 2),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 8 }),
          fc.constantFrom(0, 1, 5),
          fc.double({ min: 0.5, max: 1.5, noNaN: true }),
          fc.integer({ min: 0, max: 1000 }),
          async (k, rows, promptLength, maxNewTokens, topK, temperature, seed) => {
            const model = models[k];
            const prompts = Array.from({ length: rows }, (_, r) =>
              Array.from({ length: promptLength }, (_, t) => (seed * 31 + r * 7 + t * 13) % 290),
            );
            const options = { maxNewTokens, temperature, topK, rng: createRng(seed) };
            const cached = await generate(model, prompts, options);
            const full = await generate(model, prompts, { ...options, rng: createRng(seed), useKeyValueCache: false });
            expect(Array.from(cached.tokens)).toEqual(Array.from(full.tokens));
            expect(maxAbsDifference(cached.logProbs!, full.logProbs!)).toBeLessThan(1e-5);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      for (const m of models) m.dispose();
    }
  });

  it('decoding one position at a time gives the hidden states of the whole sequence', async () => {
    for (const name of ['gpt2-prefixed-f32', 'llama-tied-bf16']) {
      const model = await loadPretrainedModel(join(HF_FIXTURES, name));
      const tokens = [[5, 17, 99, 3, 250, 41, 8]];
      const whole = tf.tidy(() => model.hidden(tf.tensor2d(tokens, undefined, 'int32')));
      const expected = (await whole.data()) as Float32Array;
      whole.dispose();
      let cache: { keys: tf.Tensor4D; values: tf.Tensor4D }[] | undefined;
      const steps: Float32Array[] = [];
      for (let t = 0; t < tokens[0].length; t++) {
        const past = cache;
        const [hidden, ...kv] = tf.tidy(() => {
          const out = model.decodeWithCache(tf.tensor2d([[tokens[0][t]]], undefined, 'int32'), past);
          return [out.hidden as tf.Tensor, ...out.cache.flatMap((c) => [c.keys, c.values])];
        });
        past?.forEach((c) => tf.dispose([c.keys, c.values]));
        cache = [];
        for (let i = 0; i < kv.length; i += 2) cache.push({ keys: kv[i] as tf.Tensor4D, values: kv[i + 1] as tf.Tensor4D });
        steps.push((await hidden.data()) as Float32Array);
        hidden.dispose();
      }
      cache?.forEach((c) => tf.dispose([c.keys, c.values]));
      const joined = new Float32Array(steps.reduce((n, s) => n + s.length, 0));
      let at = 0;
      for (const s of steps) {
        joined.set(s, at);
        at += s.length;
      }
      expect(maxAbsDifference(joined, expected)).toBeLessThan(1e-5);
      model.dispose();
    }
  });
});

describe('checkpoints written by the project', () => {
  const cases: [string, TinyCheckpoint][] = [
    ['gpt2 prefixed F32', { modelType: 'gpt2', prefix: true }],
    ['gpt2 bare F16 with mask buffers and a tied lm_head copy', { modelType: 'gpt2', dtype: 'F16', extras: true }],
    ['gpt2 untied BF16', { modelType: 'gpt2', dtype: 'BF16', tied: false }],
    ['llama GQA untied F32, sharded', { modelType: 'llama', kvHeads: 2, maxShardBytes: 6000 }],
    ['llama MHA tied BF16', { modelType: 'llama', kvHeads: 4, tied: true, dtype: 'BF16', extras: true }],
    ['qwen2 GQA (1 key/value head) tied F16', { modelType: 'qwen2', kvHeads: 1, tied: true, dtype: 'F16' }],
  ];
  for (const [label, spec] of cases) {
    it(`${label}: loads every weight as stored (F16/BF16 widened exactly), and generates`, async () => {
      const dir = join(root, label.replace(/\W+/g, '-'));
      const written = await writeTinyCheckpoint(dir, spec);
      const model = await loadPretrainedModel(dir, { nValueHeads: 2 });
      try {
        const dtype = spec.dtype ?? 'F32';
        for (const t of model.architecture.tensors) {
          const stored = decodeFloat32(encodeFloat32(written.get(t.fileName)!, dtype), dtype);
          expect(Array.from(await model.fileTensor(t.name)), t.fileName).toEqual(Array.from(stored));
        }
        const out = await generate(model, [[1, 2, 3]], { maxNewTokens: 4, temperature: 1, topK: 0, rng: createRng(3) });
        expect(out.responseLengths[0]).toBe(4);
        expect(model.config.nValueHeads).toBe(2);
      } finally {
        model.dispose();
      }
    });
  }

  it('the same weights under both GPT-2 key layouts, tied with or without an lm_head copy, and single or sharded, compute the same logits', async () => {
    const layouts: TinyCheckpoint[] = [
      { modelType: 'gpt2', prefix: true },
      { modelType: 'gpt2', prefix: false, extras: true },
      { modelType: 'gpt2', prefix: true, maxShardBytes: 5000 },
    ];
    const results: Float32Array[] = [];
    for (const [k, spec] of layouts.entries()) {
      const dir = join(root, `layout-${k}`);
      await writeTinyCheckpoint(dir, spec);
      const model = await loadPretrainedModel(dir);
      results.push(await logitsOf(model, [[4, 8, 15, 16, 23, 42]]));
      expect(model.config.source).toMatch(/^sha256:[0-9a-f]{64}$/);
      model.dispose();
    }
    expect(Array.from(results[1])).toEqual(Array.from(results[0]));
    expect(Array.from(results[2])).toEqual(Array.from(results[0]));
  });
});
