// Everything an alignment run needs besides the pre-trained weights, derived from the config alone:
// corpus → tokenizer → pre-training sequences, training and evaluation prompts, reward sources.
// The pipeline and each parallel worker process call this same function, so a worker sees exactly
// the data the serial path would (nothing is re-derived differently across processes).
import type { HfTokenizer, LoraOptions, Tokenizer, TransformerConfig, WeightMap } from 'pama-tfjs';
import { buildCorpusTokenizer } from '../corpus/corpus-tokenizer.js';
import type { HuggingFaceModel, RunInputs } from '../align/align-run.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RewardSource } from 'pama-rewards';
import { modelSize, type AlignConfig, type Method } from '../config/align-config.js';
import { ExperimentError } from '../experiment-error.js';
import { loadBrownCorpus, splitHeldOut, type Corpus } from '../corpus/brown-corpus.js';
import { buildPrompts, type PromptSet } from '../corpus/prompts.js';
import { objectiveNames, objectiveSources } from '../align/objectives.js';
import { loadTextCorpus } from '../data/text-corpus.js';
import { promptsFromFile } from '../data/prompt-file.js';

/** Every k-th sentence is held out of pre-training and alignment, for evaluation prompts. */
export const HELD_OUT_EVERY = 6;

export interface RunContext {
  readonly corpus: Corpus;
  readonly tokenizer: Tokenizer;
  readonly modelConfig: TransformerConfig;
  /** Training sentences end to end, each as BOS … EOS, for pre-training. */
  readonly sequences: ReadonlyArray<readonly number[]>;
  readonly trainPrompts: PromptSet;
  readonly evalPrompts: PromptSet;
  readonly sources: readonly RewardSource[];
  /** Set when the config aligns a Hugging Face model (model.path) instead of pre-training the built-in one. */
  readonly huggingFace?: HuggingFaceModel;
}

/** One run of the matrix as the serial path and a worker process both describe it to alignRun. */
export interface RunTask {
  readonly config: AlignConfig;
  readonly method: Method;
  readonly seed: number;
  readonly outDir: string;
  /** `pama sweep`: the run's preference and its directory name (see RunSpec). */
  readonly preference?: readonly number[];
  readonly label?: string;
}

/**
 * alignRun's inputs for one task: the shared context, the pre-trained weights (ignored for a
 * Hugging Face model, which alignRun loads from its directory) and the task's own fields. The one
 * place they are assembled, so a run in a worker process gets exactly what the serial path gives.
 */
export function runInputsFor(context: RunContext, pretrained: WeightMap, task: RunTask): RunInputs {
  return {
    config: task.config,
    method: task.method,
    seed: task.seed,
    modelConfig: context.modelConfig,
    pretrained,
    tokenizer: context.tokenizer,
    trainPrompts: context.trainPrompts,
    evalPrompts: context.evalPrompts,
    sources: context.sources,
    outDir: task.outDir,
    ...(context.huggingFace ? { huggingFace: context.huggingFace } : {}),
    ...(task.preference ? { preference: task.preference, label: task.label } : {}),
  };
}

/**
 * Builds the run context of a config (deterministic: same config, same context).
 * @example
 *   const context = prepareRunContext(DEFAULT_ALIGN_CONFIG);
 *   context.evalPrompts.texts.length; // 64
 */
export function prepareRunContext(config: AlignConfig): RunContext {
  const corpus = loadCorpus(config);
  const { train, heldOut } = splitHeldOut(corpus.sentences, HELD_OUT_EVERY);
  const tokenizer = buildCorpusTokenizer(
    config.corpus,
    train.map((s) => s.join(' ')),
  );
  const modelConfig: TransformerConfig = {
    ...modelSize(config),
    vocabSize: tokenizer.vocabSize,
    nValueHeads: objectiveNames(config).length,
  };
  // Sentences end to end, each as BOS … EOS, so the model learns where a response may stop.
  const sequences = train.map((s) => [tokenizer.bosId, ...tokenizer.encode(s.join(' ')), tokenizer.eosId]);
  const trainPrompts =
    config.data.prompts === null
      ? buildPrompts(train, tokenizer, config.prompts.words)
      : promptsFromFile(config.data.prompts, tokenizer, config.prompts.words, 'data.prompts');
  const evalPrompts = evalPromptSet(config, tokenizer, heldOut);
  return { corpus, tokenizer, modelConfig, sequences, trainPrompts, evalPrompts, sources: objectiveSources(config, tokenizer) };
}

