// Everything an alignment run needs besides the pre-trained weights, derived from the config alone:
// corpus → tokenizer → pre-training sequences, training and evaluation prompts, reward sources.
// The pipeline and each parallel worker process call this same function, so a worker sees exactly
// the data the serial path would (nothing is re-derived differently across processes).
import type { Tokenizer, TransformerConfig } from 'pama-tfjs';
import { buildCorpusTokenizer } from '../align/corpus-tokenizer.js';
import type { RewardSource } from 'pama-rewards';
import type { AlignConfig } from '../config/align-config.js';
import { CliError } from '../cli-error.js';
import { loadBrownCorpus, splitHeldOut, type Corpus } from '../align/brown-corpus.js';
import { buildPrompts, type PromptSet } from '../align/prompts.js';
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
}

/**
 * Builds the run context of a config (deterministic: same config, same context).
 * @example
 *   const context = prepareRunContext(config);
 *   console.log(context.tokenizer.vocabSize, context.evalPrompts.texts.length);
 */
export function prepareRunContext(config: AlignConfig): RunContext {
  const corpus = loadCorpus(config);
  const { train, heldOut } = splitHeldOut(corpus.sentences, HELD_OUT_EVERY);
  const tokenizer = buildCorpusTokenizer(
    config.corpus,
    train.map((s) => s.join(' ')),
  );
  const modelConfig: TransformerConfig = { ...config.model, vocabSize: tokenizer.vocabSize, nValueHeads: objectiveNames(config).length };
  // Sentences end to end, each as BOS … EOS, so the model learns where a response may stop.
  const sequences = train.map((s) => [tokenizer.bosId, ...tokenizer.encode(s.join(' ')), tokenizer.eosId]);
  const trainPrompts =
    config.data.prompts === null
      ? buildPrompts(train, tokenizer, config.prompts.words)
      : promptsFromFile(config.data.prompts, tokenizer, config.prompts.words, 'data.prompts');
  const evalPrompts = evalPromptSet(config, tokenizer, heldOut);
  return { corpus, tokenizer, modelConfig, sequences, trainPrompts, evalPrompts, sources: objectiveSources(config, tokenizer) };
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
  if (all.tokens.length < count) throw new CliError(`prompts.evalCount = ${count}: only ${all.tokens.length} held-out prompts exist`);
  return { tokens: all.tokens.slice(0, count), texts: all.texts.slice(0, count) };
}
