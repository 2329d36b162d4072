#!/usr/bin/env node
// Readable text: pre-trains the `pama align` transformer on the Brown corpus with a chosen
// tokenizer, then reports held-out perplexity per token, per word and in bits per byte (only the
// last two compare across tokenizers) and sample continuations of held-out prompts.
//
//   npm run build
//   node bench/readable-text.mjs [--tokenizer bpe|word] [--vocab N] [--categories all|abc…]
//        [--steps N] [--batch N] [--lr X] [--model ctx,d,heads,layers,mlp] [--eval N]
//        [--samples N] [--temperature X] [--seed N] [--backend auto|tensorflow|wasm|cpu] [--json FILE]
//
// Sentences are split as `pama align` splits them (every 6th held out). --eval bounds the held-out
// sentences scored (all by default). Bits per byte count each sentence's UTF-8 bytes plus one for
// its end (EOS); the word tokenizer's <unk> hides the spelling of rare words, so its figures are
// optimistic. Wall times include whatever else the machine is doing; CPU seconds of this process
// are the steadier figure on a shared machine. s/step is pre-training only.
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPolicyValueModel, createRng, evaluateLanguageModel, generate, pretrainLanguageModel, selectBackend } from 'pama-tfjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { BROWN_CATEGORIES, loadBrownCorpus, splitHeldOut } = await import(join(root, 'packages/experiment/dist/corpus/brown-corpus.js'));
const { buildCorpusTokenizer } = await import(join(root, 'packages/experiment/dist/corpus/corpus-tokenizer.js'));

const usage =
  'usage: node bench/readable-text.mjs [--tokenizer bpe|word] [--vocab N] [--categories all|abc] [--steps N] [--batch N] [--lr X] [--model ctx,d,heads,layers,mlp] [--eval N] [--samples N] [--temperature X] [--seed N] [--backend B] [--json FILE]';

