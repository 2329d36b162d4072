// The corpus and the prompts: the Brown corpus, the tokenizer fitted to it and the prompts cut from it.
export * from './brown-corpus.js';
export * from './corpus-tokenizer.js';
export * from './prompts.js';
