// Trainer benchmark: step time split by phase, PAMA's and MGDA-UB's extra cost over single-objective
// PPO on the same batch shape, peak memory, and tokens per second for generation and for one training
// minibatch step (the figure the PyTorch peer script bench/torch_step.py measures for the same model).
import * as tf from '@tensorflow/tfjs-core';
import type { Rng, TransformerConfig } from '../contracts.js';
import { selectBackend } from '../backends/backend-select.js';
import type { WebGpuAdapterInfo } from '../backends/webgpu-backend.js';
import { DEFAULT_MODEL_CONFIG } from '../models/transformer-config.js';
import { createPolicyValueModel, parameterCount } from '../models/transformer.js';
import { createRng } from '../random/rng-xoshiro.js';
import { generate } from '../sampling/generate.js';
import { isolatedTrainingStep } from './bench-step-fixture.js';
import { createTrainer } from '../training/create-trainer.js';
import { STEP_PHASES, type PhaseTimings } from '../training/phase-timer.js';
import type { TrainingMethod } from '../training/trainer-options.js';
import { TrainingError } from '../training/training-error.js';

/** A backend the trainer benchmark measures. */
export type BenchBackend = 'cpu' | 'wasm' | 'webgpu';
const BENCH_BACKENDS: readonly BenchBackend[] = ['cpu', 'wasm', 'webgpu'];

