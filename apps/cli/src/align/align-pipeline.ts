// The align pipeline: corpus → tokenizer → pre-training (cached, or a `pama pretrain` directory)
// → every method × seed of the run matrix (or one shard of it), serially or in worker processes
// → evaluation → metrics.json, report.html and a summary table.
import { join } from 'node:path';
import { adapterLabel, selectBackend } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import type { Metrics } from '../report/metrics.js';
import { effectiveObjectives, objectiveNames } from './objectives.js';
import { probeItems, probeObjectives } from '../objectives/probe.js';
import { describeSource } from '../objectives/objective-sources.js';
import { pretrainPhase, type PretrainSource } from './pretrain-phase.js';
import { writeJsonAtomic, writeFileAtomic } from '../io/atomic-write.js';
import { renderReport } from '../report/render-report.js';
import { formatTestTable } from '../report/test-table.js';
import { prepareRunContext } from '../runner/run-context.js';
import { runMatrix, shardRuns } from '../runner/run-matrix.js';
import { runAll } from '../runner/run-runs.js';
import { checkShardOfOutDir, recordShard } from '../runner/shard-info.js';
import type { RunnerOptions } from '../runner/runner-options.js';
import { checkPretrainedConfig, explainPretrainedMiss } from '../pretrain/pretrained-dir.js';

const SERIAL: RunnerOptions = { jobs: 1, shard: null, pretrainedDir: null };

export async function alignPipeline(config: AlignConfig, outDir: string, options: RunnerOptions = SERIAL): Promise<Metrics> {
  const started = Date.now();
  checkShardOfOutDir(outDir, options.shard);
  const manifest = options.pretrainedDir === null ? null : checkPretrainedConfig(options.pretrainedDir, config);
  // A named backend is used as is (exact resume is promised on one backend); auto walks the order.
  const backend = await selectBackend(config.backend, { fallback: config.backend === 'auto' });
  // selectBackend also repairs tfjs-backend-wasm 4.22's float32 OneHot when it finds it faulty.
  const adapter = backend.adapter === undefined ? '' : ` on ${adapterLabel(backend.adapter)}`;
  process.stdout.write(`backend: ${backend.name}${adapter}${backend.patchedOneHot === true ? ' (OneHot kernel repaired)' : ''}\n`);

  const context = prepareRunContext(config);
  process.stdout.write(
    `corpus: ${context.corpus.sentences.length} sentences from ${context.corpus.files.length} files; vocabulary ${context.tokenizer.vocabSize}\n`,
  );
  // Every objective's source answers one probe batch before any training (pre-training included).
  const objectives = effectiveObjectives(config);
  await probeObjectives(objectives, context.sources, probeItems(context.evalPrompts.texts));
  process.stdout.write(`objectives: ${objectives.map((o) => `${o.name} (${describeSource(o.spec)})`).join(', ')}; probe batch scored\n`);
  const pretrainedDir = options.pretrainedDir;
  const source: PretrainSource =
    pretrainedDir === null || manifest === null
      ? {}
      : { cacheDir: pretrainedDir, requireCached: (key) => explainPretrainedMiss(pretrainedDir, manifest, backend.name, key) };
  const pretrain = await pretrainPhase(
    config,
    outDir,
    context.modelConfig,
    context.tokenizer,
    context.corpus.hash,
    context.sequences,
    backend.name,
    source,
  );

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
    pretrain: { steps: config.pretrain.steps, finalLoss: pretrain.finalLoss, cached: pretrain.cached, seconds: pretrain.seconds },
    seconds: (Date.now() - started) / 1000,
  };
  writeJsonAtomic(join(outDir, 'metrics.json'), metrics);
  const reportPath = join(outDir, 'report.html');
  writeFileAtomic(reportPath, await renderReport(metrics));
  process.stdout.write(`\n${formatTestTable(metrics)}\n\nmetrics: ${join(outDir, 'metrics.json')}\nreport:  ${reportPath}\n`);
  return metrics;
}