/**
 * The run context of any config: prepareRunContext's, or with model.path a Hugging Face model's —
 * its tokenizer and sizes, prompts from the corpus (nothing to pre-train).
 * @example (await runContextFor(DEFAULT_ALIGN_CONFIG)).tokenizer.vocabSize; // 2000
 */
export async function runContextFor(config: AlignConfig): Promise<RunContext> {
  return config.model.path === null ? prepareRunContext(config) : prepareHuggingFaceContext(config, config.model.path);
}

function loraOptions(config: AlignConfig): LoraOptions | undefined {
  const { rank, alpha, targets } = config.model.lora;
  return rank === 0 ? undefined : { rank, ...(alpha === null ? {} : { alpha }), ...(targets === null ? {} : { targets }) };
}

async function prepareHuggingFaceContext(config: AlignConfig, path: string): Promise<RunContext> {
  const { architectureFor, loadHfTokenizer, openSafetensorsCheckpoint } = await import('pama-tfjs');
  let tokenizer: HfTokenizer;
  let sizes: Omit<TransformerConfig, 'nValueHeads'>;
  try {
    tokenizer = await loadHfTokenizer(path);
    const checkpoint = await openSafetensorsCheckpoint(path);
    try {
      const configPath = join(path, 'config.json');
      sizes = architectureFor(JSON.parse(readFileSync(configPath, 'utf8')), new Set(checkpoint.tensors.keys()), configPath).sizes;
    } finally {
      await checkpoint.close();
    }
  } catch (e) {
    throw new ExperimentError(`model.path ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const corpus = loadCorpus(config);
  const { train, heldOut } = splitHeldOut(corpus.sentences, HELD_OUT_EVERY);
  const trainPrompts =
    config.data.prompts === null
      ? buildPrompts(train, tokenizer, config.prompts.words)
      : promptsFromFile(config.data.prompts, tokenizer, config.prompts.words, 'data.prompts');
  if (trainPrompts.tokens.length === 0)
    throw new ExperimentError(
      'prompts.words',
      config.prompts.words,
      `a prompt length for which the corpus yields training prompts under ${path}'s tokenizer (it yields none)`,
      { context: 'invalid config' },
    );
  const lora = loraOptions(config);
  return {
    corpus,
    tokenizer,
    modelConfig: { ...sizes, nValueHeads: objectiveNames(config).length },
    sequences: [],
    trainPrompts,
    evalPrompts: evalPromptSet(config, tokenizer, heldOut),
    sources: objectiveSources(config, tokenizer),
    huggingFace: { path, stopIds: tokenizer.stopIds, ...(lora === undefined ? {} : { lora }) },
  };
}

/** The corpus of `data.corpus`: the bundled Brown corpus, or the user's text / JSONL file. */
export function loadCorpus(config: AlignConfig): Corpus {
  return config.data.corpus === 'brown' ? loadBrownCorpus(config.corpus) : loadTextCorpus(config.data.corpus, config.corpus);
}

/**
 * The evaluation prompts: the first prompts.evalCount of `data.testPrompts` when set, otherwise of
 * the held-out corpus sentences (`heldOut`, default: loaded from the config's corpus).
 */
export function evalPromptSet(config: AlignConfig, tokenizer: Tokenizer, heldOut?: ReadonlyArray<readonly string[]>): PromptSet {
  const count = config.prompts.evalCount;
  if (config.data.testPrompts !== null) {
    const all = promptsFromFile(config.data.testPrompts, tokenizer, config.prompts.words, 'data.testPrompts');
    return { tokens: all.tokens.slice(0, count), texts: all.texts.slice(0, count) };
  }
  const sentences = heldOut ?? splitHeldOut(loadCorpus(config).sentences, HELD_OUT_EVERY).heldOut;
  const all = buildPrompts(sentences, tokenizer, config.prompts.words);
  if (all.tokens.length < count)
    throw new ExperimentError(`prompts.evalCount = ${count}: only ${all.tokens.length} held-out prompts exist`);
  return { tokens: all.tokens.slice(0, count), texts: all.texts.slice(0, count) };
}
