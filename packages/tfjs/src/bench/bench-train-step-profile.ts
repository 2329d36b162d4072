// Kernel profile of one isolated PAMA training minibatch step (the unit bench/torch_step.py times):
// which kernels run, how many, and how much of the step's wall time they account for.
//   node packages/tfjs/dist/bench/bench-train-step-profile.js [--d-model 256] [--backend wasm] [--top 25] [--repeats 5]
//        [--each] [--sequence kernels.txt] [--no-profile] [--json]
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_MODEL_CONFIG } from '../models/transformer-config.js';
import { parameterCount } from '../models/transformer.js';
import { isolatedTrainingStep } from './bench-step-fixture.js';

function argument(name: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = argument(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`--${name} must be a positive integer (got ${raw})`);
  return value;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}

async function main(): Promise<void> {
  const backend = argument('backend') ?? 'wasm';
  const d = positiveInteger('d-model', DEFAULT_MODEL_CONFIG.dModel);
  const top = positiveInteger('top', 25);
  const repeats = positiveInteger('repeats', 5);
  await (backend === 'wasm' ? import('@tensorflow/tfjs-backend-wasm') : import('@tensorflow/tfjs-backend-cpu'));
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();

  const N = 2;
  const B = 16;
  const P = 5;
  const T = 16;
  const config = { ...DEFAULT_MODEL_CONFIG, dModel: d, dMlp: 2 * d, nValueHeads: N };
  const fixture = isolatedTrainingStep(config, { batchSize: B, promptLength: P, responseLength: T, nObjectives: N });
  const { optimizer } = fixture.context;
  // The optimizer's share of the step, in process CPU time.
  let optimizerCpuMs = 0;
  const apply = optimizer.apply.bind(optimizer);
  optimizer.apply = async (gradients) => {
    const before = process.cpuUsage();
    try {
      return await apply(gradients);
    } finally {
      const used = process.cpuUsage(before);
      optimizerCpuMs += (used.user + used.system) / 1000;
    }
  };
  await fixture.step();
  // Wall time and CPU time (user + system of this process) per step: on a shared machine the CPU time
  // is the steadier figure for comparing two builds.
  const wall: number[] = [];
  const cpu: number[] = [];
  const optimizerCpu: number[] = [];
  for (let k = 0; k < repeats; k++) {
    optimizerCpuMs = 0;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await fixture.step();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    optimizerCpu.push(optimizerCpuMs);
  }
  if (process.argv.includes('--json')) {
    // One JSON object (for bench/trainer-vs-torch.mjs): medians of wall and process CPU time per step.
    const tokens = B * (P + T);
    process.stdout.write(
      `${JSON.stringify({ backend, dModel: d, parameters: parameterCount(config), tokens, repeats, wallMs: median(wall), cpuMs: median(cpu), optimizerCpuMs: median(optimizerCpu), cpuTokensPerSecond: (tokens / median(cpu)) * 1000 })}\n`,
    );
    fixture.dispose();
    return;
  }
  if (process.argv.includes('--no-profile')) {
    process.stdout.write(
      `backend ${backend}, d = ${d}: step wall median ${median(wall).toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms ` +
        `(optimizer ${median(optimizerCpu).toFixed(1)}) over ${repeats}\n`,
    );
    fixture.dispose();
    return;
  }
  // Kernels are timed by this process's CPU time rather than the backend's wall clock: on a machine
  // shared with many other processes, a wall-clock kernel time counts the time slices other processes
  // took, which inflates long kernels most.
  const timedBackend = tf.backend() as unknown as { time(f: () => void): Promise<{ kernelMs: number }> };
  const wallTime = timedBackend.time.bind(timedBackend);
  timedBackend.time = async (f: () => void) => {
    const before = process.cpuUsage();
    f();
    const used = process.cpuUsage(before);
    return { kernelMs: (used.user + used.system) / 1000 };
  };
  // Each kernel's time is the minimum over the profiled steps (the kernel sequence is the same in each):
  // a preempted kernel on a busy machine otherwise dominates its row.
  let kernels: { name: string; inputShapes: number[][]; ms: number }[] = [];
  for (let r = 0; r < repeats; r++) {
    const info = await tf.profile(async () => {
      await fixture.step();
    });
    const timed = info.kernels.map((k) => ({ name: k.name, inputShapes: k.inputShapes, ms: Number(k.kernelTimeMs) }));
    if (r === 0) kernels = timed;
    else
      timed.forEach((k, i) => {
        kernels[i].ms = Math.min(kernels[i].ms, k.ms);
      });
  }
  timedBackend.time = wallTime;
  // Custom-gradient ops (an 'unnamed scope', or a name ending in __op) time the kernels inside them too.
  const counted = kernels.filter((k) => k.name !== 'unnamed scope' && !k.name.endsWith('__op'));
  const byName = new Map<string, { count: number; ms: number }>();
  let kernelMs = 0;
  for (const kernel of counted) {
    kernelMs += kernel.ms;
    const entry = byName.get(kernel.name) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += kernel.ms;
    byName.set(kernel.name, entry);
  }
  const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms);
  process.stdout.write(
    `backend ${backend}, d = ${d}: step wall median ${median(wall).toFixed(1)} ms (min ${Math.min(...wall).toFixed(1)}), ` +
      `CPU median ${median(cpu).toFixed(1)} ms (min ${Math.min(...cpu).toFixed(1)}; optimizer ${median(optimizerCpu).toFixed(1)}) over ${repeats}; ` +
      `${counted.length} kernels, summed kernel time ${kernelMs.toFixed(1)} ms (process CPU time, each kernel's minimum over ${repeats} profiled steps)\n\n` +
      '| kernel | count | ms | share of kernel time |\n| --- | --- | --- | --- |\n',
  );
  for (const [name, { count, ms }] of rows.slice(0, top)) {
    process.stdout.write(`| ${name} | ${count} | ${ms.toFixed(1)} | ${((100 * ms) / kernelMs).toFixed(1)}% |\n`);
  }
  if (process.argv.includes('--each')) {
    process.stdout.write('\n| kernel | input shapes | ms |\n| --- | --- | --- |\n');
    for (const kernel of [...counted].sort((a, b) => b.ms - a.ms).slice(0, top)) {
      process.stdout.write(`| ${kernel.name} | ${JSON.stringify(kernel.inputShapes)} | ${kernel.ms.toFixed(2)} |\n`);
    }
  }
  const sequence = argument('sequence');
  if (sequence !== undefined) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(sequence, `${kernels.map((k) => `${k.name} ${JSON.stringify(k.inputShapes)} ${k.ms.toFixed(3)}`).join('\n')}\n`);
  }
  fixture.dispose();
}

await main();
