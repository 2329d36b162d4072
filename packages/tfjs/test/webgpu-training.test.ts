// The model and trainer on the real WebGPU backend (in Node through Dawn; lavapipe on a machine
// without a GPU). Values come back with `await data()`: synchronous reads of GPU tensors do not
// work in Node. See webgpu-support.ts for when these tests skip and when they must fail.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyValueModel, TransformerConfig } from '../src/contracts.js';
import { adapterLabel, createPolicyValueModel, createRng, generate, languageModelLoss } from '../src/index.js';
import { createTrainer, decodeCheckpoint, encodeCheckpoint, type TrainingMethod } from '../src/index.js';
import { clippedSurrogateLoss, tokenEntropy, tokenLogProbs, valueLoss } from '../src/training/ppo-loss.js';
import { toyConfig, toyPrompts, toyRun, tokenFractionRewards } from './training-fixtures.js';
import { onBackend, requireWebGpu, startWebGpu, usedGpuBuffers } from './webgpu-support.js';

const webgpu = await startWebGpu();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIG: TransformerConfig = toyConfig(2);
const TOKENS = [
  [1, 2, 3, 2, 1, 7, 7, 0],
  [1, 4, 4, 4, 5, 6, 2, 3],
  [1, 6, 5, 4, 3, 2, 1, 0],
];

/**
 * Everything one PPO minibatch differentiates: the trunk, the LM head and value heads, the
 * clipped surrogate on token log-probs, the entropy bonus, the value loss and the LM loss.
 */
function minibatchLoss(model: PolicyValueModel, tokens: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const out = model.forward(tokens);
    const [b, t] = tokens.shape;
    const logits = tf.slice(out.logits, [0, 0, 0], [b, t - 1, CONFIG.vocabSize]) as tf.Tensor3D;
    const targets = tf.slice(tokens, [0, 1], [b, t - 1]) as tf.Tensor2D;
    const logProbs = tokenLogProbs(logits, targets);
    const mask = tf.tensor2d(
      Array.from({ length: b * (t - 1) }, (_, k) => (k % 5 === 4 ? 0 : 1)),
      [b, t - 1],
    );
    const advantages = tf.tensor2d(
      Array.from({ length: b * (t - 1) }, (_, k) => Math.sin(k)),
      [b, t - 1],
    );
    const policy = clippedSurrogateLoss(logProbs, tf.sub(logProbs, 0.1) as tf.Tensor2D, advantages, mask, 0.2);
    const values = tf.slice(out.values, [0, 0, 0], [b, t - 1, 2]) as tf.Tensor3D;
    const returns = tf.tensor3d(
      Array.from({ length: b * (t - 1) * 2 }, (_, k) => Math.cos(k)),
      [b, t - 1, 2],
    );
    const entropy = tf.mean(tokenEntropy(logits));
    return tf.addN([policy, valueLoss(values, returns, mask), tf.mul(entropy, -0.01), languageModelLoss(model, tokens)]) as tf.Scalar;
  });
}

/** The loss and every gradient, read back asynchronously. */
async function lossAndGradients(seed: number): Promise<{ loss: number; grads: Float32Array[] }> {
  const model = createPolicyValueModel(CONFIG, { seed });
  try {
    const tokens = tf.tensor2d(TOKENS, undefined, 'int32');
    const { value, grads } = tf.variableGrads(() => minibatchLoss(model, tokens), model.trainableVariables as tf.Variable[]);
    const loss = (await value.data())[0];
    const read = await Promise.all(model.trainableVariables.map(async (v) => (await grads[v.name].data()) as Float32Array));
    tf.dispose([tokens, value, ...Object.values(grads)]);
    return { loss, grads: read };
  } finally {
    model.dispose();
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const tolerance = 1e-5 + 1e-3 * Math.abs(expected[k]);
    if (!(Math.abs(actual[k] - expected[k]) <= tolerance))
      expect.fail(`${what}[${k}]: ${actual[k]} vs ${expected[k]} (tolerance ${tolerance})`);
  }
}

