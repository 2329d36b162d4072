import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pretrainCacheKey, pretrainCachePath, readPretrainCache, writePretrainCache } from '../src/align/pretrain-cache.js';

const base = { corpusHash: 'abc', tokenizer: { vocabulary: ['<pad>', 'a'] }, modelConfig: { dModel: 32 }, pretrainConfig: { steps: 10 } };

describe('pre-training cache', () => {
  it('the key changes when the corpus, tokenizer, model config or pre-training config changes, and only then', () => {
    const k = pretrainCacheKey(base);
    expect(pretrainCacheKey({ ...base })).toBe(k);
    expect(pretrainCacheKey({ ...base, corpusHash: 'abd' })).not.toBe(k);
    expect(pretrainCacheKey({ ...base, tokenizer: { vocabulary: ['<pad>', 'b'] } })).not.toBe(k);
    expect(pretrainCacheKey({ ...base, modelConfig: { dModel: 64 } })).not.toBe(k);
    expect(pretrainCacheKey({ ...base, pretrainConfig: { steps: 11 } })).not.toBe(k);
  });

  it('for any weights, a written cache entry reads back bit for bit, atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pama-cache-'));
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const path = pretrainCachePath(dir, 'k');
        const weights = { 'embed/tokens': { shape: [xs.length], data: Float32Array.from(xs) } };
        writePretrainCache(path, { weights, finalLoss: 1.5, losses: [2, 1.5] });
        const back = readPretrainCache(path);
        expect(back?.finalLoss).toBe(1.5);
        expect(Array.from(back!.weights['embed/tokens'].data)).toEqual(Array.from(weights['embed/tokens'].data));
        expect(readdirSync(dir)).toEqual(['pretrained-k.json']);
      }),
      { numRuns: 30 },
    );
  });

  it('a missing or corrupt entry reads as absent (it is recomputed), never as a half model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pama-cache-'));
    expect(readPretrainCache(join(dir, 'nope.json'))).toBeNull();
    const truncated = join(dir, 'truncated.json');
    writeFileSync(
      truncated,
      JSON.stringify({ format: 'pama-pretrain-cache-v1', finalLoss: 1, losses: [], weights: { w: { shape: [2], base64: 'AAAA' } } }),
    );
    expect(readPretrainCache(truncated)).toBeNull();
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"format": "pama-pretrain');
    expect(readPretrainCache(garbage)).toBeNull();
  });
});
