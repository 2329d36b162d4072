// Prompts for alignment and evaluation: BOS plus the first words of corpus sentences, all of
// one token length (the trainer and generate() need a common prompt length). With a subword
// tokenizer a prompt of k tokens can stop inside a word ("the may" of "the mayor"); such prompts are
// skipped, so every prompt ends where a word ends and the response starts a new one.
import type { Rng, Tokenizer } from 'pama-tfjs';

export interface PromptSet {
  /** Token ids: promptStart(tokenizer), then `words` tokens. */
  readonly tokens: ReadonlyArray<readonly number[]>;
  readonly texts: readonly string[];
}

/**
 * What every prompt starts with: a Hugging Face tokenizer's own prefix (Llama's BOS; none for
 * GPT-2 and Qwen2, as transformers does), else the project tokenizers' BOS.
 */
export function promptStart(tokenizer: Tokenizer): readonly number[] {
  return (tokenizer as { readonly promptPrefix?: readonly number[] }).promptPrefix ?? [tokenizer.bosId];
}

export function buildPrompts(sentences: ReadonlyArray<readonly string[]>, tokenizer: Tokenizer, words: number): PromptSet {
  const tokens: number[][] = [];
  const texts: string[] = [];
  const seen = new Set<string>();
  for (const sentence of sentences) {
    const ids = tokenizer
      .encode(sentence.join(' '))
      .filter((id) => id !== tokenizer.bosId && id !== tokenizer.eosId && id !== tokenizer.padId);
    if (ids.length < words) continue;
    const head = ids.slice(0, words);
    // Prompts made of unknown words say nothing; keep prompts whose words the model knows.
    if (head.includes(tokenizer.unkId)) continue;
    const key = head.join(',');
    if (seen.has(key)) continue;
    const text = tokenizer.decode(head);
    if (ids.length > words && splitsWord(tokenizer, head, ids[words]!, text)) continue;
    seen.add(key);
    tokens.push([...promptStart(tokenizer), ...head]);
    texts.push(text);
  }
  return { tokens, texts };
}

/** The trainer's prompt sampler: uniform draws from the prompt set with the trainer's RNG. */
export function uniformPromptSampler(prompts: PromptSet) {
  return (rng: Rng, batchSize: number): number[][] =>
    Array.from({ length: batchSize }, () => [...prompts.tokens[rng.nextUint32() % prompts.tokens.length]]);
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Whether cutting before `next` splits a word: the text of `head` (`headText`, when the caller has
 * already decoded it) ends in a letter or digit and `next` continues it with another (no space
 * between). A token that ends inside a multi-byte character (the decoded head is not a prefix of
 * the longer decode) also counts as a split.
 */
export function splitsWord(tokenizer: Tokenizer, head: readonly number[], next: number, headText = tokenizer.decode(head)): boolean {
  const longer = tokenizer.decode([...head, next]);
  if (!longer.startsWith(headText)) return true;
  const last = headText.at(-1);
  const following = longer.charAt(headText.length);
  return last !== undefined && WORD_CHARACTER.test(last) && WORD_CHARACTER.test(following);
}
