// What `pama align` and `pama sweep` do before their first run, in one place: choose the backend,
// load the corpus and tokenizer, have every objective's source score one probe batch (so a broken
// reward source stops the command before minutes of pre-training), then pre-train or reuse the
// pre-trained model.
import { adapterLabel, selectBackend, type BackendSelection } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { effectiveObjectives } from '../align/objectives.js';
import { pretrainPhase, type PretrainOutcome, type PretrainSource } from '../align/pretrain-phase.js';
import { describeSource } from '../objectives/objective-sources.js';
import { probeItems, probeObjectives } from '../objectives/probe.js';
import { checkPretrainedConfig, explainPretrainedMiss } from '../pretrain/pretrained-dir.js';
import { prepareRunContext, type RunContext } from './run-context.js';

export interface PipelineStart {
  readonly backend: BackendSelection;
  readonly context: RunContext;
  readonly pretrain: PretrainOutcome;
}

/**
 * Everything before the runs. `pretrainedDir` (from `--pretrained`) is checked against the config
 * first and must hold the model this config would pre-train; null pre-trains into the cache.
 */
export async function startPipeline(config: AlignConfig, outDir: string, pretrainedDir: string | null): Promise<PipelineStart> {
  const manifest = pretrainedDir === null ? null : checkPretrainedConfig(pretrainedDir, config);
  // A named backend is used as is (exact resume is promised on one backend); auto walks the order.
  const backend = await selectBackend(config.backend, { fallback: config.backend === 'auto' });
  // selectBackend also repairs tfjs-backend-wasm 4.22's float32 OneHot when it finds it faulty.
  const adapter = backend.adapter === undefined ? '' : ` on ${adapterLabel(backend.adapter)}`;
  process.stdout.write(`backend: ${backend.name}${adapter}${backend.patchedOneHot === true ? ' (OneHot kernel repaired)' : ''}\n`);

  const context = prepareRunContext(config);
  process.stdout.write(
    `corpus: ${context.corpus.sentences.length} sentences from ${context.corpus.files.length} files; vocabulary ${context.tokenizer.vocabSize}\n`,
  );
  const objectives = effectiveObjectives(config);
  await probeObjectives(objectives, context.sources, probeItems(context.evalPrompts.texts));
  process.stdout.write(`objectives: ${objectives.map((o) => `${o.name} (${describeSource(o.spec)})`).join(', ')}; probe batch scored\n`);

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
  return { backend, context, pretrain };
}