function parseArgs(argv) {
  const o = {
    tokenizer: 'bpe',
    vocab: 2000,
    categories: 'all',
    steps: 150,
    batch: 24,
    lr: 3e-3,
    model: '32,48,4,2,128',
    eval: Infinity,
    samples: 6,
    temperature: 1,
    seed: 7,
    backend: 'auto',
    json: null,
  };
  const numeric = new Set(['vocab', 'steps', 'batch', 'lr', 'eval', 'samples', 'temperature', 'seed']);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1];
    if (!(key in o) || value === undefined) throw new Error(`${usage}\nbad argument: ${argv[i]}`);
    if (numeric.has(key)) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} must be a number >= 0 (got ${JSON.stringify(value)})`);
      o[key] = n;
    } else o[key] = value;
  }
  if (o.tokenizer !== 'bpe' && o.tokenizer !== 'word')
    throw new Error(`--tokenizer must be bpe or word (got ${JSON.stringify(o.tokenizer)})`);
  const m = o.model.split(',').map(Number);
  if (m.length !== 5 || m.some((x) => !Number.isInteger(x) || x < 1))
    throw new Error(`--model must be ctx,d,heads,layers,mlp (got ${JSON.stringify(o.model)})`);
  o.modelSize = { contextLength: m[0], dModel: m[1], nHeads: m[2], nLayers: m[3], dMlp: m[4] };
  o.categoryList = o.categories === 'all' ? BROWN_CATEGORIES : o.categories.split('');
  return o;
}

const o = parseArgs(process.argv.slice(2));
const backend = await selectBackend(o.backend, { fallback: o.backend === 'auto' });
const corpus = loadBrownCorpus({ categories: o.categoryList, minSentenceWords: 6, maxSentenceWords: 40 });
const { train, heldOut } = splitHeldOut(corpus.sentences, 6);
const trainTexts = train.map((s) => s.join(' '));
const evalTexts = heldOut.slice(0, o.eval).map((s) => s.join(' '));

let t = Date.now();
const tokenizer = buildCorpusTokenizer({ tokenizer: o.tokenizer, maxVocabulary: o.vocab, minWordCount: 2 }, trainTexts);
const tokenizerSeconds = (Date.now() - t) / 1000;
const encodeAll = (texts) => texts.map((s) => [tokenizer.bosId, ...tokenizer.encode(s), tokenizer.eosId]);
t = Date.now();
const trainSeqs = encodeAll(trainTexts);
const encodeSeconds = (Date.now() - t) / 1000;
const evalSeqs = encodeAll(evalTexts);
const evalTokens = evalSeqs.reduce((n, s) => n + s.length, 0);
const evalBytes = evalTexts.reduce((n, s) => n + Buffer.byteLength(s, 'utf8') + 1, 0);
const evalWords = evalTexts.reduce((n, s) => n + s.split(' ').length + 1, 0);
const unkShare = tokenizer.unkId >= 0 ? evalSeqs.flat().filter((id) => id === tokenizer.unkId).length / evalTokens : 0;

const modelConfig = { ...o.modelSize, vocabSize: tokenizer.vocabSize, nValueHeads: 2 };
const model = createPolicyValueModel(modelConfig, { seed: o.seed });
const log = (line) => process.stdout.write(`${line}\n`);
log(
  `backend ${backend.name}; corpus ${corpus.sentences.length} sentences (${corpus.files.length} files): train ${train.length}, held out ${heldOut.length} (${evalTexts.length} scored)`,
);
log(
  `tokenizer ${o.tokenizer}: vocabulary ${tokenizer.vocabSize}, built in ${tokenizerSeconds.toFixed(2)} s, train set encoded in ${encodeSeconds.toFixed(2)} s; held-out ${(evalTokens / evalWords).toFixed(3)} tokens/word, unknown ${(100 * unkShare).toFixed(2)} %`,
);

async function heldOutScores() {
  const nats = await evaluateLanguageModel(model, evalSeqs, { batchSize: 32 });
  // Every token after the first is predicted once (less the last partial window): scale by tokens.
  const totalNats = nats * (evalTokens - 1);
  return {
    natsPerToken: nats,
    perplexityPerToken: Math.exp(nats),
    bitsPerByte: totalNats / Math.LN2 / evalBytes,
    perplexityPerWord: Math.exp(totalNats / evalWords),
  };
}

async function samples() {
  const rng = createRng(1234);
  const out = [];
  for (const sentence of heldOut.slice(0, o.samples)) {
    const promptText = sentence.slice(0, 2).join(' ');
    const prompt = [tokenizer.bosId, ...tokenizer.encode(promptText)];
    const maxNewTokens = o.modelSize.contextLength - prompt.length;
    const gen = await generate(model, [prompt], { maxNewTokens, temperature: o.temperature, topK: 0, eosId: tokenizer.eosId, rng });
    const ids = Array.from(gen.tokens.subarray(gen.promptLength, gen.promptLength + gen.responseLengths[0])).filter(
      (id) => id !== tokenizer.eosId,
    );
    out.push({ prompt: promptText, continuation: tokenizer.decode(ids) });
  }
  return out;
}

const before = await heldOutScores();
t = Date.now();
const cpuBefore = process.cpuUsage();
const { losses } = await pretrainLanguageModel(model, trainSeqs, {
  steps: o.steps,
  batchSize: o.batch,
  learningRate: o.lr,
  rng: createRng(o.seed),
});
const pretrainSeconds = (Date.now() - t) / 1000;
// CPU seconds (user + system) of this process: on a shared machine, closer to an idle machine's wall time.
const cpu = process.cpuUsage(cpuBefore);
const pretrainCpuSeconds = (cpu.user + cpu.system) / 1e6;
const after = await heldOutScores();
const shown = await samples();
const tail = losses.slice(-10);
const result = {
  options: {
    tokenizer: o.tokenizer,
    vocab: o.vocab,
    categories: o.categories,
    steps: o.steps,
    batch: o.batch,
    lr: o.lr,
    model: o.modelSize,
    seed: o.seed,
    backend: backend.name,
  },
  vocabSize: tokenizer.vocabSize,
  tokensPerWord: evalTokens / evalWords,
  unknownShare: unkShare,
  tokenizerSeconds,
  pretrainSeconds,
  pretrainCpuSeconds,
  secondsPerStep: pretrainSeconds / Math.max(1, o.steps),
  trainLossLast10: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
  heldOutBefore: before,
  heldOutAfter: after,
  samples: shown,
};
log(
  `pre-training: ${o.steps} steps × ${o.batch} windows of ${o.modelSize.contextLength} in ${pretrainSeconds.toFixed(1)} s wall, ${pretrainCpuSeconds.toFixed(1)} s CPU (${result.secondsPerStep.toFixed(3)} s/step wall); train loss (last 10) ${result.trainLossLast10.toFixed(3)}`,
);
for (const [name, s] of [
  ['untrained', before],
  ['pre-trained', after],
]) {
  log(
    `held-out ${name}: ${s.natsPerToken.toFixed(3)} nats/token, perplexity/token ${s.perplexityPerToken.toFixed(1)}, perplexity/word ${s.perplexityPerWord.toFixed(1)}, ${s.bitsPerByte.toFixed(3)} bits/byte`,
  );
}
for (const s of shown) log(`  ${s.prompt} ▸ ${s.continuation}`);
if (o.json) {
  const tmp = `${o.json}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(tmp, o.json);
}
model.dispose();
