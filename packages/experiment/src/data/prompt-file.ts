// Prompts from the user's file for training (data.prompts) or evaluation (data.testPrompts).
// The trainer and generate() batch prompts of one token length, so each prompt is cut to its first
// prompts.words tokens; a shorter prompt is an error naming its line (lower prompts.words to keep it).
import type { Tokenizer } from 'pama-tfjs';
import { promptStart, type PromptSet } from '../corpus/prompts.js';
import { ExperimentError } from '../experiment-error.js';
import { readTextRecords } from './text-records.js';

/** A prompt's content tokens (no BOS/EOS/padding). */
export function contentTokens(tokenizer: Tokenizer, text: string): number[] {
  return tokenizer.encode(text).filter((id) => id !== tokenizer.bosId && id !== tokenizer.eosId && id !== tokenizer.padId);
}

/**
 * Reads a prompt file (.txt one per line, .jsonl {"text"|"prompt": …} per line) into a PromptSet
 * of BOS + `words` tokens each. `what` names the config key in errors.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('prompts.txt', 'the cat sat on the mat\nthe dog ran home\n');
 * const corpus = { ...DEFAULT_ALIGN_CONFIG.corpus, tokenizer: 'word', minWordCount: 1 } as const;
 * const tokenizer = buildCorpusTokenizer(corpus, ['the cat sat on the mat', 'the dog ran home']);
 * promptsFromFile('prompts.txt', tokenizer, 2, 'data.prompts').texts; // ['the cat', 'the dog']
 */
export function promptsFromFile(path: string, tokenizer: Tokenizer, words: number, what: string): PromptSet {
  const tokens: number[][] = [];
  const texts: string[] = [];
  for (const record of readTextRecords(path, what, ['text', 'prompt'])) {
    const ids = contentTokens(tokenizer, record.text);
    if (ids.length < words) {
      throw new ExperimentError(
        `${what} file ${path}:${record.line}: the prompt has ${ids.length} tokens, fewer than prompts.words = ${words} (lower prompts.words or lengthen the prompt)`,
      );
    }
    const head = ids.slice(0, words);
    tokens.push([...promptStart(tokenizer), ...head]);
    texts.push(tokenizer.decode(head));
  }
  return { tokens, texts };
}
