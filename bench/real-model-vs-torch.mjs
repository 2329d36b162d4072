#!/usr/bin/env node
// A pre-trained model at real size, side by side with PyTorch: GPT-2 small's shapes (124M
// parameters: 12 layers, width 768, 12 heads, vocabulary 50257, context 1024) with random weights,
// written once as a Hugging Face directory (config.json + model.safetensors, F32). pama-tfjs on the
// WebAssembly backend (one thread) and bench/torch_gpt2.py (PyTorch, one thread) each measure, in a
// fresh process per measurement so its peak RSS is its own:
//   load      reading the checkpoint into a model
//   generate  greedy decoding with the key/value cache: B=1, an 8-token prompt, 32 new tokens
//   lora      one PPO step (generate 4 × 16 tokens, score, policy and reference forward, one epoch
//             of one minibatch: forward, backward, Adam) with rank-8 LoRA on c_attn, base frozen
//   full      the same step training every weight, the reference a frozen copy
// Rounds interleave the two sides (tfjs then PyTorch for each measurement), so machine load falls
// on both alike; ratios are per round, then the median.
//   npm run build && node bench/real-model-vs-torch.mjs [--rounds 2] [--only load,generate,lora,full]
//     [--layers 12 --width 768 --heads 12 --vocab 50257] [--dir DIR] [--python /usr/bin/python3]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argument = (name, fallback) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
};
const sizes = {
  layers: Number(argument('layers', '12')),
  width: Number(argument('width', '768')),
  heads: Number(argument('heads', '12')),
  vocab: Number(argument('vocab', '50257')),
};
const GENERATE = { batch: 1, prompt: 8, tokens: 32 };
const STEP = { batch: 4, prompt: 8, tokens: 16, rank: 8 };

/** Process CPU time (user + system) since `start`, in ms: a shared machine disturbs it far less than wall time. */
const cpuMs = (start) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};

