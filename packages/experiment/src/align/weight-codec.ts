// WeightMap ↔ JSON (float32 data as base64), for the pre-training cache.
import type { WeightMap } from 'pama-tfjs';

export interface EncodedWeight {
  readonly shape: readonly number[];
  readonly base64: string;
}

export function encodeWeights(weights: WeightMap): Record<string, EncodedWeight> {
  const out: Record<string, EncodedWeight> = {};
  for (const [name, w] of Object.entries(weights)) {
    out[name] = { shape: [...w.shape], base64: Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString('base64') };
  }
  return out;
}

export function decodeWeights(encoded: Record<string, EncodedWeight>): WeightMap {
  const out: Record<string, { shape: readonly number[]; data: Float32Array }> = {};
  for (const [name, w] of Object.entries(encoded)) {
    const bytes = Buffer.from(w.base64, 'base64');
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (bytes.byteLength !== size * 4) throw new Error(`cached weight ${name}: ${bytes.byteLength} bytes for shape ${w.shape.join('×')}`);
    const data = new Float32Array(size);
    new Uint8Array(data.buffer).set(bytes);
    for (let i = 0; i < size; i++) if (!Number.isFinite(data[i])) throw new Error(`cached weight ${name}[${i}] is not finite`);
    out[name] = { shape: w.shape, data };
  }
  return out;
}
