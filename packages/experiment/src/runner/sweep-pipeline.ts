// The sweep pipeline: corpus → tokenizer → objectives' probe batch → one shared pre-trained model → every run of the sweep
// matrix through the parallel runner → summary → metrics.json, report.html and a table.
import { join } from 'node:path';
import type { AlignConfig } from '../config/align-config.js';
import { objectiveNames } from '../align/objectives.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { startPipeline } from './pipeline-start.js';
import { runAll } from './run-runs.js';
import { renderSweepReport } from '../report/sweep-report.js';
import { formatSweepTable } from '../sweep/sweep-table.js';
import { sweepMatrix } from './sweep-matrix.js';
import type { SweepMethod, SweepMetrics, SweepRun } from '../sweep/sweep-metrics.js';
import { finalKl, pretrainedReference, summarizeSweep } from '../sweep/sweep-summary.js';

export interface SweepPlan {
  readonly methods: readonly SweepMethod[];
  readonly weights: readonly (readonly number[])[];
  /** null: the pre-trained model's test rewards. */
  readonly reference: readonly number[] | null;
}

export async function sweepPipeline(config: AlignConfig, plan: SweepPlan, outDir: string, jobs: number): Promise<SweepMetrics> {
  const started = Date.now();
  // The same start as pama align: backend, corpus, the objectives' probe batch, pre-training.
  const { backend, context, pretrain } = await startPipeline(config, outDir, null);
  const specs = sweepMatrix(config, plan.methods, plan.weights);
  process.stdout.write(`sweep: ${specs.length} runs (${plan.weights.length} preference vectors, ${config.seeds.length} seed(s))\n`);
  const results = await runAll({ config, outDir, runs: specs, jobs, context, backend: backend.name, pretrained: pretrain });
  const names = objectiveNames(config);
  const runs: SweepRun[] = results.map((r, i) => {
    const spec = specs[i];
    const preference = spec.preference;
    const weights = preference ? Object.fromEntries(names.map((o, j) => [o, preference[j]])) : undefined;
    return { ...r, method: spec.sweepMethod, ...(weights ? { weights } : {}), finalKl: finalKl(r) };
  });
  const objectives = [...names];
  const reference = plan.reference ? [...plan.reference] : pretrainedReference(runs, objectives);
  const metrics: SweepMetrics = {
    kind: 'sweep',
    objectives,
    backend: backend.name,
    config,
    sweep: { methods: plan.methods, weights: plan.weights, seeds: config.seeds },
    runs,
    reference,
    referenceSource: plan.reference ? 'flag' : 'pre-trained',
    ...summarizeSweep(runs, objectives, reference),
    createdAt: new Date().toISOString(),
    pretrain: { steps: config.pretrain.steps, finalLoss: pretrain.finalLoss, cached: pretrain.cached, seconds: pretrain.seconds },
    seconds: (Date.now() - started) / 1000,
  };
  writeJsonAtomic(join(outDir, 'metrics.json'), metrics);
  const reportPath = join(outDir, 'report.html');
  writeFileAtomic(reportPath, await renderSweepReport(metrics));
  process.stdout.write(`\n${formatSweepTable(metrics)}\n\nmetrics: ${join(outDir, 'metrics.json')}\nreport:  ${reportPath}\n`);
  return metrics;
}
