// The files the API examples open, made in the directory the examples run in, under the paths a
// reader would have: tiny random Hugging Face checkpoints written by the project's safetensors
// writer (models/gpt2, a Llama and a Qwen2 with a chat template), a policy saved by savePolicy,
// and the classifier folders pama-rewards-onnx is tested on (models/distilbert-sst2, a two-label
// sentiment classifier; models/reward-model, a one-output reward model).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { buildWordTokenizer, createPolicyValueModel, QUICK_MODEL_CONFIG, savePolicy } from 'pama-tfjs';
import { REWARD, SENTIMENT } from '../../packages/rewards-onnx/test/support/fixtures.js';
import { writeTinyCheckpoint } from '../../packages/tfjs/test/pretrained-fixtures.js';

/** Where the examples find each file, relative to the directory they run in. */
export const EXAMPLE_FILES = {
  gpt2: 'models/gpt2',
  llama: 'models/llama',
  qwen2: 'models/qwen2-chat',
  policy: 'runs/quick/runs/pama-sample-seed1/policy',
  sentiment: 'models/distilbert-sst2',
  rewardModel: 'models/reward-model',
} as const;

export async function writeExampleFiles(dir: string): Promise<void> {
  await writeTinyCheckpoint(join(dir, EXAMPLE_FILES.gpt2), { modelType: 'gpt2' });
  await writeTinyCheckpoint(join(dir, EXAMPLE_FILES.llama), { modelType: 'llama' });
  await writeTinyCheckpoint(join(dir, EXAMPLE_FILES.qwen2), { modelType: 'qwen2' });
  cpSync(SENTIMENT, join(dir, EXAMPLE_FILES.sentiment), { recursive: true });
  cpSync(REWARD, join(dir, EXAMPLE_FILES.rewardModel), { recursive: true });
  const tokenizer = buildWordTokenizer(['the cat sat on the mat'], { maxVocab: 20 });
  const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: tokenizer.vocabSize }, { seed: 1 });
  try {
    await savePolicy(join(dir, EXAMPLE_FILES.policy), model, tokenizer, { metadata: { method: 'pama' } });
  } finally {
    model.dispose();
  }
}
