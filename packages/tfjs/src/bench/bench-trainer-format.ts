// The trainer benchmark report as markdown, for docs/bench.
import { cpus } from 'node:os';
import { adapterLabel } from '../backends/webgpu-backend.js';
import type { TrainerBenchmarkReport } from './bench-trainer.js';
import { STEP_PHASES } from '../training/phase-timer.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ms = (x: number) => x.toFixed(1);

/**
 * The trainer benchmark report as markdown (setup, then a table per backend).
 *
 * @example
 * console.log(formatTrainerBenchmark(await runTrainerBenchmarks()));
 */
export function formatTrainerBenchmark(report: TrainerBenchmarkReport): string {
  const lines: string[] = [];
  const c = report.config;
  lines.push(
    `Model: vocab ${c.vocabSize}, context ${c.contextLength}, d ${c.dModel}, ${c.nHeads} heads, ${c.nLayers} layers, MLP ${c.dMlp} ` +
      `(${report.parameters.toLocaleString('en-US')} parameters with ${report.nObjectives} value heads); batch ${report.batchSize}, ` +
      `minibatch ${report.minibatchSize}, ${report.epochs} epochs, prompt ${report.promptLength} + ${report.maxNewTokens} new tokens.`,
    '',
  );
  for (const b of report.backends) {
    const simd = b.wasmSimd === undefined ? '' : b.wasmSimd ? ' (SIMD on' : ' (no SIMD';
    lines.push(`### ${b.backend}${simd}${b.wasmSimd === undefined ? '' : b.wasmThreads ? ', multi-threaded)' : ', 1 thread)'}`, '');
    lines.push(
      `- One training minibatch step (forward, combine, loss, backward, Adam) on ${report.minibatchSize}×${report.promptLength + report.maxNewTokens} tokens: ` +
        `${ms(b.trainStepMs)} ms = ${b.trainTokensPerSecond.toFixed(0)} tokens/s.`,
    );
    if (b.adapter)
      lines.push(
        '',
        `Adapter: ${adapterLabel(b.adapter)}${b.adapter.software ? ': a CPU emulating a GPU, so these numbers show correctness, not speed' : ''}.`,
      );
    if (b.methods.length === 0) continue;
    lines.push('', `| method | objectives | step ms | ${STEP_PHASES.join(' | ')} | update ms | gen tokens/s |`);
    lines.push(`| --- | --- | --- | ${STEP_PHASES.map(() => '---').join(' | ')} | --- | --- |`);
    for (const m of b.methods) {
      const p = m.phases;
      lines.push(
        `| ${m.method} | ${m.nObjectives} | ${ms(m.stepMs)} | ${STEP_PHASES.map((phase) => ms(p[phase])).join(' | ')} | ` +
          `${ms(m.updateMs)} | ${m.generationTokensPerSecond.toFixed(0)} |`,
      );
    }
    lines.push(
      '',
      `- PAMA combine: ${pct(b.pamaCombineShareOfStep)} of the PAMA step (target ≤ 1%).`,
      `- Everything PAMA adds over single-objective PPO (combine, second value head, per-objective GAE): ` +
        `${pct(b.pamaExtraOverPpo)} of the step, ${pct(b.pamaUpdateExtraOverPpo)} of the update part (target ≤ 5%).`,
      `- MGDA-UB over PPO: ${pct(b.mgdaExtraOverPpo)} of the step, ${pct(b.mgdaUpdateExtraOverPpo)} of the update part.`,
      `- Peak tensor memory during a PAMA step (tf.profile): ${(b.peakTensorBytes / 2 ** 20).toFixed(1)} MiB.`,
      '',
    );
  }
  lines.push(
    `Process peak RSS: ${(report.maxRssBytes / 2 ** 20).toFixed(0)} MiB. Node ${report.node}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`,
  );
  return lines.join('\n');
}
