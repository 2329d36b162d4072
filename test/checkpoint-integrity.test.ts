// A checkpoint file is verified whole: any changed byte, in the header (settings, optimiser step,
// RNG and KL state) as much as in the float payload, is refused when the file is read back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCheckpoint, encodeCheckpoint, type TrainerCheckpoint } from 'pama-tfjs';

const checkpoint: TrainerCheckpoint = {
  format: 'pama-tfjs-trainer-checkpoint',
  version: 2,
  step: 7,
  method: 'pama',
  granularity: 'sample',
  nObjectives: 2,
  modelConfig: { vocabSize: 5, contextLength: 8, dModel: 4, nHeads: 2, nLayers: 1, dMlp: 8, nValueHeads: 2 },
  settings: { batchSize: 4, 'ppo.learningRate': 1e-4, 'ppo.kl.coef': 0.05, 'ppo.whiten': true },
  model: { 'emb/token': { shape: [5, 4], data: Float32Array.from({ length: 20 }, (_, k) => k / 7) } },
  reference: { 'emb/token': { shape: [5, 4], data: new Float32Array(20).fill(0.5) } },
  optimizer: { step: 3, moments: [{ name: 'emb/token', m: new Float32Array(20).fill(1e-3), v: new Float32Array(20).fill(2e-6) }] },
  rng: { algorithm: 'xoshiro128**', state: [1, 2, 3, 4] },
  klController: { coef: 0.0512345 },
};

describe('checkpoint integrity', () => {
  const bytes = encodeCheckpoint(checkpoint);
  const headerEnd = 12 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);

  it('round-trips', () => {
    expect(decodeCheckpoint(bytes)).toEqual(checkpoint);
  });

  it('for any byte of the header and any other value there, decoding refuses the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 12, max: headerEnd - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const edited = bytes.slice();
        edited[at] = (edited[at] + delta) & 0xff;
        expect(() => decodeCheckpoint(edited)).toThrow(/checkpoint\./);
      }),
      { numRuns: 300 },
    );
  });

  it('one changed digit of the KL coefficient, the optimiser step or the RNG state is named as a header mismatch', () => {
    const text = new TextDecoder().decode(bytes.subarray(12, headerEnd));
    for (const needle of ['"klController":{"coef":0.05123', '"optimizer":{"step":3', '"state":[1,2,3']) {
      const at = 12 + text.indexOf(needle) + needle.length - 1;
      const edited = bytes.slice();
      edited[at] = edited[at] === 0x39 ? 0x38 : edited[at] + 1;
      expect(() => decodeCheckpoint(edited)).toThrow(/checkpoint\.headerHash/);
    }
  });
});
