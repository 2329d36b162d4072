// What `pama align` and `pama sweep` do before their first run, in one place: choose the backend,
// load the corpus and tokenizer, have every objective's source score one probe batch (so a broken
// reward source stops the command before minutes of pre-training), then pre-train or reuse the
// pre-trained model — or, for a Hugging Face model (model.path), load it once so that a bad
// checkpoint stops the command before any run.
import { adapterLabel, selectBackend, type BackendSelection } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { effectiveObjectives, valueHeadCount } from '../align/objectives.js';
import { pretrainPhase, type PretrainOutcome, type PretrainSource } from '../align/pretrain-phase.js';
import { describeSource } from '../objectives/objective-sources.js';
import { probeItems, probeObjectives } from '../objectives/probe.js';
import { checkPretrainedConfig, explainPretrainedMiss } from '../pretrain/pretrained-dir.js';
import type { HuggingFaceModel } from '../align/align-run.js';
import { runContextFor, type RunContext } from './run-context.js';
import { promptStart } from '../align/prompts.js';
import { CliError } from '../cli-error.js';

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
  if (pretrainedDir !== null && config.model.path !== null)
    throw new CliError(`--pretrained ${pretrainedDir} and model.path ${config.model.path}: give one model to start from, not both`);
  const manifest = pretrainedDir === null ? null : checkPretrainedConfig(pretrainedDir, config);
  // A named backend is used as is (exact resume is promised on one backend); auto walks the order.
  const backend = await selectBackend(config.backend, { fallback: config.backend === 'auto' });
  // selectBackend also repairs tfjs-backend-wasm 4.22's float32 OneHot when it finds it faulty.
  const adapter = backend.adapter === undefined ? '' : ` on ${adapterLabel(backend.adapter)}`;
  process.stdout.write(`backend: ${backend.name}${adapter}${backend.patchedOneHot === true ? ' (OneHot kernel repaired)' : ''}\n`);

  const context = await runContextFor(config);
  process.stdout.write(
    context.huggingFace === undefined
      ? `corpus: ${context.corpus.sentences.length} sentences from ${context.corpus.files.length} files; vocabulary ${context.tokenizer.vocabSize}\n`
      : `prompts: ${context.trainPrompts.texts.length} for training, ${context.evalPrompts.texts.length} for evaluation, from ${context.corpus.files.length} files\n`,
  );
  const objectives = effectiveObjectives(config);
  await probeObjectives(objectives, context.sources, probeItems(context.evalPrompts.texts));
  process.stdout.write(`objectives: ${objectives.map((o) => `${o.name} (${describeSource(o.spec)})`).join(', ')}; probe batch scored\n`);

  if (context.huggingFace !== undefined)
    return { backend, context, pretrain: await checkHuggingFaceModel(config, context, context.huggingFace) };
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

/** Loads the model once (every tensor checked), reports it, and checks that prompt and response fit its context. */
async function checkHuggingFaceModel(config: AlignConfig, context: RunContext, hf: HuggingFaceModel): Promise<PretrainOutcome> {
  const started = Date.now();
  const { loadPretrainedModel } = await import('pama-tfjs');
  const model = await loadPretrainedModel(hf.path, {
    nValueHeads: valueHeadCount(config),
    ...(hf.lora ? { lora: hf.lora } : {}),
  }).catch((e: unknown) => {
    throw new CliError(`model.path ${hf.path}: ${(e as Error).message.split('\n')[0]}`);
  });
  try {
    const c = model.config;
    const trained = model.trainableVariables.reduce((n, v) => n + v.size, 0);
    const frozen = model.frozenVariables.reduce((n, v) => n + v.size, 0);
    const count = (n: number): string => (n < 1e6 ? `${n}` : `${(n / 1e6).toFixed(1)}M`);
    process.stdout.write(
      `model: ${c.architecture} from ${hf.path}: ${c.nLayers} layers, width ${c.dModel}, vocabulary ${c.vocabSize}, context ${c.contextLength}; ${count(trained)} parameters train${frozen > 0 ? `, ${count(frozen)} frozen (LoRA ${c.lora})` : ''}\n`,
    );
    const longest = promptStart(context.tokenizer).length + config.prompts.words + config.generation.maxNewTokens;
    if (longest > c.contextLength) {
      throw new CliError(
        'generation.maxNewTokens',
        config.generation.maxNewTokens,
        `prompt (${longest - config.generation.maxNewTokens} tokens) plus response must fit the model's context (${c.contextLength})`,
        { context: 'invalid config' },
      );
    }
    return { weights: {}, finalLoss: null, cached: false, seconds: (Date.now() - started) / 1000, cachePath: '', key: c.source };
  } finally {
    model.dispose();
  }
}
