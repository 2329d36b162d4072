import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainerCheckpoint } from '../src/training/checkpoint-format.js';
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint } from '../src/training/checkpoint-io.js';

function sampleCheckpoint(): TrainerCheckpoint {
  return {
    format: 'pama-tfjs-trainer-checkpoint',
    version: 2,
    step: 7,
    method: 'pama',
    granularity: 'sample',
    nObjectives: 2,
    modelConfig: { vocabSize: 5, contextLength: 8, dModel: 4, nHeads: 2, nLayers: 1, dMlp: 8, nValueHeads: 2 },
    settings: { batchSize: 4, 'ppo.learningRate': 1e-4, 'ppo.targetKlEarlyStop': null, 'ppo.whiten': true, tokenizer: '0badf00d' },
    model: {
      'emb/token': { shape: [5, 4], data: Float32Array.from({ length: 20 }, (_, k) => k / 7) },
      'head/value': { shape: [4, 2], data: Float32Array.from({ length: 8 }, (_, k) => -k) },
    },
    reference: { 'emb/token': { shape: [5, 4], data: new Float32Array(20).fill(0.5) } },
    optimizer: {
      step: 3,
      moments: [{ name: 'emb/token', m: new Float32Array(20).fill(1e-3), v: new Float32Array(20).fill(2e-6) }],
    },
    rng: { algorithm: 'xoshiro128**', state: [1, 2, 3, 4] },
    klController: { coef: 0.0512345 },
    normalizer: { count: [3, 3], mean: [0.1, -2], m2: [1, 4] },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pama-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint file format', () => {
  it('round-trips every field exactly', () => {
    const original = sampleCheckpoint();
    expect(decodeCheckpoint(encodeCheckpoint(original))).toEqual(original);
  });

  it('detects a flipped payload byte and a truncated file, naming the field', () => {
    const bytes = encodeCheckpoint(sampleCheckpoint());
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 5] ^= 0xff;
    expect(() => decodeCheckpoint(corrupt)).toThrow(/checkpoint\.payloadHash/);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/checkpoint\.payloadBytes/);
    expect(() => decodeCheckpoint(new TextEncoder().encode('not a checkpoint'))).toThrow(/checkpoint\.magic/);
  });

  it('rejects a weight whose shape disagrees with its data, naming the weight', () => {
    const bad = sampleCheckpoint();
    const broken = { ...bad, model: { ...bad.model, 'head/value': { shape: [4, 3], data: new Float32Array(8) } } };
    expect(() => decodeCheckpoint(encodeCheckpoint(broken))).toThrow(/checkpoint\.model\[1\] \(head\/value\)\.shape/);
  });

  it('rejects settings that are not a flat map of primitives, naming the entry', () => {
    const bad = { ...sampleCheckpoint(), settings: { 'ppo.kl': { coef: 1 } } as unknown as TrainerCheckpoint['settings'] };
    expect(() => decodeCheckpoint(encodeCheckpoint(bad))).toThrow(/checkpoint\.settings.*ppo\.kl must be a number/);
  });

  it('saves atomically: the target is replaced whole and no temporary file remains', async () => {
    const path = join(dir, 'trainer.ckpt');
    await writeFile(path, 'old contents');
    await saveCheckpoint(path, sampleCheckpoint());
    expect(await loadCheckpoint(path)).toEqual(sampleCheckpoint());
    expect(await readdir(dir)).toEqual(['trainer.ckpt']);
  });
});
