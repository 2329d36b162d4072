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

/** Every k-th sentence is held out of pre-training and alignment, for evaluation prompts. */
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
  const corpus = loadBrownCorpus(config.corpus);
  const { train, heldOut } = splitHeldOut(corpus.sentences, HELD_OUT_EVERY);
  const tokenizer = buildCorpusTokenizer(config.corpus, train.map((s) => s.join(' ')));
  const modelConfig: TransformerConfig = { ...config.model, vocabSize: tokenizer.vocabSize, nValueHeads: objectiveNames(config).length };
  // Sentences end to end, each as BOS … EOS, so the model learns where a response may stop.
  const sequences = train.map((s) => [tokenizer.bosId, ...tokenizer.encode(s.join(' ')), tokenizer.eosId]);
  const trainPrompts = buildPrompts(train, tokenizer, config.prompts.words);
  const evalAll = buildPrompts(heldOut, tokenizer, config.prompts.words);
  if (evalAll.tokens.length < config.prompts.evalCount) throw new CliError(`prompts.evalCount = ${config.prompts.evalCount}: only ${evalAll.tokens.length} held-out prompts exist`);
  const evalPrompts = { tokens: evalAll.tokens.slice(0, config.prompts.evalCount), texts: evalAll.texts.slice(0, config.prompts.evalCount) };
  return { corpus, tokenizer, modelConfig, sequences, trainPrompts, evalPrompts, sources: objectiveSources(config, tokenizer) };
}