/** Child process: one measurement of pama-tfjs, printed as one JSON line. */
async function measure(mode, dir) {
  const tfjs = await import('pama-tfjs');
  const tf = await import('@tensorflow/tfjs-core');
  // full-cpu: full fine-tuning on the plain-JavaScript backend, whose memory is not the WebAssembly heap's 4 GiB.
  await tfjs.selectBackend(mode === 'full-cpu' ? 'cpu' : 'wasm');
  const threads = mode !== 'full-cpu' && Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const rng = tfjs.createRng(1);
  const randomPrompts = (b, p) => Array.from({ length: b }, () => Array.from({ length: p }, () => rng.nextUint32() % sizes.vocab));
  const started = performance.now();
  const c0 = process.cpuUsage();
  const lora = mode === 'lora' ? { rank: STEP.rank } : undefined;
  const model = await tfjs.loadPretrainedModel(dir, { nValueHeads: 2, ...(lora ? { lora } : {}) });
  const loadMs = performance.now() - started;
  const result = {
    mode,
    loadMs,
    loadCpuMs: cpuMs(c0),
    wasmThreads: threads,
    parameters: model.trainableVariables.concat(model.frozenVariables).reduce((n, v) => n + v.size, 0),
  };
  if (mode === 'generate') {
    const prompts = randomPrompts(GENERATE.batch, GENERATE.prompt);
    // One short warm-up call compiles the kernels the timed call then reuses.
    await tfjs.generate(model, prompts, { maxNewTokens: 2, temperature: 1, topK: 1, rng });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const gen = await tfjs.generate(model, prompts, { maxNewTokens: GENERATE.tokens, temperature: 1, topK: 1, rng });
    const ms = performance.now() - t0;
    const tokens = gen.responseLengths.reduce((a, b) => a + b, 0);
    result.tokensPerSecond = (tokens * 1000) / ms;
    result.tokensPerCpuSecond = (tokens * 1000) / cpuMs(c0);
  } else if (mode === 'lora' || mode === 'full' || mode === 'full-cpu') {
    const reference = model.cloneFrozen();
    const trainer = tfjs.createTrainer({
      model,
      reference,
      method: 'pama',
      granularity: 'sample',
      rewardFn: ({ responseTokens }) => responseTokens.map((_, b) => [((b * 7) % 5) / 5, ((b * 3) % 4) / 4]),
      nObjectives: 2,
      sampling: { maxNewTokens: STEP.tokens, temperature: 1, topK: 0 },
      batchSize: STEP.batch,
      rng,
      promptSampler: (_rng, n) => randomPrompts(n, STEP.prompt),
      generate: tfjs.generate,
      ppo: { learningRate: 1e-5, minibatchSize: STEP.batch, epochs: 1 },
    });
    await trainer.step(); // warm-up: kernels, optimizer state
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await trainer.step();
    result.stepMs = performance.now() - t0;
    result.stepCpuMs = cpuMs(c0);
    trainer.dispose();
    reference.dispose();
  }
  model.dispose();
  result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** A random GPT-2 checkpoint of `sizes` in `dir` (N(0, 0.02) weights, unit LayerNorm gains). */
async function writeCheckpoint(dir) {
  const { writeSafetensorsCheckpoint } = await import('pama-tfjs');
  const { layers, width: d, vocab } = sizes;
  let state = 12345;
  const normal = (n, scale) =>
    Float32Array.from({ length: n }, () => {
      // Irwin–Hall: a sum of 4 uniforms, rescaled to unit variance; enough for benchmark weights.
      let s = 0;
      for (let k = 0; k < 4; k++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        s += state / 2 ** 32;
      }
      return (s - 2) * Math.sqrt(3) * scale;
    });
  const entries = [];
  const add = (name, shape, fill) => entries.push({ name, shape, data: async () => fill(shape.reduce((a, b) => a * b, 1)) });
  const weight = (n) => normal(n, 0.02);
  const ones = (n) => new Float32Array(n).fill(1);
  const zeros = (n) => new Float32Array(n);
  add('wte.weight', [vocab, d], weight);
  add('wpe.weight', [1024, d], weight);
  for (let i = 0; i < layers; i++) {
    add(`h.${i}.ln_1.weight`, [d], ones);
    add(`h.${i}.ln_1.bias`, [d], zeros);
    add(`h.${i}.attn.c_attn.weight`, [d, 3 * d], weight);
    add(`h.${i}.attn.c_attn.bias`, [3 * d], zeros);
    add(`h.${i}.attn.c_proj.weight`, [d, d], weight);
    add(`h.${i}.attn.c_proj.bias`, [d], zeros);
    add(`h.${i}.ln_2.weight`, [d], ones);
    add(`h.${i}.ln_2.bias`, [d], zeros);
    add(`h.${i}.mlp.c_fc.weight`, [d, 4 * d], weight);
    add(`h.${i}.mlp.c_fc.bias`, [4 * d], zeros);
    add(`h.${i}.mlp.c_proj.weight`, [4 * d, d], weight);
    add(`h.${i}.mlp.c_proj.bias`, [d], zeros);
  }
  add('ln_f.weight', [d], ones);
  add('ln_f.bias', [d], zeros);
  mkdirSync(dir, { recursive: true });
  await writeSafetensorsCheckpoint(dir, entries, { metadata: { format: 'pt' } });
  const config = {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: vocab,
    n_positions: 1024,
    n_embd: d,
    n_layer: layers,
    n_head: sizes.heads,
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    tie_word_embeddings: true,
    bos_token_id: vocab - 1,
    eos_token_id: vocab - 1,
  };
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

function run(command, args, { mayFail = false } = {}) {
  let out;
  try {
    out = execFileSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
      maxBuffer: 1 << 24,
    });
  } catch (e) {
    if (!mayFail) throw e;
    return { failed: `exit status ${e.status}` };
  }
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mib = (bytes) => `${Math.round(bytes / 2 ** 20)}`;

async function main() {
  const child = argument('measure', undefined);
  const dir = argument('dir', join(tmpdir(), `pama-bench-gpt2-${sizes.layers}x${sizes.width}x${sizes.vocab}`));
  if (child !== undefined) return measure(child, dir);
  const rounds = Number(argument('rounds', '2'));
  const python = argument('python', '/usr/bin/python3');
  const modes = argument('only', 'load,generate,lora,full,full-cpu').split(',');
  if (!existsSync(join(dir, 'model.safetensors'))) {
    process.stderr.write(`writing a random checkpoint to ${dir}\n`);
    await writeCheckpoint(dir);
  }
  const rows = Object.fromEntries(modes.map((m) => [m, []]));
  const log = argument('table-from', undefined);
  if (log !== undefined) return printTable(rowsFromLog(log), modes);
  for (let r = 1; r <= rounds; r++) {
    for (const mode of modes) {
      // Full fine-tuning on the WebAssembly backend may exceed its heap; that is recorded, not fatal.
      const a = run(process.execPath, [fileURLToPath(import.meta.url), '--measure', mode, '--dir', dir, ...process.argv.slice(2)], {
        mayFail: mode === 'full',
      });
      if (a.wasmThreads) throw new Error('the wasm backend runs multi-threaded here: the comparison wants one thread each');
      const torchMode = mode === 'full-cpu' ? 'full' : mode;
      const b =
        rows.full?.[r - 1]?.b && torchMode === 'full' && mode === 'full-cpu'
          ? rows.full[r - 1].b
          : run(python, [`${root}bench/torch_gpt2.py`, '--mode', torchMode, '--dir', dir, '--threads', '1']);
      if (b.threads !== 1) throw new Error(`PyTorch ran ${b.threads} threads`);
      rows[mode].push({ a, b });
      process.stderr.write(`round ${r} ${mode}: tfjs ${JSON.stringify(a)}\n          torch ${JSON.stringify(b)}\n`);
    }
  }
  printTable(rows, modes);
}

/** The rounds of a run's stderr (`round R MODE: tfjs {…}` then `torch {…}`), for --table-from. */
function rowsFromLog(path) {
  const rows = {};
  let pending;
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    const a = text.match(/^round \d+ ([\w-]+): tfjs (\{.*\})$/);
    const b = text.match(/^\s+torch (\{.*\})$/);
    if (a) pending = { mode: a[1], a: JSON.parse(a[2]) };
    else if (b && pending) {
      rows[pending.mode] = [...(rows[pending.mode] ?? []), { a: pending.a, b: JSON.parse(b[1]) }];
      pending = undefined;
    }
  }
  return rows;
}