/** Options of {@link runTrainerBenchmarks}; every field has a default. */
export interface TrainerBenchmarkOptions {
  readonly backends?: readonly BenchBackend[];
  /** Model size; default DEFAULT_MODEL_CONFIG (value heads set per method). */
  readonly config?: Omit<TransformerConfig, 'nValueHeads'>;
  /** Width d of the default model instead (MLP 2·d, same depth, heads and vocabulary); ignored with `config`. */
  readonly dModel?: number;
  /**
   * Only the isolated training minibatch step (the PyTorch peer's unit), not the methods' full steps;
   * on the wasm backend alone unless `backends` says otherwise.
   */
  readonly trainStepOnly?: boolean;
  /** Objectives for PAMA and MGDA-UB (PPO always has one). */
  readonly nObjectives?: number;
  readonly batchSize?: number;
  readonly minibatchSize?: number;
  readonly epochs?: number;
  readonly promptLength?: number;
  readonly maxNewTokens?: number;
  readonly warmupSteps?: number;
  readonly measuredSteps?: number;
  /** Repetitions of the isolated training-minibatch step. */
  readonly updateRepeats?: number;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** One method's measurements on one backend. */
export interface MethodBenchmark {
  readonly method: TrainingMethod;
  readonly nObjectives: number;
  /** Median over measured steps, milliseconds. */
  readonly stepMs: number;
  /** Median per phase, milliseconds. */
  readonly phases: PhaseTimings;
  /** Median of rollout + advantages + combine + forward + backward + optimizer (everything after scoring). */
  readonly updateMs: number;
  readonly generationTokensPerSecond: number;
}

/** Every method's measurements on one backend, with the ratios between them. */
export interface BackendBenchmark {
  readonly backend: BenchBackend;
  readonly wasmSimd?: boolean;
  /** Whether the wasm backend runs multi-threaded (it does not under Node: one thread). */
  readonly wasmThreads?: boolean;
  /** Empty with `trainStepOnly`. */
  /** WebGPU: the adapter measured (a software one, e.g. lavapipe, gives correctness-only numbers). */
  readonly adapter?: WebGpuAdapterInfo;
  readonly methods: readonly MethodBenchmark[];
  /** PAMA's combine as a share of PAMA's step (target ≤ 1%). */
  readonly pamaCombineShareOfStep: number;
  /** (PAMA step − PPO step) / PPO step: everything PAMA adds incl. the extra value heads (target ≤ 5%). */
  readonly pamaExtraOverPpo: number;
  /** The same on the update part only (generation excluded, it is identical work). */
  readonly pamaUpdateExtraOverPpo: number;
  readonly mgdaExtraOverPpo: number;
  readonly mgdaUpdateExtraOverPpo: number;
  /** tf.profile peak tensor bytes during one PAMA step. */
  readonly peakTensorBytes: number;
  /** One isolated training minibatch step (forward, PAMA combine, loss, backward, Adam). */
  readonly trainStepMs: number;
  readonly trainTokensPerSecond: number;
}

/** What {@link runTrainerBenchmarks} returns: the setup and one entry per backend. */
export interface TrainerBenchmarkReport {
  readonly config: TransformerConfig;
  readonly parameters: number;
  readonly batchSize: number;
  readonly minibatchSize: number;
  readonly epochs: number;
  readonly promptLength: number;
  readonly maxNewTokens: number;
  readonly nObjectives: number;
  readonly backends: readonly BackendBenchmark[];
  /**
   * The first backend's isolated PAMA training minibatch step in tokens/s: the figure to hold next to
   * bench/torch_step.py's train_tokens_per_second for the same model and minibatch.
   */
  readonly trainTokensPerSecond: number;
  /** Process peak resident set size, bytes. */
  readonly maxRssBytes: number;
  readonly node: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Objective i rewards the fraction of response tokens whose id ≡ i (mod N): cheap and conflicting. */
function residueRewards(nObjectives: number) {
  return ({ responseTokens }: { responseTokens: ReadonlyArray<ReadonlyArray<number>> }) =>
    responseTokens.map((ids) =>
      Array.from({ length: nObjectives }, (_, i) => ids.filter((t) => t % nObjectives === i).length / Math.max(ids.length, 1)),
    );
}

function promptSampler(promptLength: number, vocab: number) {
  return (rng: Rng, batchSize: number) =>
    Array.from({ length: batchSize }, () => [1, ...Array.from({ length: promptLength - 1 }, () => 4 + (rng.nextUint32() % (vocab - 4)))]);
}

async function useBackend(backend: BenchBackend): Promise<{ wasmSimd?: boolean; wasmThreads?: boolean }> {
  if (backend === 'webgpu') return {}; // started by selectBackend in runTrainerBenchmarks
  // Imported here, not at module top: registering a backend has the side effect of changing tfjs's default.
  await (backend === 'wasm' ? import('@tensorflow/tfjs-backend-wasm') : import('@tensorflow/tfjs-backend-cpu'));
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
  if (backend !== 'wasm') return {};
  return {
    wasmSimd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    wasmThreads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}

interface Settings {
  readonly config: Omit<TransformerConfig, 'nValueHeads'>;
  readonly nObjectives: number;
  readonly batchSize: number;
  readonly minibatchSize: number;
  readonly epochs: number;
  readonly promptLength: number;
  readonly maxNewTokens: number;
  readonly warmupSteps: number;
  readonly measuredSteps: number;
  readonly updateRepeats: number;
}

function createBenchTrainer(method: TrainingMethod, s: Settings) {
  const n = method === 'ppo' ? 1 : s.nObjectives;
  const model = createPolicyValueModel({ ...s.config, nValueHeads: n }, { seed: 7 });
  const reference = model.cloneFrozen();
  const trainer = createTrainer({
    model,
    reference,
    method,
    granularity: 'token',
    rewardFn: residueRewards(n),
    nObjectives: n,
    sampling: { maxNewTokens: s.maxNewTokens, temperature: 1, topK: 0 },
    batchSize: s.batchSize,
    rng: createRng(11),
    promptSampler: promptSampler(s.promptLength, s.config.vocabSize),
    generate,
    ppo: { epochs: s.epochs, minibatchSize: s.minibatchSize, learningRate: 1e-3 },
  });
  return {
    method,
    n,
    trainer,
    steps: [] as { total: number; phases: PhaseTimings; tokens: number }[],
    dispose() {
      trainer.dispose();
      reference.dispose();
      model.dispose();
    },
  };
}

/**
 * The methods' steps run interleaved (one step of each per round), so that load from other
 * processes falls on all of them alike; medians over the rounds.
 */
async function benchmarkMethods(
  methods: readonly TrainingMethod[],
  s: Settings,
): Promise<{ results: MethodBenchmark[]; pamaPeakBytes: number }> {
  const runs = methods.map((method) => createBenchTrainer(method, s));
  for (let k = 0; k < s.warmupSteps; k++) for (const run of runs) await run.trainer.step();
  let pamaPeakBytes = 0;
  const pama = runs.find((run) => run.method === 'pama');
  if (pama) {
    // Profiled outside the measured rounds: tf.profile's bookkeeping distorts the timings.
    const info = await tf.profile(async () => {
      await pama.trainer.step();
    });
    pamaPeakBytes = info.peakBytes;
  }
  for (let k = 0; k < s.measuredSteps; k++) {
    for (const run of runs) {
      const m = await run.trainer.step();
      run.steps.push({ total: m.totalMs, phases: m.timings, tokens: m.responseTokens });
    }
  }
  const update = (p: PhaseTimings) => p.rollout + p.advantages + p.combine + p.forward + p.backward + p.optimizer;
  const results = runs.map((run): MethodBenchmark => {
    const steps = run.steps;
    run.dispose();
    return {
      method: run.method,
      nObjectives: run.n,
      stepMs: median(steps.map((x) => x.total)),
      phases: Object.fromEntries(STEP_PHASES.map((p) => [p, median(steps.map((x) => x.phases[p]))])) as PhaseTimings,
      updateMs: median(steps.map((x) => update(x.phases))),
      generationTokensPerSecond: median(steps.map((x) => (x.tokens / x.phases.generate) * 1000)),
    };
  });
  return { results, pamaPeakBytes };
}

/** One training minibatch step on fixed random data, timed in isolation (the PyTorch peer's unit). */
async function benchmarkTrainingStep(s: Settings): Promise<number> {
  const fixture = isolatedTrainingStep(s.config, {
    batchSize: s.minibatchSize,
    promptLength: s.promptLength,
    responseLength: s.maxNewTokens,
    nObjectives: s.nObjectives,
  });
  await fixture.step();
  const times: number[] = [];
  for (let k = 0; k < s.updateRepeats; k++) {
    const start = performance.now();
    await fixture.step();
    times.push(performance.now() - start);
  }
  fixture.dispose();
  return median(times);
}

/**
 * Times whole training steps of every method (pama, morlhf, mgda-ub, ppo) on the same model and
 * data, per backend, and one isolated training minibatch step.
 *
 * @example
 * const report = await runTrainerBenchmarks({ backends: ['wasm'], measuredSteps: 3 });
 * console.log(formatTrainerBenchmark(report));
 */
export async function runTrainerBenchmarks(options: TrainerBenchmarkOptions = {}): Promise<TrainerBenchmarkReport> {
  const { nValueHeads: _heads, ...defaultConfig } = DEFAULT_MODEL_CONFIG;
  const widened = options.dModel === undefined ? defaultConfig : { ...defaultConfig, dModel: options.dModel, dMlp: 2 * options.dModel };
  const settings: Settings = {
    config: options.config ?? widened,
    nObjectives: options.nObjectives ?? 2,
    batchSize: options.batchSize ?? 32,
    minibatchSize: options.minibatchSize ?? 16,
    epochs: options.epochs ?? 2,
    promptLength: options.promptLength ?? 5,
    maxNewTokens: options.maxNewTokens ?? 16,
    warmupSteps: options.warmupSteps ?? 1,
    measuredSteps: options.measuredSteps ?? 5,
    updateRepeats: options.updateRepeats ?? 10,
  };
  const log = options.log ?? (() => undefined);
  const backends: BackendBenchmark[] = [];
  const defaultBackends: readonly BenchBackend[] = options.trainStepOnly ? ['wasm'] : ['wasm', 'cpu'];
  const requested = options.backends ?? defaultBackends;
  const unknown = requested.find((b) => !BENCH_BACKENDS.includes(b));
  if (unknown !== undefined) throw new TrainingError('backends', unknown, `each must be one of ${BENCH_BACKENDS.join(', ')}`);
  for (const backend of requested) {
    // WebGPU by name: a software adapter is accepted here, and reported with the numbers.
    const adapter = backend === 'webgpu' ? (await selectBackend('webgpu', { fallback: false })).adapter : undefined;
    const flags = await useBackend(backend);
    if (adapter)
      log(`webgpu adapter: ${adapter.description || adapter.device} (${adapter.software ? 'software: correctness only' : 'hardware'})`);
    const trainStepMs = await benchmarkTrainingStep(settings);
    const tokensPerMinibatch = settings.minibatchSize * (settings.promptLength + settings.maxNewTokens);
    const trainTokensPerSecond = (tokensPerMinibatch / trainStepMs) * 1000;
    if (options.trainStepOnly) {
      const none = Number.NaN;
      backends.push({
        backend,
        ...flags,
        ...(adapter ? { adapter } : {}),
        methods: [],
        pamaCombineShareOfStep: none,
        pamaExtraOverPpo: none,
        pamaUpdateExtraOverPpo: none,
        mgdaExtraOverPpo: none,
        mgdaUpdateExtraOverPpo: none,
        peakTensorBytes: none,
        trainStepMs,
        trainTokensPerSecond,
      });
      continue;
    }
    log(`${backend}: benchmarking ppo, pama, mgda-ub (interleaved)`);
    const { results, pamaPeakBytes } = await benchmarkMethods(['ppo', 'pama', 'mgda-ub'], settings);
    const [ppo, pama, mgda] = results;
    backends.push({
      backend,
      ...flags,
      ...(adapter ? { adapter } : {}),
      methods: results,
      pamaCombineShareOfStep: pama.phases.combine / pama.stepMs,
      pamaExtraOverPpo: (pama.stepMs - ppo.stepMs) / ppo.stepMs,
      pamaUpdateExtraOverPpo: (pama.updateMs - ppo.updateMs) / ppo.updateMs,
      mgdaExtraOverPpo: (mgda.stepMs - ppo.stepMs) / ppo.stepMs,
      mgdaUpdateExtraOverPpo: (mgda.updateMs - ppo.updateMs) / ppo.updateMs,
      peakTensorBytes: pamaPeakBytes,
      trainStepMs,
      trainTokensPerSecond,
    });
    log(`${backend}: done`);
  }
  return {
    config: { ...settings.config, nValueHeads: settings.nObjectives },
    parameters: parameterCount({ ...settings.config, nValueHeads: settings.nObjectives }),
    batchSize: settings.batchSize,
    minibatchSize: settings.minibatchSize,
    epochs: settings.epochs,
    promptLength: settings.promptLength,
    maxNewTokens: settings.maxNewTokens,
    nObjectives: settings.nObjectives,
    backends,
    trainTokensPerSecond: backends[0]?.trainTokensPerSecond ?? Number.NaN,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    node: process.version,
  };
}
