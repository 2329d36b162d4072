import { join } from 'node:path';

/**
 * The tiny `pama align` settings the end-to-end tests run with (a one-layer 16-wide model on the CPU
 * backend, 8 pre-training steps, the word tokenizer on the press reviews, so no BPE is learnt): what
 * they test is behaviour, not quality. `dir` holds the
 * pre-training cache; `overrides` adds or replaces top-level keys (methods, seeds, steps, …).
 *
 * @example
 * writeFileSync(config, JSON.stringify(tinyConfig(dir, { methods: ['pama'], steps: 2 })));
 */
export function tinyConfig(dir: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    backend: 'cpu',
    cacheDir: join(dir, 'cache'),
    corpus: { categories: ['c'], maxSentenceWords: 40, tokenizer: 'word', maxVocabulary: 300 },
    model: { contextLength: 16, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32 },
    pretrain: { steps: 8, batchSize: 8 },
    ppo: { batchSize: 8, minibatchSize: 8 },
    generation: { maxNewTokens: 8 },
    prompts: { evalCount: 16, samplesShown: 2 },
    ...overrides,
  };
}
