// Bad checkpoints fail with one line that names the file, the tensor and the expected shape (or the
// config field), and leave nothing behind: no variable of a failed load stays registered.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelInputError, openSafetensors, writeSafetensors, loadPretrainedModel } from '../src/index.js';
import { useCpuBackend } from './model-fixtures.js';
import { type TinyCheckpoint, writeTinyCheckpoint } from './pretrained-fixtures.js';

beforeAll(useCpuBackend);
const root = mkdtempSync(join(tmpdir(), 'pama-pretrained-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** Rewrites a written checkpoint's model.safetensors through `edit` (name → {shape, data}). */
async function rewrite(dir: string, edit: (tensors: Map<string, { shape: number[]; data: Float32Array }>) => void): Promise<void> {
  const path = join(dir, 'model.safetensors');
  const file = await openSafetensors(path);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, info] of file.tensors) tensors.set(name, { shape: [...info.shape], data: await file.readFloat32(name) });
  await file.close();
  edit(tensors);
  await writeSafetensors(
    path,
    [...tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
  );
}

async function failure(dir: string): Promise<ModelInputError> {
  const before = Object.keys(tf.engine().registeredVariables).length;
  const error = await loadPretrainedModel(dir, { lora: undefined }).then(
    (m) => {
      m.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(Object.keys(tf.engine().registeredVariables).length).toBe(before);
  expect(error).toBeInstanceOf(ModelInputError);
  expect((error as Error).message).not.toContain('\n');
  return error as ModelInputError;
}

const SPECS: TinyCheckpoint[] = [
  { modelType: 'gpt2', prefix: true },
  { modelType: 'gpt2' },
  { modelType: 'llama' },
  { modelType: 'qwen2', tied: true },
];

describe('bad checkpoints', () => {
  it('for any architecture and any tensor given a wrong shape, the error names the file, the tensor and the expected shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SPECS), fc.nat(), async (spec, pick) => {
        const dir = join(root, `shape-${counter++}`);
        await writeTinyCheckpoint(dir, spec);
        let target = '';
        let expected: number[] = [];
        await rewrite(dir, (tensors) => {
          const names = [...tensors.keys()];
          target = names[pick % names.length];
          const t = tensors.get(target)!;
          expected = t.shape;
          t.shape = [...t.shape.slice(0, -1), t.shape[t.shape.length - 1] + 1];
          t.data = new Float32Array(t.shape.reduce((a, b) => a * b, 1));
        });
        const error = await failure(dir);
        expect(error.message).toBe(
          `${join(dir, 'model.safetensors')}: tensor "${target}" shape: must be [${expected.join(', ')}] for the ${spec.modelType} sizes in config.json (got [${[...expected.slice(0, -1), expected[expected.length - 1] + 1].join(', ')}])`,
        );
      }),
      { numRuns: 12 },
    );
  });

  it('a missing tensor is named with the shape it must have', async () => {
    const dir = join(root, 'missing');
    await writeTinyCheckpoint(dir, { modelType: 'llama' });
    await rewrite(dir, (tensors) => tensors.delete('model.layers.1.mlp.up_proj.weight'));
    const error = await failure(dir);
    expect(error.message).toMatch(
      /model\.safetensors: tensor "model\.layers\.1\.mlp\.up_proj\.weight": must be present with shape \[24, 16\]/,
    );
  });

  it('a tensor the architecture does not have is named', async () => {
    const dir = join(root, 'extra');
    await writeTinyCheckpoint(dir, { modelType: 'gpt2' });
    await rewrite(dir, (tensors) => tensors.set('h.2.ln_1.weight', { shape: [16], data: new Float32Array(16) }));
    expect((await failure(dir)).message).toMatch(
      /tensor "h\.2\.ln_1\.weight": is not a tensor of a gpt2 model with the sizes in config\.json/,
    );
  });

  it('a non-finite weight is named with its index, after some variables were made: none survives', async () => {
    const dir = join(root, 'nan');
    await writeTinyCheckpoint(dir, { modelType: 'qwen2' });
    await rewrite(dir, (tensors) => {
      tensors.get('model.norm.weight')!.data[3] = Number.NaN;
    });
    expect((await failure(dir)).message).toMatch(/tensor "model\.norm\.weight" element 3: must be finite \(got NaN\)/);
  });

  it('an unknown model_type lists the supported ones', async () => {
    const dir = join(root, 'type');
    await writeTinyCheckpoint(dir, { modelType: 'gpt2' });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'mistral' }));
    expect((await failure(dir)).message).toBe(
      `${join(dir, 'config.json')}: model_type: must be one of gpt2 (GPT2LMHeadModel), llama (LlamaForCausalLM), qwen2 (Qwen2ForCausalLM) (got "mistral")`,
    );
  });

  it('a config field that does not fit is named, with the file', async () => {
    const dir = join(root, 'field');
    await writeTinyCheckpoint(dir, { modelType: 'llama' });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    for (const [field, value, message] of [
      ['num_key_value_heads', 3, /num_key_value_heads: must divide num_attention_heads = 4/],
      ['rope_scaling', { type: 'llama3', factor: 8 }, /rope_scaling: must be null/],
      ['hidden_size', -16, /hidden_size: must be a positive integer \(got -16\)/],
      ['hidden_act', 'tanh', /hidden_act: must be one of gelu_new/],
    ] as const) {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, [field]: value }));
      const error = await failure(dir);
      expect(error.message.startsWith(`${join(dir, 'config.json')}: `)).toBe(true);
      expect(error.message).toMatch(message);
    }
  });

  it('a directory without config.json or weights says what is missing', async () => {
    const dir = mkdtempSync(join(root, 'empty-'));
    expect((await failure(dir)).message).toMatch(/config\.json: is needed/);
    await writeTinyCheckpoint(dir, { modelType: 'gpt2' });
    rmSync(join(dir, 'model.safetensors'));
    expect((await failure(dir)).message).toMatch(/weights: found neither model\.safetensors nor model\.safetensors\.index\.json/);
  });
});
