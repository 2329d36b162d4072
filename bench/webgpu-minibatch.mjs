#!/usr/bin/env node
// One training minibatch step (forward, next-token loss + value loss, backward, plain SGD update) of
// the default pama-tfjs model on WebGPU, wasm and cpu, interleaved round by round; values come back
// with `await data()` (synchronous reads of GPU tensors do not work in Node). Prints the adapter, the
// median step time per backend and the largest gradient difference of WebGPU against cpu.
//   npm run build && node bench/webgpu-minibatch.mjs [--rounds 5] [--batch 16]
import * as tf from '@tensorflow/tfjs-core';
import { adapterLabel, createPolicyValueModel, DEFAULT_MODEL_CONFIG, languageModelLoss, selectBackend } from 'pama-tfjs';

const arg = (name, fallback) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const rounds = arg('rounds', 5);
const batch = arg('batch', 16);
const config = DEFAULT_MODEL_CONFIG;
const tokens = Array.from({ length: batch }, (_, b) =>
  Array.from({ length: config.contextLength }, (_, t) => (7 * b + 13 * t + 5) % config.vocabSize),
);

async function step(model) {
  const input = tf.tensor2d(tokens, undefined, 'int32');
  const variables = model.trainableVariables;
  const start = performance.now();
  const { value, grads } = tf.variableGrads(
    () => tf.add(languageModelLoss(model, input), tf.mean(tf.square(model.forward(input).values))),
    variables,
  );
  tf.tidy(() => variables.forEach((v) => v.assign(tf.sub(v, tf.mul(grads[v.name], 1e-3)))));
  await value.data();
  const ms = performance.now() - start;
  const read = await Promise.all(variables.map((v) => grads[v.name].data()));
  tf.dispose([input, value, ...Object.values(grads)]);
  return { ms, grads: read };
}

const webgpu = await selectBackend('webgpu', { fallback: false });
await selectBackend('wasm', { fallback: false });
await selectBackend('cpu', { fallback: false });
const backends = ['webgpu', 'wasm', 'cpu'];
const models = {};
for (const name of backends) {
  await tf.setBackend(name);
  models[name] = createPolicyValueModel(config, { seed: 1 });
}
// First step: identical weights everywhere, so the gradients must agree; it also warms up (shader compile).
const first = {};
for (const name of backends) {
  await tf.setBackend(name);
  first[name] = await step(models[name]);
}
let worst = 0;
first.cpu.grads.forEach((g, i) =>
  g.forEach((x, k) => (worst = Math.max(worst, Math.abs(first.webgpu.grads[i][k] - x) / (1e-3 + Math.abs(x))))),
);
const times = Object.fromEntries(backends.map((n) => [n, []]));
for (let r = 0; r < rounds; r++) {
  for (const name of backends) {
    await tf.setBackend(name);
    times[name].push((await step(models[name])).ms);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`adapter: ${adapterLabel(webgpu.adapter)}`);
console.log(`model: ${JSON.stringify(config)}, batch ${batch}, ${rounds} rounds`);
console.log('| backend | median step ms | vs wasm |');
console.log('| --- | --- | --- |');
for (const name of backends)
  console.log(`| ${name} | ${median(times[name]).toFixed(1)} | ${(median(times[name]) / median(times.wasm)).toFixed(2)}× |`);
console.log(`largest gradient difference webgpu vs cpu (relative, floor 1e-3): ${worst.toExponential(2)}`);
