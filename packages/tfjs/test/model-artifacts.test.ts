import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWordTokenizer, createPolicyValueModel, directoryHandler, loadPolicy, savePolicy } from '../src/index.js';
import { TINY_CONFIG, randomTokens, randomiseWeights, useCpuBackend } from './model-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'pama-artifacts-'));
const tokenizer = buildWordTokenizer(['the cat sat on a mat', 'a dog ran'], { maxVocab: TINY_CONFIG.vocabSize });

beforeAll(useCpuBackend);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function saved(dir: string, nValueHeads = TINY_CONFIG.nValueHeads) {
  const model = createPolicyValueModel({ ...TINY_CONFIG, vocabSize: tokenizer.vocabSize, nValueHeads }, { seed: 3 });
  randomiseWeights(model, 11);
  return { model, done: savePolicy(dir, model, tokenizer, { metadata: { method: 'pama', seed: 1 } }) };
}

describe('savePolicy / loadPolicy', () => {
  it('round-trips weights, config, tokenizer and metadata; the loaded model computes the same logits', async () => {
    const dir = join(root, 'round-trip');
    const { model, done } = saved(dir);
    await done;
    const loaded = await loadPolicy(dir);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.metadata).toEqual({ method: 'pama', seed: 1 });
    expect(loaded.tokenizer.toJSON()).toEqual(tokenizer.toJSON());
    const a = await model.exportWeights();
    const b = await loaded.model.exportWeights();
    for (const name of Object.keys(a)) expect(Array.from(b[name].data)).toEqual(Array.from(a[name].data));
    const tokens = tf.tensor2d(randomTokens(2, 5, tokenizer.vocabSize, 4), undefined, 'int32');
    const x = model.forward(tokens);
    const y = loaded.model.forward(tokens);
    expect(Array.from(await y.logits.data())).toEqual(Array.from(await x.logits.data()));
    tf.dispose([tokens, x.logits, x.values, y.logits, y.values]);
    model.dispose();
    loaded.model.dispose();
  });

  it('round-trips a policy-only model (nValueHeads 0): no value weight is written, and it loads back with none', async () => {
    const dir = join(root, 'policy-only');
    const { model, done } = saved(dir, 0);
    await done;
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const names = json.weightsManifest.flatMap((g: { weights: { name: string }[] }) => g.weights.map((w) => w.name));
    expect(names.filter((n: string) => n.startsWith('value'))).toEqual([]);
    const loaded = await loadPolicy(dir);
    expect(loaded.config.nValueHeads).toBe(0);
    expect(loaded.model.valueHeadVariables).toEqual([]);
    const a = await model.exportWeights();
    const b = await loaded.model.exportWeights();
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(Array.from(b[name].data)).toEqual(Array.from(a[name].data));
    model.dispose();
    loaded.model.dispose();
  });

  it("writes TensorFlow.js's format: model.json with a weights manifest that tf.io decodes", async () => {
    const dir = join(root, 'format');
    const { model, done } = saved(dir);
    await done;
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'tokenizer.json']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('pama-policy-value');
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    const artifacts = await directoryHandler(dir).load();
    const decoded = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs ?? []);
    const weights = await model.exportWeights();
    expect(Object.keys(decoded).sort()).toEqual(Object.keys(weights).sort());
    for (const [name, t] of Object.entries(decoded)) expect(Array.from(await t.data())).toEqual(Array.from(weights[name].data));
    tf.dispose(Object.values(decoded));
    model.dispose();
  });

  it('splits weights into shards of the given size and reads them back in order', async () => {
    const dir = join(root, 'shards');
    const model = createPolicyValueModel({ ...TINY_CONFIG, vocabSize: tokenizer.vocabSize }, { seed: 5 });
    const { data, specs } = await tf.io.encodeWeights(
      Object.fromEntries(Object.entries(await model.exportWeights()).map(([k, w]) => [k, tf.tensor(w.data, [...w.shape])])),
    );
    await directoryHandler(dir, { shardBytes: 1000 }).save({ modelTopology: {}, weightSpecs: specs, weightData: data, format: 'x' });
    const count = Math.ceil(data.byteLength / 1000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin')).length).toBe(count);
    const back = await directoryHandler(dir).load();
    expect(new Uint8Array(back.weightData as ArrayBuffer)).toEqual(new Uint8Array(data));
    model.dispose();
  });

  it('replaces an existing directory whole and leaves no temporary directory behind', async () => {
    const dir = join(root, 'replace');
    await saved(dir).done;
    writeFileSync(join(dir, 'stray.txt'), 'old');
    await saved(dir).done;
    expect(readdirSync(dir)).not.toContain('stray.txt');
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes the temporary directory of a killed writer (its pid gone) on the next save, never a live one', async () => {
    const dir = join(root, 'killed');
    const gone = join(root, '.killed.999999999.1.ab.tmp');
    const live = join(root, `.killed.${process.ppid}.1.cd.tmp`);
    mkdirSync(gone);
    mkdirSync(live);
    writeFileSync(join(gone, 'model.json'), '{');
    await saved(dir).done;
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live, { recursive: true });
  });

  it('a failed save leaves the previous model intact', async () => {
    const dir = join(root, 'failed');
    await saved(dir).done;
    const before = readFileSync(join(dir, 'model.json'), 'utf8');
    await expect(
      directoryHandler(dir, { extraFiles: { '../escape': 'x' } }).save({
        modelTopology: {},
        weightSpecs: [],
        weightData: new ArrayBuffer(0),
      }),
    ).rejects.toThrow(/plain file name/);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(before);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a truncated weight file, a missing tokenizer or a missing model.json is an error naming the file', async () => {
    const dir = join(root, 'broken');
    await saved(dir).done;
    truncateSync(join(dir, 'group1-shard1of1.bin'), 100);
    await expect(loadPolicy(dir)).rejects.toThrow(/broken weight files: hold fewer bytes .*\(got 100\)/);
    await saved(dir).done;
    rmSync(join(dir, 'tokenizer.json'));
    await expect(loadPolicy(dir)).rejects.toThrow(/tokenizer\.json: is not a readable tokenizer\.json/);
    await expect(loadPolicy(join(root, 'nowhere'))).rejects.toThrow(/nowhere\/model\.json: is not a readable model\.json \(got "ENOENT"\)/);
  });
});