describe('the WebGPU backend', () => {
  it('starts and reports its adapter (WebGPU is required when CI=true)', (ctx) => {
    requireWebGpu(ctx, webgpu);
    expect(webgpu.name).toBe('webgpu');
    expect(webgpu.tfBackend).toBe('webgpu');
    expect(webgpu.adapter).toMatchObject({
      vendor: expect.any(String),
      architecture: expect.any(String),
      device: expect.any(String),
      description: expect.any(String),
      software: expect.any(Boolean),
    });
    process.stdout.write(`webgpu adapter: ${adapterLabel(webgpu.adapter!)}\n`);
  });

  it('has a kernel for every op the model, sampler, pre-training and all four trainer methods run', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    // Recorded on the cpu backend, where the whole step runs today: a kernel missing on webgpu is
    // then named here, not discovered half-way through a training run.
    const used = new Set<string>();
    const record = async (f: () => Promise<void>) => (await tf.profile(f)).kernelNames.forEach((name) => used.add(name));
    await onBackend('cpu', async () => {
      for (const method of ['pama', 'morlhf', 'mgda-ub', 'ppo'] as TrainingMethod[]) {
        const run = toyRun(method, method === 'ppo' ? [3] : [3, 5], 11, method === 'morlhf' ? { objectiveWeights: [0.5, 0.5] } : {});
        await record(async () => void (await run.trainer.step()));
        run.dispose();
      }
      const model = createPolicyValueModel(CONFIG, { seed: 2 });
      await record(async () => {
        const tokens = tf.tensor2d(TOKENS, undefined, 'int32');
        const { value, grads } = tf.variableGrads(() => languageModelLoss(model, tokens), model.trainableVariables as tf.Variable[]);
        tf.dispose([tokens, value, ...Object.values(grads)]);
        for (const useKeyValueCache of [true, false]) {
          generate(
            model,
            [
              [1, 2],
              [1, 5],
            ],
            { maxNewTokens: 4, temperature: 0.7, topK: 3, rng: createRng(1), useKeyValueCache },
          );
        }
      });
      model.dispose();
    });
    // tf.customGrad scopes (e.g. logSoftmax__op) are profiled too; they are not kernels, and the
    // kernels they run are recorded on their own. A kernel the step ran is registered on cpu.
    const kernels = [...used].filter((name) => tf.getKernel(name, 'cpu') !== undefined);
    expect(kernels.length).toBeGreaterThan(20);
    const missing = kernels.filter((name) => tf.getKernel(name, 'webgpu') === undefined).sort();
    expect(missing, `kernels used: ${kernels.sort().join(', ')}`).toEqual([]);
  });

  it('computes a PPO minibatch loss and every gradient equal to the cpu backend within float32 tolerance', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    const onCpu = await onBackend('cpu', () => lossAndGradients(5));
    const onGpu = await onBackend('webgpu', () => lossAndGradients(5));
    expect(Number.isFinite(onGpu.loss)).toBe(true);
    expect(Math.abs(onGpu.loss - onCpu.loss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(onCpu.loss)));
    onCpu.grads.forEach((g, i) => expectClose(onGpu.grads[i], g, `gradient ${i}`));
    expect(onCpu.grads.some((g) => g.some((x) => x !== 0))).toBe(true);
  });

  it('restores a trainer checkpoint written on the cpu backend: the same weights bit for bit, the same forward pass', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    const { bytes, logits } = await onBackend('cpu', async () => {
      const run = toyRun('pama', [3, 5], 21);
      await run.trainer.step();
      const encoded = encodeCheckpoint(await run.trainer.checkpoint());
      const out = run.model.forward(tf.tensor2d(TOKENS, undefined, 'int32'));
      const read = (await out.logits.data()) as Float32Array;
      tf.dispose([out.hidden, out.logits, out.values]);
      run.dispose();
      return { bytes: encoded, logits: read };
    });
    const saved = decodeCheckpoint(bytes);
    await onBackend('webgpu', async () => {
      // Built without cloneFrozen (a synchronous read): the reference starts as an equal-seed model.
      const model = createPolicyValueModel(CONFIG, { seed: 1 });
      const reference = createPolicyValueModel(CONFIG, { seed: 1 });
      const trainer = createTrainer({
        model,
        reference,
        method: 'pama',
        rewardFn: tokenFractionRewards([3, 5]),
        nObjectives: 2,
        sampling: { maxNewTokens: 6, temperature: 1, topK: 0 },
        batchSize: 16,
        rng: createRng(22),
        promptSampler: toyPrompts,
        generate,
        ppo: { learningRate: 3e-3, minibatchSize: 8, epochs: 2, kl: { coef: 0.01 } },
      });
      try {
        await trainer.restore(saved);
        expect(tf.getBackend()).toBe('webgpu');
        for (const v of model.trainableVariables) {
          const name = Object.keys(saved.model).find((key) => v.name.endsWith(`/${key}`) || v.name === key);
          expect(Object.keys(saved.model), v.name).toContain(name);
          expect(v.shape, v.name).toEqual(saved.model[name!].shape);
          expect(Array.from(await v.data())).toEqual(Array.from(saved.model[name!].data));
        }
        const out = model.forward(tf.tensor2d(TOKENS, undefined, 'int32'));
        expectClose((await out.logits.data()) as Float32Array, logits, 'logits after restore');
        tf.dispose([out.hidden, out.logits, out.values]);
      } finally {
        trainer.dispose();
        reference.dispose();
        model.dispose();
      }
    });
  });

  it('takes a whole PAMA trainer step (sample, score, GAE, combine, update) equal to the same step on cpu', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    const runStep = async () => {
      const run = toyRun('pama', [3, 5], 31);
      try {
        const metrics = await run.trainer.step();
        return { metrics, weights: await run.model.exportWeights() };
      } finally {
        run.dispose();
      }
    };
    const onCpu = await onBackend('cpu', runStep);
    const onGpu = await onBackend('webgpu', runStep);
    // Same samples (so the same rewards), then losses and the updated weights within float32 tolerance.
    expect(onGpu.metrics.meanRewards).toEqual(onCpu.metrics.meanRewards);
    expect(onGpu.metrics.meanResponseLength).toBe(onCpu.metrics.meanResponseLength);
    for (const key of ['policyLoss', 'valueLoss', 'gradNorm', 'klToReference', 'entropy'] as const) {
      expect(Math.abs(onGpu.metrics[key] - onCpu.metrics[key]), key).toBeLessThan(1e-4 + 1e-3 * Math.abs(onCpu.metrics[key]));
    }
    expectClose(onGpu.metrics.objectiveWeights, onCpu.metrics.objectiveWeights, 'objectiveWeights');
    let worst = 0;
    for (const [name, entry] of Object.entries(onCpu.weights)) {
      entry.data.forEach((x, k) => (worst = Math.max(worst, Math.abs(onGpu.weights[name].data[k] - x))));
    }
    // Two Adam updates of lr 3e-3 move a weight by at most ~6e-3; the backends agree far closer than that.
    expect(worst).toBeLessThan(1e-4);
  });

  it('writes a checkpoint on webgpu that restores on cpu with the same weights bit for bit', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    const { bytes } = await onBackend('webgpu', async () => {
      const run = toyRun('pama', [3, 5], 41);
      await run.trainer.step();
      const encoded = encodeCheckpoint(await run.trainer.checkpoint());
      run.dispose();
      return { bytes: encoded };
    });
    const saved = decodeCheckpoint(bytes);
    await onBackend('cpu', async () => {
      const run = toyRun('pama', [3, 5], 41);
      try {
        await run.trainer.restore(saved);
        const restored = await run.model.exportWeights();
        for (const [name, entry] of Object.entries(saved.model))
          expect(Array.from(restored[name].data), name).toEqual(Array.from(entry.data));
        const next = await run.trainer.step();
        expect(next.step).toBe(saved.step + 1);
        expect(next.meanRewards.every(Number.isFinite)).toBe(true);
      } finally {
        run.dispose();
      }
    });
  });

  it('leaks no tensor and no GPU buffer across 12 training steps (forward, loss, backward, update)', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    await onBackend('webgpu', async () => {
      const model = createPolicyValueModel(CONFIG, { seed: 9 });
      const tokens = tf.tensor2d(TOKENS, undefined, 'int32');
      const variables = model.trainableVariables as tf.Variable[];
      const counts: { tensors: number; buffers: number; loss: number }[] = [];
      try {
        for (let step = 0; step < 12; step++) {
          const { value, grads } = tf.variableGrads(() => minibatchLoss(model, tokens), variables);
          tf.tidy(() => variables.forEach((v) => v.assign(tf.sub(v, tf.mul(grads[v.name], 0.05)))));
          const loss = (await value.data())[0];
          tf.dispose([value, ...Object.values(grads)]);
          counts.push({ tensors: tf.memory().numTensors, buffers: usedGpuBuffers(), loss });
        }
      } finally {
        tokens.dispose();
        model.dispose();
      }
      const settled = counts.slice(1);
      expect(new Set(settled.map((c) => c.tensors)).size, JSON.stringify(counts)).toBe(1);
      expect(new Set(settled.map((c) => c.buffers)).size, JSON.stringify(counts)).toBe(1);
      // And the steps did train: the loss went down.
      expect(counts[11].loss).toBeLessThan(counts[0].loss);
    });
  });
});

describe('AddN on WebGPU', () => {
  it('adds more inputs than one shader can bind (the storage-buffer limit), as the gradient-norm sum does', async (ctx) => {
    requireWebGpu(ctx, webgpu);
    expect(webgpu.patchedAddN).toBe(true);
    await onBackend('webgpu', async () => {
      for (const n of [2, 7, 8, 9, 20, 33]) {
        const sum = tf.addN(Array.from({ length: n }, (_, k) => tf.fill([3], k + 1)));
        expect(Array.from(await sum.data()), `n = ${n}`).toEqual([0, 1, 2].map(() => (n * (n + 1)) / 2));
        sum.dispose();
      }
    });
  });
});