function printTable(rows, allModes) {
  const modes = allModes.filter((m) => rows[m]?.length > 0);
  const line = (cells) => console.log(`| ${cells.join(' | ')} |`);
  line([
    'measurement',
    'pama-tfjs',
    'PyTorch (1 thread)',
    `speed ratio tfjs ÷ PyTorch, wall (median of ${rows[modes[0]].length})`,
    'per round',
    'speed ratio, CPU time (median)',
    'peak RSS MiB tfjs / PyTorch',
  ]);
  line(['---', '---', '---', '---', '---', '---', '---']);
  const step = `B=${STEP.batch}, ${STEP.prompt}+${STEP.tokens} tokens`;
  const kinds = {
    load: { label: 'load the checkpoint (wasm)', wall: 'loadMs', cpu: 'loadCpuMs', time: true },
    generate: {
      label: `greedy generation with the KV cache (wasm; B=${GENERATE.batch}, ${GENERATE.prompt}-token prompt, ${GENERATE.tokens} new)`,
      wall: 'tokensPerSecond',
      cpu: 'tokensPerCpuSecond',
      time: false,
    },
    lora: { label: `one PPO+PAMA step, LoRA r=${STEP.rank} on c_attn (wasm; ${step})`, wall: 'stepMs', cpu: 'stepCpuMs', time: true },
    full: { label: `one PPO+PAMA step, full fine-tuning (wasm; ${step})`, wall: 'stepMs', cpu: 'stepCpuMs', time: true },
    'full-cpu': { label: `one PPO+PAMA step, full fine-tuning (cpu backend; ${step})`, wall: 'stepMs', cpu: 'stepCpuMs', time: true },
  };
  const shown = (kind, v) => (kind.time ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(2)} tokens/s`);
  for (const mode of modes) {
    const rs = rows[mode];
    const kind = kinds[mode];
    const failed = rs.find((x) => x.a.failed);
    if (failed) {
      line([
        kind.label,
        `**does not run**: ${failed.a.failed} (out of the WebAssembly heap's 4 GiB)`,
        shown(kind, median(rs.map((x) => x.b[kind.wall]))),
        '—',
        '—',
        '—',
        `— / ${mib(median(rs.map((x) => x.b.peakRssBytes)))}`,
      ]);
      continue;
    }
    const ratio = (x, key) => (kind.time ? x.b[key] / x.a[key] : x.a[key] / x.b[key]);
    const walls = rs.map((x) => ratio(x, kind.wall));
    const cpus = rs.map((x) => ratio(x, kind.cpu));
    line([
      kind.label,
      shown(kind, median(rs.map((x) => x.a[kind.wall]))),
      shown(kind, median(rs.map((x) => x.b[kind.wall]))),
      `**${median(walls).toFixed(2)}**`,
      walls.map((x) => x.toFixed(2)).join(', '),
      `**${median(cpus).toFixed(2)}**`,
      `${mib(median(rs.map((x) => x.a.peakRssBytes)))} / ${mib(median(rs.map((x) => x.b.peakRssBytes)))}`,
    ]);
  }
  const first = Object.values(rows)[0][0];
  console.log(
    `\n${first.a.parameters} parameters; Node ${process.version}, PyTorch ${first.b.torch}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`,
  );
}

await main();
