// The align pipeline: corpus → tokenizer → pre-training (cached) → every method × seed →
// evaluation → metrics.json, report.html and a summary table.
import { join } from 'node:path';
import { selectBackend, type TransformerConfig } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { CliError } from '../cli-error.js';
import { loadBrownCorpus, splitHeldOut } from './brown-corpus.js';
import { buildCorpusTokenizer } from './corpus-tokenizer.js';
import { buildPrompts } from './prompts.js';
import { OBJECTIVES, objectiveSources } from './objectives.js';
import { pretrainPhase } from './pretrain-phase.js';
import { alignRun } from './align-run.js';
import type { Metrics, RunMetrics } from '../report/metrics.js';
import { writeJsonAtomic, writeFileAtomic } from '../io/atomic-write.js';
import { renderReport } from '../report/render-report.js';
import { formatTestTable } from '../report/test-table.js';

/** Every k-th sentence is held out of pre-training and alignment, for evaluation prompts. */
const HELD_OUT_EVERY = 6;

export async function alignPipeline(config: AlignConfig, outDir: string): Promise<Metrics> {
  const started = Date.now();
  // A named backend is used as is (exact resume is promised on one backend); auto walks the order.
  const backend = await selectBackend(config.backend, { fallback: config.backend === 'auto' });
  // selectBackend also repairs tfjs-backend-wasm 4.22's float32 OneHot when it finds it faulty.
  process.stdout.write(`backend: ${backend.name}${backend.patchedOneHot === true ? ' (OneHot kernel repaired)' : ''}\n`);

  const corpus = loadBrownCorpus(config.corpus);
  const { train, heldOut } = splitHeldOut(corpus.sentences, HELD_OUT_EVERY);
  const tokenizer = buildCorpusTokenizer(config.corpus, train.map((s) => s.join(' ')));
  process.stdout.write(`corpus: ${corpus.sentences.length} sentences from ${corpus.files.length} files; ${config.corpus.tokenizer} vocabulary ${tokenizer.vocabSize}\n`);
  const modelConfig: TransformerConfig = { ...config.model, vocabSize: tokenizer.vocabSize, nValueHeads: OBJECTIVES.length };
  // Sentences end to end, each as BOS … EOS, so the model learns where a response may stop.
  const sequences = train.map((s) => [tokenizer.bosId, ...tokenizer.encode(s.join(' ')), tokenizer.eosId]);
  const pretrain = await pretrainPhase(config, outDir, modelConfig, tokenizer, corpus.hash, sequences, backend.name);

  const trainPrompts = buildPrompts(train, tokenizer, config.prompts.words);
  const evalAll = buildPrompts(heldOut, tokenizer, config.prompts.words);
  if (evalAll.tokens.length < config.prompts.evalCount) throw new CliError(`prompts.evalCount = ${config.prompts.evalCount}: only ${evalAll.tokens.length} held-out prompts exist`);
  const evalPrompts = { tokens: evalAll.tokens.slice(0, config.prompts.evalCount), texts: evalAll.texts.slice(0, config.prompts.evalCount) };
  const sources = objectiveSources(config, tokenizer);

  const runs: RunMetrics[] = [];
  for (const method of config.methods) {
    for (const seed of config.seeds) {
      runs.push(await alignRun({ config, method, seed, modelConfig, pretrained: pretrain.weights, tokenizer, trainPrompts, evalPrompts, sources, outDir }));
    }
  }
  const metrics: Metrics = {
    objectives: [...OBJECTIVES],
    backend: backend.name,
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
