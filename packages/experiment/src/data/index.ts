// Prompt and text files a run reads: one text per line or JSON lines with a text field.
export * from './prompt-file.js';
export * from './text-corpus.js';
export * from './text-records.js';
