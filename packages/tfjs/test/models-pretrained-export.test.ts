// Export of trained pre-trained decoders in the source's layout: the same tensor names in the same
// order, buffers copied byte for byte, the tokenizer files and config carried over; export → import
// gives the weights back bit for bit; a merged LoRA export computes what the adapters did; the PEFT
// adapter holds the update that was merged; value heads go to their own file and load back; a
// policy-only model (nValueHeads 0) has no value-head variables and writes no value-heads file.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeightMap } from '../src/contracts.js';
import {
  createRng,
  nextStandardNormal,
  openSafetensors,
  openSafetensorsCheckpoint,
  ADAPTER_DIR,
  exportPretrainedPolicy,
  loadPretrainedModel,
  type PretrainedPolicyModel,
  VALUE_HEADS_FILE,
} from '../src/index.js';
import { useCpuBackend } from './model-fixtures.js';
import { maxAbsDifference, type TinyCheckpoint, writeTinyCheckpoint } from './pretrained-fixtures.js';

beforeAll(useCpuBackend);
const root = mkdtempSync(join(tmpdir(), 'pama-pretrained-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** Sets every stored (trainable) weight to random values, as training would, so nothing sits at its initial value. */
async function perturb(model: PretrainedPolicyModel, seed: number): Promise<void> {
  const rng = createRng(seed);
  const current = await model.exportWeights();
  const next: WeightMap = {};
  for (const [name, w] of Object.entries(current))
    next[name] = { shape: w.shape, data: w.data.map((x) => x + 0.05 * nextStandardNormal(rng)) };
  model.importWeights(next);
}

async function logits(model: PretrainedPolicyModel): Promise<Float32Array> {
  const tokens = tf.tensor2d([[3, 14, 15, 92, 65, 35, 89]], undefined, 'int32');
  const out = model.forward(tokens);
  const data = (await out.logits.data()) as Float32Array;
  tf.dispose([tokens, out.hidden, out.logits, out.values]);
  return data;
}

async function tensorNames(dir: string): Promise<string[]> {
  const checkpoint = await openSafetensorsCheckpoint(dir);
  const names = [...checkpoint.tensors.values()]
    .sort((a, b) => (a.path === b.path ? a.fileOffset - b.fileOffset : a.path < b.path ? -1 : 1))
    .map((t) => t.name);
  await checkpoint.close();
  return names;
}

const SOURCES: [string, TinyCheckpoint][] = [
  ['GPT-2 prefixed F16 with mask buffers and an lm_head copy', { modelType: 'gpt2', prefix: true, dtype: 'F16', extras: true }],
  ['Llama GQA untied BF16', { modelType: 'llama', kvHeads: 2, dtype: 'BF16', extras: true }],
  ['Qwen2 tied F32, sharded', { modelType: 'qwen2', kvHeads: 1, tied: true, maxShardBytes: 8000 }],
];

describe('exportPretrainedPolicy', () => {
  for (const [label, spec] of SOURCES) {
    it(`${label}, fully fine-tuned: same names and order, buffers byte for byte, and export → import bit for bit`, async () => {
      const source = join(root, `src-${counter++}`);
      await writeTinyCheckpoint(source, spec);
      const model = await loadPretrainedModel(source, { nValueHeads: 3 });
      const out = join(root, `out-${counter++}`);
      try {
        await perturb(model, 5);
        await exportPretrainedPolicy(model, out, { objectives: ['a', 'b', 'c'], metadata: { method: 'pama' } });
        expect(await tensorNames(out)).toEqual(await tensorNames(source));
        const before = await openSafetensorsCheckpoint(source);
        const after = await openSafetensorsCheckpoint(out);
        for (const [name, info] of before.tensors) {
          if (model.architecture.isBuffer(name))
            expect(Array.from(await after.readBytes(name))).toEqual(Array.from(await before.readBytes(name)));
          else expect(after.tensors.get(name)!.dtype).toBe('F32');
          expect(after.tensors.get(name)!.shape).toEqual(info.shape);
        }
        await Promise.all([before.close(), after.close()]);
        const config = JSON.parse(readFileSync(join(source, 'config.json'), 'utf8'));
        expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual({ ...config, torch_dtype: 'float32' });
        for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json']) {
          expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(source, f), 'utf8'));
        }
        expect(existsSync(join(out, ADAPTER_DIR))).toBe(false);
        const again = await loadPretrainedModel(out);
        try {
          expect(again.config.nValueHeads).toBe(3);
          for (const t of model.architecture.tensors)
            expect(Array.from(await again.fileTensor(t.name)), t.name).toEqual(Array.from(await model.fileTensor(t.name)));
          expect(await again.valueHeadTensors()).toEqual(await model.valueHeadTensors());
          expect(Array.from(await logits(again))).toEqual(Array.from(await logits(model)));
        } finally {
          again.dispose();
        }
        const heads = await openSafetensors(join(out, VALUE_HEADS_FILE));
        expect(heads.metadata.objectives).toBe('["a","b","c"]');
        await heads.close();
        expect(JSON.parse(readFileSync(join(out, 'pama_export.json'), 'utf8')).metadata).toEqual({ method: 'pama' });
      } finally {
        model.dispose();
      }
    });
  }

  for (const [label, spec, targets] of [
    [
      'GPT-2 (Conv1D, fan_in_fan_out) with c_attn, c_proj and c_fc adapted',
      { modelType: 'gpt2', dtype: 'F16' },
      ['c_attn', 'c_proj', 'c_fc'],
    ],
    ['Qwen2 with q/k/v/o adapted', { modelType: 'qwen2', kvHeads: 2 }, ['q_proj', 'k_proj', 'v_proj', 'o_proj']],
  ] as const) {
    it(`${label}: the merged export computes the adapters' forward pass, and the PEFT adapter holds the merged update`, async () => {
      const source = join(root, `lora-src-${counter++}`);
      await writeTinyCheckpoint(source, spec as TinyCheckpoint);
      const model = await loadPretrainedModel(source, { nValueHeads: 2, lora: { rank: 3, alpha: 6, targets: [...targets] }, seed: 4 });
      const base = await loadPretrainedModel(source);
      const out = join(root, `lora-out-${counter++}`);
      try {
        await perturb(model, 9);
        await exportPretrainedPolicy(model, out);
        expect(await tensorNames(out)).toEqual(await tensorNames(source));
        const merged = await loadPretrainedModel(out);
        expect(maxAbsDifference(await logits(merged), await logits(model))).toBeLessThan(1e-5);
        merged.dispose();

        const adapterConfig = JSON.parse(readFileSync(join(out, ADAPTER_DIR, 'adapter_config.json'), 'utf8'));
        expect(adapterConfig).toMatchObject({
          peft_type: 'LORA',
          task_type: 'CAUSAL_LM',
          r: 3,
          lora_alpha: 6,
          target_modules: targets,
          fan_in_fan_out: spec.modelType === 'gpt2',
        });
        const adapter = await openSafetensors(join(out, ADAPTER_DIR, 'adapter_model.safetensors'));
        const mergedFile = await openSafetensorsCheckpoint(out);
        const adapted = model.architecture.linears.filter((l) => (targets as readonly string[]).includes(l.kind));
        expect([...adapter.tensors.keys()]).toEqual(
          adapted.flatMap((l) => [`base_model.model.${l.path}.lora_A.weight`, `base_model.model.${l.path}.lora_B.weight`]),
        );
        for (const l of adapted) {
          const a = await adapter.readFloat32(`base_model.model.${l.path}.lora_A.weight`);
          const b = await adapter.readFloat32(`base_model.model.${l.path}.lora_B.weight`);
          expect(adapter.tensors.get(`base_model.model.${l.path}.lora_A.weight`)!.shape).toEqual([3, l.inFeatures]);
          expect(adapter.tensors.get(`base_model.model.${l.path}.lora_B.weight`)!.shape).toEqual([l.outFeatures, 3]);
          // PEFT merges W += (α/r)·B·A (out×in), transposed for Conv1D's in×out.
          const fileName = model.architecture.tensors.find((t) => t.name === l.weight)!.fileName;
          const w0 = await base.fileTensor(l.weight);
          const w1 = await mergedFile.readFloat32(fileName);
          const expected = new Float64Array(w0.length);
          for (let o = 0; o < l.outFeatures; o++) {
            for (let i = 0; i < l.inFeatures; i++) {
              let delta = 0;
              for (let k = 0; k < 3; k++) delta += b[o * 3 + k] * a[k * l.inFeatures + i];
              const at = spec.modelType === 'gpt2' ? i * l.outFeatures + o : o * l.inFeatures + i;
              expected[at] = w0[at] + 2 * delta;
            }
          }
          expect(maxAbsDifference(w1, expected)).toBeLessThan(1e-5);
        }
        await Promise.all([adapter.close(), mergedFile.close()]);
      } finally {
        model.dispose();
        base.dispose();
      }
    });
  }

  it("dtype 'source' writes each parameter in its source dtype", async () => {
    const source = join(root, `dtype-${counter++}`);
    await writeTinyCheckpoint(source, { modelType: 'llama', dtype: 'BF16' });
    const model = await loadPretrainedModel(source);
    const out = join(root, `dtype-out-${counter++}`);
    await exportPretrainedPolicy(model, out, { dtype: 'source' });
    const file = await openSafetensors(join(out, 'model.safetensors'));
    expect(new Set([...file.tensors.values()].map((t) => t.dtype))).toEqual(new Set(['BF16']));
    await file.close();
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).torch_dtype).toBe('bfloat16');
    // Unchanged BF16 weights narrow back to exactly the stored bytes.
    expect(readFileSync(join(out, 'model.safetensors'))).toEqual(readFileSync(join(source, 'model.safetensors')));
    model.dispose();
  });

  it('a failed export leaves the directory that was there, and no temporary directory', async () => {
    const source = join(root, `fail-${counter++}`);
    await writeTinyCheckpoint(source, { modelType: 'gpt2', extras: true });
    const model = await loadPretrainedModel(source);
    const out = join(root, `fail-out-${counter++}`);
    await exportPretrainedPolicy(model, out);
    const before = readFileSync(join(out, 'model.safetensors'));
    // The source's mask buffers are gone: they cannot be copied, so the export fails before replacing anything.
    await writeTinyCheckpoint(source, { modelType: 'gpt2' });
    await expect(exportPretrainedPolicy(model, out)).rejects.toThrow(/tensor "h\.0\.attn\.bias": changed in the source checkpoint/);
    expect(readFileSync(join(out, 'model.safetensors'))).toEqual(before);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    model.dispose();
  });

  for (const [label, spec] of SOURCES) {
    for (const lora of [undefined, { rank: 2 }]) {
      it(`${label}, policy-only (nValueHeads 0)${lora ? ', LoRA' : ''}: no value-head variables, no value-heads file, export → import`, async () => {
        const source = join(root, `src-${counter++}`);
        await writeTinyCheckpoint(source, spec);
        const model = await loadPretrainedModel(source, { nValueHeads: 0, ...(lora ? { lora } : {}), seed: 3 });
        const withHeads = await loadPretrainedModel(source, { nValueHeads: 2, ...(lora ? { lora } : {}), seed: 3 });
        const out = join(root, `out-${counter++}`);
        try {
          expect(model.config.nValueHeads).toBe(0);
          expect(model.valueHeadVariables).toEqual([]);
          // The same trainable variables as with two heads, less the heads' weight and bias.
          const names = (m: PretrainedPolicyModel) => m.trainableVariables.map((v) => v.name.slice(v.name.indexOf('/')));
          expect(names(model)).toEqual(names(withHeads).filter((n) => !n.startsWith('/value_head.')));
          expect(Object.keys(await model.exportWeights()).some((n) => n.startsWith('value_head'))).toBe(false);
          const tokens = tf.tensor2d([[3, 14, 15]], undefined, 'int32');
          const forward = model.forward(tokens);
          expect(forward.values.shape).toEqual([1, 3, 0]);
          tf.dispose([tokens, forward.hidden, forward.logits, forward.values]);
          await perturb(model, 6);
          await exportPretrainedPolicy(model, out, { objectives: ['a', 'b'] });
          expect(existsSync(join(out, VALUE_HEADS_FILE))).toBe(false);
          expect(JSON.parse(readFileSync(join(out, 'pama_export.json'), 'utf8')).objectives).toEqual(['a', 'b']);
          const again = await loadPretrainedModel(out, { nValueHeads: 0 });
          try {
            expect(again.valueHeadVariables).toEqual([]);
            // Full fine-tuning round-trips bit for bit; LoRA is merged into the base (float rounding).
            if (lora) expect(maxAbsDifference(await logits(again), await logits(model))).toBeLessThan(1e-5);
            else expect(Array.from(await logits(again))).toEqual(Array.from(await logits(model)));
          } finally {
            again.dispose();
          }
        } finally {
          model.dispose();
          withHeads.dispose();
        }
      });
    }
  }

  it('nValueHeads 0 ignores an exported value-heads file; a negative or fractional count is refused, naming it', async () => {
    const source = join(root, `heads-${counter++}`);
    await writeTinyCheckpoint(source, { modelType: 'gpt2' });
    const model = await loadPretrainedModel(source, { nValueHeads: 2 });
    const out = join(root, `heads-out-${counter++}`);
    await exportPretrainedPolicy(model, out);
    model.dispose();
    expect(existsSync(join(out, VALUE_HEADS_FILE))).toBe(true);
    const policyOnly = await loadPretrainedModel(out, { nValueHeads: 0 });
    expect(policyOnly.config.nValueHeads).toBe(0);
    expect(policyOnly.valueHeadVariables).toEqual([]);
    policyOnly.dispose();
    for (const bad of [-1, 1.5]) {
      await expect(loadPretrainedModel(out, { nValueHeads: bad })).rejects.toThrow(`nValueHeads: must be an integer >= 0 (got ${bad})`);
    }
  });

  it('value heads of another count than asked for are refused, naming the file', async () => {
    const source = join(root, `heads-${counter++}`);
    await writeTinyCheckpoint(source, { modelType: 'gpt2' });
    const model = await loadPretrainedModel(source, { nValueHeads: 2 });
    const out = join(root, `heads-out-${counter++}`);
    await exportPretrainedPolicy(model, out);
    model.dispose();
    await expect(loadPretrainedModel(out, { nValueHeads: 3 })).rejects.toThrow(
      new RegExp(`${VALUE_HEADS_FILE}: value_head\\.bias shape: must hold 3 heads, one per objective`),
    );
    writeFileSync(join(out, VALUE_HEADS_FILE), 'not safetensors');
    await expect(loadPretrainedModel(out)).rejects.toThrow(new RegExp(VALUE_HEADS_FILE));
  });
});
