import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ALIGN_CONFIG } from '../src/config/align-config.js';
import {
  checkPretrainedConfig,
  explainPretrainedMiss,
  pretrainDeterminants,
  writePretrainedManifest,
} from '../src/align/pretrained-dir.js';

function pretrainedDir() {
  const dir = mkdtempSync(join(tmpdir(), 'pama-pretrained-'));
  writePretrainedManifest(dir, { key: 'abc', backend: 'wasm', determinedBy: pretrainDeterminants(DEFAULT_ALIGN_CONFIG), finalLoss: 3.5 });
  return dir;
}

describe('pama pretrain directory (--pretrained DIR)', () => {
  it('accepts the config it was made from, whatever the alignment keys', () => {
    const dir = pretrainedDir();
    const manifest = checkPretrainedConfig(dir, { ...DEFAULT_ALIGN_CONFIG, steps: 3, seeds: [9], methods: ['morlhf'] });
    expect(manifest.key).toBe('abc');
  });

  it('refuses another corpus, model or pre-training key, naming it and both values', () => {
    const dir = pretrainedDir();
    expect(() =>
      checkPretrainedConfig(dir, { ...DEFAULT_ALIGN_CONFIG, pretrain: { ...DEFAULT_ALIGN_CONFIG.pretrain, steps: 10 } }),
    ).toThrow(`--pretrained: pretrain.steps is 10 here but ${dir} was pre-trained with ${DEFAULT_ALIGN_CONFIG.pretrain.steps}`);
    expect(() =>
      checkPretrainedConfig(dir, { ...DEFAULT_ALIGN_CONFIG, corpus: { ...DEFAULT_ALIGN_CONFIG.corpus, categories: ['a'] } }),
    ).toThrow(
      `--pretrained: corpus.categories is ["a"] here but ${dir} was pre-trained with ["a", "b", "c", "d", "e", "f", "g", "h", …] (length 15)`,
    );
  });

  it('refuses a directory without pretrain.json or with a foreign one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pama-pretrained-'));
    expect(() => checkPretrainedConfig(empty, DEFAULT_ALIGN_CONFIG)).toThrow(
      /holds no pre-trained model \(missing pretrain\.json; create it with pama pretrain --out/,
    );
    writeFileSync(join(empty, 'pretrain.json'), '{"format":"other"}');
    expect(() => checkPretrainedConfig(empty, DEFAULT_ALIGN_CONFIG)).toThrow(/has format "other", expected "pama-pretrained-v1"/);
  });

  it('explains a missing model by the backend when it differs, else by the cache key', () => {
    const dir = pretrainedDir();
    const manifest = checkPretrainedConfig(dir, DEFAULT_ALIGN_CONFIG);
    expect(explainPretrainedMiss(dir, manifest, 'cpu', 'def')).toMatch(/backend is "cpu" here but .* was pre-trained on "wasm"/);
    expect(explainPretrainedMiss(dir, manifest, 'wasm', 'def')).toMatch(
      /cache key is def here but abc in .* \(the corpus data or tokenizer differ\)/,
    );
  });
});
