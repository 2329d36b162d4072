// Config constraints that depend on the corpus (how many prompts it yields), checked before any
// work so that e.g. a `prompts.evalCount` larger than the held-out set fails at once, not after
// pre-training. Builds the corpus split, tokenizer and prompts exactly as the pipeline does.
import type { AlignConfig } from './align-config.js';
import type { ConfigIssue } from './validate.js';

/** The first corpus-dependent issue of `config`, or null. Loads TensorFlow.js (for the tokenizer). */
export async function corpusFitIssue(config: AlignConfig): Promise<ConfigIssue | null> {
  const { buildCorpusTokenizer } = await import('../corpus/corpus-tokenizer.js');
  const { splitHeldOut } = await import('../corpus/brown-corpus.js');
  const { buildPrompts } = await import('../corpus/prompts.js');
  const { HELD_OUT_EVERY, loadCorpus } = await import('../runner/run-context.js');
  const corpus = loadCorpus(config);
  const { train, heldOut } = splitHeldOut(corpus.sentences, HELD_OUT_EVERY);
  if (train.length === 0) {
    return {
      key: 'corpus.categories',
      value: config.corpus.categories,
      expected: `categories with sentences of ${config.corpus.minSentenceWords}..${config.corpus.maxSentenceWords} words (none found)`,
    };
  }
  const tokenizer = buildCorpusTokenizer(
    config.corpus,
    train.map((s) => s.join(' ')),
  );
  // Prompt files are checked line by line when the run context reads them.
  const trainPrompts = buildPrompts(train, tokenizer, config.prompts.words);
  if (config.data.prompts === null && trainPrompts.tokens.length === 0) {
    return {
      key: 'prompts.words',
      value: config.prompts.words,
      expected: 'a prompt length for which the corpus yields training prompts of known words (it yields none)',
    };
  }
  const evalPrompts = buildPrompts(heldOut, tokenizer, config.prompts.words);
  if (config.data.testPrompts === null && evalPrompts.tokens.length < config.prompts.evalCount) {
    return {
      key: 'prompts.evalCount',
      value: config.prompts.evalCount,
      expected: `at most ${evalPrompts.tokens.length}, the held-out prompts this corpus gives with these corpus and prompts settings`,
    };
  }
  return null;
}
