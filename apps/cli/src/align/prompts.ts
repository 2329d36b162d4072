// Prompts for alignment and evaluation: BOS plus the first words of corpus sentences, all of
// one token length (the trainer and generate() need a common prompt length).
import type { Rng, Tokenizer } from 'pama-tfjs';

export interface PromptSet {
  /** Token ids, each of length 1 + words. */
  readonly tokens: ReadonlyArray<readonly number[]>;
  readonly texts: readonly string[];
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
    seen.add(key);
    tokens.push([tokenizer.bosId, ...head]);
    texts.push(tokenizer.decode(head));
  }
  return { tokens, texts };
}

/** The trainer's prompt sampler: uniform draws from the prompt set with the trainer's RNG. */
export function uniformPromptSampler(prompts: PromptSet) {
  return (rng: Rng, batchSize: number): number[][] =>
    Array.from({ length: batchSize }, () => [...prompts.tokens[rng.nextUint32() % prompts.tokens.length]]);
}
