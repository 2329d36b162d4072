// Throughput of the policy/value model on the available backends: forward, one Adam training step,
// and sampling with and without the key/value cache. Results are measured, never asserted.
import * as tf from '@tensorflow/tfjs-core';
import type { TransformerConfig } from '../contracts.js';
import { selectBackend, type BackendName } from '../backends/backend-select.js';
import { generate } from '../sampling/generate.js';
import { languageModelLoss } from '../pretraining/language-model-loss.js';
import { createRng } from '../random/rng-xoshiro.js';
import { DEFAULT_MODEL_CONFIG, QUICK_MODEL_CONFIG } from '../models/transformer-config.js';
import { createPolicyValueModel, parameterCount } from '../models/transformer.js';

/** Options of {@link runModelBenchmarks}; every field has a default. */
export interface ModelBenchmarkOptions {
  readonly backends?: readonly BackendName[];
  readonly configs?: readonly { readonly name: string; readonly config: TransformerConfig }[];
  readonly batchSize?: number;
  readonly promptLength?: number;
  /** Minimum wall time per measurement, after warm-up. */
  readonly minMillis?: number;
}

/** One (backend, config) measurement of {@link runModelBenchmarks}. */
export interface ModelBenchmarkRow {
  readonly backend: string;
  readonly wasmSimd?: boolean;
  readonly configName: string;
  readonly parameters: number;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly forwardMs: number;
  readonly forwardTokensPerSecond: number;
  readonly trainStepMs: number;
  readonly trainTokensPerSecond: number;
  readonly generateCachedMs: number;
  readonly generateCachedTokensPerSecond: number;
  readonly generateRecomputeMs: number;
  readonly generateRecomputeTokensPerSecond: number;
}

/** Mean ms per call: one warm-up call, then repeats until minMillis has passed (at least 2). */
async function timeIt(fn: () => Promise<void>, minMillis: number): Promise<number> {
  await fn();
  let calls = 0;
  const start = performance.now();
  while (calls < 2 || performance.now() - start < minMillis) {
    await fn();
    calls++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return (performance.now() - start) / calls;
}

async function benchOne(
  backend: BackendName,
  wasmSimd: boolean | undefined,
  name: string,
  config: TransformerConfig,
  batchSize: number,
  promptLength: number,
  minMillis: number,
): Promise<ModelBenchmarkRow> {
  const model = createPolicyValueModel(config, { seed: 1 });
  const length = config.contextLength;
  const rng = createRng(2);
  const data = Int32Array.from({ length: batchSize * length }, () => 4 + (rng.nextUint32() % (config.vocabSize - 4)));
  const tokens = tf.tensor2d(data, [batchSize, length], 'int32');
  const forwardMs = await timeIt(async () => {
    const out = model.forward(tokens);
    // GPU→CPU read: waits for the forward pass to finish, so the timing covers it.
    await out.values.data();
    tf.dispose([out.hidden, out.logits, out.values]);
  }, minMillis);
  const optimizer = tf.train.adam(1e-3);
  const trainStepMs = await timeIt(async () => {
    const loss = optimizer.minimize(() => languageModelLoss(model, tokens), true, [...model.trainableVariables]);
    // GPU→CPU read: waits for the step to finish, so the timing covers it.
    await loss!.data();
    loss!.dispose();
  }, minMillis);
  optimizer.dispose();
  const prompts = Array.from({ length: batchSize }, (_, b) => Array.from(data.subarray(b * length, b * length + promptLength)));
  const newTokens = length - promptLength;
  const sample = (useKeyValueCache: boolean) => async (): Promise<void> => {
    await generate(model, prompts, { maxNewTokens: newTokens, temperature: 1, topK: 0, rng, useKeyValueCache });
  };
  const generateCachedMs = await timeIt(sample(true), minMillis);
  const generateRecomputeMs = await timeIt(sample(false), minMillis);
  tokens.dispose();
  model.dispose();
  const perSecond = (tokenCount: number, ms: number): number => Math.round((tokenCount / ms) * 1000);
  return {
    backend,
    ...(wasmSimd === undefined ? {} : { wasmSimd }),
    configName: name,
    parameters: parameterCount(config),
    batchSize,
    sequenceLength: length,
    forwardMs,
    forwardTokensPerSecond: perSecond(batchSize * length, forwardMs),
    trainStepMs,
    trainTokensPerSecond: perSecond(batchSize * length, trainStepMs),
    generateCachedMs,
    generateCachedTokensPerSecond: perSecond(batchSize * newTokens, generateCachedMs),
    generateRecomputeMs,
    generateRecomputeTokensPerSecond: perSecond(batchSize * newTokens, generateRecomputeMs),
  };
}

/**
 * Runs every (backend, config) pair; leaves the last backend selected.
 *
 * @example
 * const rows = await runModelBenchmarks({ backends: ['cpu'], configs: [{ name: 'quick', config: QUICK_MODEL_CONFIG }], minMillis: 300 });
 * console.log(formatModelBenchmarks(rows));
 */
export async function runModelBenchmarks(options: ModelBenchmarkOptions = {}): Promise<ModelBenchmarkRow[]> {
  const backends = options.backends ?? ['wasm', 'cpu'];
  const configs = options.configs ?? [
    { name: 'quick', config: QUICK_MODEL_CONFIG },
    { name: 'default', config: DEFAULT_MODEL_CONFIG },
  ];
  const rows: ModelBenchmarkRow[] = [];
  for (const backend of backends) {
    const selection = await selectBackend(backend, { fallback: false });
    for (const { name, config } of configs) {
      rows.push(
        await benchOne(
          selection.name,
          selection.wasmSimd,
          name,
          config,
          options.batchSize ?? 16,
          options.promptLength ?? 8,
          options.minMillis ?? 2000,
        ),
      );
    }
  }
  return rows;
}

/**
 * A markdown table of the rows.
 *
 * @example
 * console.log(formatModelBenchmarks(await runModelBenchmarks()));
 */
export function formatModelBenchmarks(rows: readonly ModelBenchmarkRow[]): string {
  const fixed = (x: number): string => x.toFixed(1);
  const lines = [
    '| backend | config | params | B×L | forward ms (tok/s) | train step ms (tok/s) | generate, KV cache ms (tok/s) | generate, recompute ms (tok/s) |',
    '|---|---|---:|---|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const backend = r.wasmSimd === undefined ? r.backend : `${r.backend} (SIMD ${r.wasmSimd ? 'on' : 'off'}, 1 thread)`;
    lines.push(
      `| ${backend} | ${r.configName} | ${r.parameters} | ${r.batchSize}×${r.sequenceLength} | ${fixed(r.forwardMs)} (${r.forwardTokensPerSecond}) | ${fixed(r.trainStepMs)} (${r.trainTokensPerSecond}) | ${fixed(r.generateCachedMs)} (${r.generateCachedTokensPerSecond}) | ${fixed(r.generateRecomputeMs)} (${r.generateRecomputeTokensPerSecond}) |`,
    );
  }
  return lines.join('\n');
}
