// The browser demo: a few PAMA training steps of the `pama align --quick` model size, on WebGPU
// when the browser offers it (else WebAssembly), with the per-step rewards in a table.
// Bundled by build.mjs; served by serve.mjs. Everything runs in the page: no server-side work.
import { nonDominatedSort } from 'pama-core';
import { adapterLabel, buildWordTokenizer, createPolicyValueModel, createRng, createTrainer, generate, selectBackend } from 'pama-tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Backends are bundled, so selectBackend's loader maps their names to the bundled modules. */
const BUNDLED = {
  '@tensorflow/tfjs-backend-webgpu': () => import('@tensorflow/tfjs-backend-webgpu'),
  '@tensorflow/tfjs-backend-wasm': () => import('@tensorflow/tfjs-backend-wasm'),
  '@tensorflow/tfjs-backend-cpu': () => import('@tensorflow/tfjs-backend-cpu'),
};
const importModule = (specifier) =>
  specifier in BUNDLED ? BUNDLED[specifier]() : Promise.reject(new Error(`${specifier} is not part of the browser bundle`));

// A tiny corpus for the tokenizer; the model starts untrained (no pre-training in the page).
const SENTENCES = [
  'the day was good and the food was great',
  'a bad night and a sad walk home',
  'we had a happy time with kind friends',
  'the old house stood dark and cold',
  'she told a fine story about a brave dog',
  'rain fell on the grey town all week',
  'he found a lovely garden full of bright flowers',
  'nothing went right and the trip was awful',
];
const POSITIVE = new Set(['good', 'great', 'happy', 'kind', 'fine', 'brave', 'lovely', 'bright']);
const STEPS = Number(new URLSearchParams(location.search).get('steps') ?? 4);

const $ = (id) => document.getElementById(id);
const log = (text) => ($('status').textContent = text);

async function chooseBackend() {
  // WebGPU by name, so a software adapter (SwiftShader in a GPU-less browser) is used and labelled.
  try {
    const selection = await selectBackend('webgpu', { fallback: false, importModule });
    return { selection, note: '' };
  } catch (error) {
    setWasmPaths(new URL('./', import.meta.url).href);
    const selection = await selectBackend('wasm', { importModule });
    return { selection, note: `WebGPU unavailable: ${error.message}` };
  }
}

function showBackend(selection, note) {
  $('backend').textContent = selection.name;
  $('adapter').textContent = selection.adapter ? adapterLabel(selection.adapter) : '—';
  $('fallback').textContent = note || '—';
  document.body.dataset.backend = selection.name;
}

async function main() {
  const { selection, note } = await chooseBackend();
  showBackend(selection, note);
  try {
    await train(selection);
  } catch (error) {
    if (selection.name !== 'webgpu') throw error;
    // Some WebGPU implementations fail part-way (headless Chromium's SwiftShader adapter sometimes
    // cannot map a new buffer): start again on WebAssembly and say so.
    $('steps').replaceChildren();
    setWasmPaths(new URL('./', import.meta.url).href);
    const wasm = await selectBackend('wasm', { importModule });
    showBackend(wasm, `WebGPU failed during training: ${error.message}`);
    await train(wasm);
  }
}

async function train(selection) {
  const tokenizer = buildWordTokenizer(SENTENCES, { maxVocab: 64 });
  const config = { vocabSize: tokenizer.vocabSize, contextLength: 24, dModel: 32, nHeads: 2, nLayers: 1, dMlp: 128, nValueHeads: 2 };
  const model = createPolicyValueModel(config, { seed: 1 });
  const reference = model.cloneFrozen();
  const maxNewTokens = 12;
  const trainer = createTrainer({
    model,
    reference,
    method: 'pama',
    granularity: 'sample',
    // Objectives: share of positive words, and length (clip(l / 8, 0.5, 1.5)).
    rewardFn: ({ responseTokens }) =>
      responseTokens.map((ids) => {
        const words = tokenizer.decode(ids).split(' ').filter(Boolean);
        const positive = words.filter((w) => POSITIVE.has(w)).length / Math.max(words.length, 1);
        return [positive, Math.min(1.5, Math.max(0.5, ids.length / 8))];
      }),
    nObjectives: 2,
    sampling: { maxNewTokens, temperature: 1, topK: 0, eosId: tokenizer.eosId },
    batchSize: 16,
    rng: createRng(2),
    promptSampler: (rng, batch) =>
      Array.from({ length: batch }, () => [
        tokenizer.bosId,
        ...tokenizer.encode(SENTENCES[rng.nextUint32() % SENTENCES.length]).slice(0, 2),
      ]),
    generate,
    ppo: { epochs: 2, minibatchSize: 16, learningRate: 3e-3 },
  });

  const rows = [];
  for (let step = 1; step <= STEPS; step++) {
    log(`training step ${step} of ${STEPS} on ${selection.name}…`);
    const m = await trainer.step();
    rows.push(m);
    const tr = document.createElement('tr');
    const cells = [
      m.step,
      m.meanRewards[0].toFixed(3),
      m.meanRewards[1].toFixed(3),
      m.objectiveWeights.map((w) => w.toFixed(2)).join(' / '),
      m.totalMs.toFixed(0),
    ];
    tr.innerHTML = cells.map((c) => `<td>${c}</td>`).join('');
    $('steps').append(tr);
  }
  // pama-core: which steps' mean rewards are Pareto-optimal among the steps.
  const fronts = nonDominatedSort(rows.map((m) => m.meanRewards));
  const front = fronts._tag === 'Right' ? fronts.right[0].map((k) => rows[k].step) : [];
  $('front').textContent = front.join(', ');
  trainer.dispose();
  reference.dispose();
  model.dispose();
  log(`done: ${STEPS} PAMA steps on ${selection.name}`);
  document.body.dataset.done = 'true';
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  document.body.dataset.error = error.message;
  throw error;
});
