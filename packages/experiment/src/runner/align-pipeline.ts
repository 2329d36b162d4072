// The align pipeline: corpus → tokenizer → pre-training (cached, or a `pama pretrain` directory)
// → every method × seed of the run matrix (or one shard of it), serially or in worker processes
// → evaluation → metrics.json, report.html and a summary table.
import { join } from 'node:path';
import type { AlignConfig } from '../config/align-config.js';
import type { Metrics } from '../report/metrics.js';
import { objectiveNames } from '../align/objectives.js';
import { startPipeline } from './pipeline-start.js';
import { writeJsonAtomic, writeFileAtomic } from '../io/atomic-write.js';
import { renderReport } from '../report/render-report.js';
import { formatTestTable } from '../report/test-table.js';
import { runMatrix, shardRuns } from './run-matrix.js';
import { runAll } from './run-runs.js';
import { checkShardOfOutDir, recordShard } from './shard-info.js';
import type { RunnerOptions } from './runner-options.js';

const SERIAL: RunnerOptions = { jobs: 1, shard: null, pretrainedDir: null };

export async function alignPipeline(config: AlignConfig, outDir: string, options: RunnerOptions = SERIAL): Promise<Metrics> {
  const started = Date.now();
  checkShardOfOutDir(outDir, options.shard);
  const { backend, context, pretrain } = await startPipeline(config, outDir, options.pretrainedDir);

  const matrix = runMatrix(config);
  const selected = options.shard === null ? matrix : shardRuns(matrix, options.shard);
  if (options.shard !== null) {
    recordShard(
      outDir,
      options.shard,
      selected.map((r) => r.label),
      backend.name,
      pretrain.key,
    );
    process.stdout.write(
      `shard ${options.shard.index}/${options.shard.count}: ${selected.length} of ${matrix.length} runs (${selected.map((r) => r.label).join(', ') || 'none'})\n`,
    );
  }
  const runs = await runAll({ config, outDir, runs: selected, jobs: options.jobs, context, backend: backend.name, pretrained: pretrain });
  const metrics: Metrics = {
    objectives: objectiveNames(config),
    backend: backend.name,
    ...(backend.adapter === undefined ? {} : { adapter: backend.adapter }),
    config,
    runs,
    createdAt: new Date().toISOString(),
    // A Hugging Face model is not pre-trained here.
    ...(config.model.path === null
      ? { pretrain: { steps: config.pretrain.steps, finalLoss: pretrain.finalLoss, cached: pretrain.cached, seconds: pretrain.seconds } }
      : {}),
    seconds: (Date.now() - started) / 1000,
  };
  writeJsonAtomic(join(outDir, 'metrics.json'), metrics);
  const reportPath = join(outDir, 'report.html');
  writeFileAtomic(reportPath, await renderReport(metrics));
  process.stdout.write(`\n${formatTestTable(metrics)}\n\nmetrics: ${join(outDir, 'metrics.json')}\nreport:  ${reportPath}\n`);
  return metrics;
}
