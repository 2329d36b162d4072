// Shared tiny configurations and helpers for the model tests.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { PolicyValueModel, TransformerConfig, WeightMap } from '../src/contracts.js';
import { createRng, nextStandardNormal } from '../src/index.js';
import { parameterLayout } from '../src/models/parameter-layout.js';

export const TINY_CONFIG: TransformerConfig = {
  vocabSize: 11,
  contextLength: 8,
  dModel: 8,
  nHeads: 2,
  nLayers: 2,
  dMlp: 12,
  nValueHeads: 2,
};

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Replaces every weight by N(mean, std) draws so no parameter sits at a special value (0 or 1). */
export function randomiseWeights(model: PolicyValueModel, seed: number, std = 0.3): void {
  const rng = createRng(seed);
  const weights: WeightMap = {};
  for (const { name, shape } of parameterLayout(model.config)) {
    const base = name.endsWith('.gain') ? 1 : 0;
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, () => base + std * nextStandardNormal(rng));
    weights[name] = { shape, data };
  }
  model.importWeights(weights);
}

export function randomTokens(rows: number, length: number, vocab: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length }, () => rng.nextUint32() % vocab));
}
