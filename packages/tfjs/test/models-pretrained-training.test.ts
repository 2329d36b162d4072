// The unchanged trainer on pre-trained decoders: every method runs on full fine-tuning and on LoRA;
// frozen weights stay bit for bit and carry no optimizer state; the LoRA reference is the base with
// the adapters off; checkpoints hold only what training changes, and resume exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, generate, type LoraOptions, loadPretrainedModel, type PretrainedPolicyModel } from '../src/index.js';
import { loadCheckpoint, saveCheckpoint } from '../src/training/checkpoint-io.js';
import { createTrainer } from '../src/training/create-trainer.js';
import type { StepMetrics } from '../src/training/step-metrics.js';
import type { TrainingMethod } from '../src/training/trainer-options.js';
import { useCpuBackend } from './model-fixtures.js';
import { writeTinyCheckpoint } from './pretrained-fixtures.js';

beforeAll(useCpuBackend);
const root = mkdtempSync(join(tmpdir(), 'pama-pretrained-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const GPT2 = join(root, 'gpt2');
const LLAMA = join(root, 'llama');
const OTHER = join(root, 'gpt2-other');
beforeAll(async () => {
  await writeTinyCheckpoint(GPT2, { modelType: 'gpt2', dtype: 'F16' });
  await writeTinyCheckpoint(LLAMA, { modelType: 'llama', kvHeads: 2 });
  await writeTinyCheckpoint(OTHER, { modelType: 'gpt2', dtype: 'F16', seed: 99 });
});

/** `group`: the critic-free estimator on a policy-only model (no value heads). */
async function run(dir: string, method: TrainingMethod, lora: LoraOptions | undefined, seed: number, group = false) {
  const model = await loadPretrainedModel(dir, { nValueHeads: group ? 0 : 2, lora, seed });
  const reference = model.cloneFrozen();
  const trainer = createTrainer({
    model,
    reference,
    method,
    ...(method === 'morlhf' ? { objectiveWeights: [0.5, 0.5] } : {}),
    // Two conflicting objectives that every response scores on: even tokens, and tokens below 150.
    rewardFn: (batch) =>
      batch.responseTokens.map((r) => [
        r.filter((t) => t % 2 === 0).length / Math.max(r.length, 1),
        r.filter((t) => t < 150).length / Math.max(r.length, 1),
      ]),
    nObjectives: 2,
    sampling: { maxNewTokens: 5, temperature: 1, topK: 0 },
    batchSize: 4,
    rng: createRng(seed),
    promptSampler: (rng, batchSize) => Array.from({ length: batchSize }, () => [3, 10 + (rng.nextUint32() % 50)]),
    generate,
    ppo: { learningRate: 1e-2, minibatchSize: 2, epochs: 2, kl: { coef: 0.05 } },
    ...(group ? { estimator: 'group' as const, groupSize: 2 } : {}),
  });
  return {
    model,
    reference,
    trainer,
    dispose() {
      trainer.dispose();
      reference.dispose();
      model.dispose();
    },
  };
}

async function values(vars: readonly tf.Variable[]): Promise<Float32Array[]> {
  return (await Promise.all(vars.map((v) => v.data()))) as Float32Array[];
}

async function logits(model: PretrainedPolicyModel): Promise<Float32Array> {
  const tokens = tf.tensor2d([[3, 14, 15, 92, 65, 35]], undefined, 'int32');
  const out = tf.tidy(() => model.logitsFromHidden(model.hidden(tokens)));
  const data = (await out.data()) as Float32Array;
  tf.dispose([tokens, out]);
  return data;
}

const deterministic = (m: StepMetrics) => {
  const { timings: _t, totalMs: _ms, ...rest } = m;
  return rest;
};

describe('training a pre-trained decoder', () => {
  for (const [label, dir, lora] of [
    ['GPT-2 with LoRA', GPT2, { rank: 2 }],
    [
      'Llama with LoRA on every projection',
      LLAMA,
      { rank: 2, alpha: 4, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] },
    ],
    ['GPT-2, full fine-tuning', GPT2, undefined],
    ['Llama, full fine-tuning', LLAMA, undefined],
  ] as const) {
    it(`${label}: PAMA, MORLHF and MGDA-UB steps run with finite metrics; what is frozen stays bit for bit`, async () => {
      for (const method of ['pama', 'morlhf', 'mgda-ub'] as const) {
        const r = await run(dir, method, lora, 3);
        try {
          const frozenBefore = await values(r.model.frozenVariables);
          const trainedBefore = await values(r.model.trainableVariables);
          const referenceBefore = await logits(r.reference as PretrainedPolicyModel);
          const m = await r.trainer.step();
          for (const x of [m.policyLoss, m.valueLoss, m.gradNorm, m.klToReference, ...m.meanRewards]) expect(Number.isFinite(x)).toBe(true);
          expect(await values(r.model.frozenVariables)).toEqual(frozenBefore);
          const trainedAfter = await values(r.model.trainableVariables);
          expect(trainedAfter.some((t, k) => t.some((x, i) => x !== trainedBefore[k][i]))).toBe(true);
          expect(Array.from(await logits(r.reference as PretrainedPolicyModel))).toEqual(Array.from(referenceBefore));
          if (lora !== undefined) {
            // The adapters and the value heads train; the base has no optimizer state.
            const saved = await r.trainer.checkpoint();
            expect(saved.optimizer.moments.map((e) => e.name).every((n) => /lora_[AB]$|^value_head\./.test(n))).toBe(true);
            expect(r.model.frozenVariables.length).toBe(r.model.architecture.tensors.length);
          } else {
            expect(r.model.frozenVariables).toEqual([]);
          }
        } finally {
          r.dispose();
        }
      }
    });
  }

  it('the LoRA reference is the loaded base: its logits equal those of a fresh load, after training too', async () => {
    const r = await run(GPT2, 'pama', { rank: 2 }, 5);
    const fresh = await loadPretrainedModel(GPT2);
    try {
      await r.trainer.step();
      expect(Array.from(await logits(r.reference as PretrainedPolicyModel))).toEqual(Array.from(await logits(fresh)));
      expect(Array.from(await logits(r.model))).not.toEqual(Array.from(await logits(fresh)));
    } finally {
      r.dispose();
      fresh.dispose();
    }
  });

  for (const [label, dir, lora, group] of [
    ['LoRA', GPT2, { rank: 2 }, false],
    ['full fine-tuning', LLAMA, undefined, false],
    ['LoRA, group estimator without value heads', GPT2, { rank: 2 }, true],
    ['full fine-tuning, group estimator without value heads', LLAMA, undefined, true],
  ] as const) {
    it(`${label}: k steps, a checkpoint file, a fresh load, restore, k more steps == 2k steps in one run, bit for bit`, async () => {
      const path = join(root, `resume-${label.replace(/\W+/g, '-')}.ckpt`);
      const straight = await run(dir, 'pama', lora, 11, group);
      const first = await run(dir, 'pama', lora, 11, group);
      let second: Awaited<ReturnType<typeof run>> | undefined;
      try {
        const expected: StepMetrics[] = [];
        for (let k = 0; k < 4; k++) expected.push(await straight.trainer.step());
        for (let k = 0; k < 2; k++) await first.trainer.step();
        const saved = await first.trainer.checkpoint();
        // Frozen weights are not stored: the reference is the source, and LoRA stores adapters and value heads only.
        expect(Object.keys(saved.reference)).toEqual([]);
        if (lora !== undefined) expect(Object.keys(saved.model).every((n) => /lora_[AB]$|^value_head\./.test(n))).toBe(true);
        else expect(Object.keys(saved.model).length).toBe(first.model.architecture.tensors.length + (group ? 0 : 2));
        // Without value heads there is nothing of theirs to store or to give Adam state.
        const heads = [...Object.keys(saved.model), ...saved.optimizer.moments.map((m) => m.name)].filter((n) => n.includes('value_head'));
        expect(heads.length > 0).toBe(!group);
        await saveCheckpoint(path, saved);
        second = await run(dir, 'pama', lora, 12345, group);
        await second.trainer.restore(await loadCheckpoint(path));
        const resumed: StepMetrics[] = [];
        for (let k = 0; k < 2; k++) resumed.push(await second.trainer.step());
        expect(resumed.map(deterministic)).toEqual(expected.slice(2).map(deterministic));
        expect(await values(second.model.trainableVariables)).toEqual(await values(straight.model.trainableVariables));
      } finally {
        straight.dispose();
        first.dispose();
        second?.dispose();
      }
    });
  }

  it('refuses to resume into a model loaded from another checkpoint, or with other LoRA settings, naming the field', async () => {
    const a = await run(GPT2, 'pama', { rank: 2 }, 1);
    const b = await run(OTHER, 'pama', { rank: 2 }, 1);
    const c = await run(GPT2, 'pama', { rank: 4 }, 1);
    try {
      await a.trainer.step();
      const saved = await a.trainer.checkpoint();
      await expect(b.trainer.restore(saved)).rejects.toThrow(/modelConfig\.source/);
      await expect(c.trainer.restore(saved)).rejects.toThrow(/modelConfig\.lora/);
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });
});
