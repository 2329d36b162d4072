// A folder that cannot serve as a classifier is refused with one line naming the folder and the
// problem: when the source is built (what can be read without a runtime), else when the model is
// loaded (what only the runtime can tell), before any item is scored.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ClassifierError, classifierReward, loadClassifier } from '../src/index.js';
import { REWARD, SENTIMENT, copyFixture, editJson } from './support/fixtures.js';

/** Expects `act` to throw (or reject with) one ClassifierError line that names `dir` and contains `problem`. */
async function refused(act: () => unknown, dir: string, problem: string): Promise<void> {
  let error: unknown;
  try {
    await act();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ClassifierError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(message.startsWith(`classifier folder ${dir}: `)).toBe(true);
  expect(message).toContain(problem);
}

/** Replaces every occurrence of an ASCII string in a file by another of the same length (an ONNX name). */
function renameInFile(path: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const bytes = readFileSync(path);
  writeFileSync(path, Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1'));
}

function withCopy(from: string, edit: (dir: string) => void, test: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const copy = copyFixture(from, edit);
    try {
      await test(copy.dir);
    } finally {
      copy.cleanup();
    }
  };
}

describe('refused when the source is built', () => {
  it('a folder that does not exist', async () => {
    await refused(
      () => classifierReward({ name: 'x', dir: '/nonexistent/model', label: 'POSITIVE' }),
      '/nonexistent/model',
      'dir: not a directory',
    );
  });

  it(
    'a folder without model.onnx',
    withCopy(
      SENTIMENT,
      (dir) => rmSync(join(dir, 'onnx'), { recursive: true }),
      (dir) =>
        refused(
          () => classifierReward({ name: 'x', dir, label: 'POSITIVE' }),
          dir,
          'no ONNX model in the folder (looked for onnx/model.onnx and model.onnx)',
        ),
    ),
  );

  it(
    'a model file that is empty',
    withCopy(
      SENTIMENT,
      (dir) => writeFileSync(join(dir, 'onnx', 'model.onnx'), ''),
      (dir) => refused(() => classifierReward({ name: 'x', dir, label: 'POSITIVE' }), dir, 'onnx/model.onnx: an empty file'),
    ),
  );

  it(
    'a config.json that is not JSON',
    withCopy(
      SENTIMENT,
      (dir) => writeFileSync(join(dir, 'config.json'), '{"id2label": '),
      (dir) => refused(() => classifierReward({ name: 'x', dir, label: 'POSITIVE' }), dir, 'config.json: not valid JSON'),
    ),
  );

  it(
    'a config.json without id2label',
    withCopy(
      SENTIMENT,
      (dir) => editJson(dir, 'config.json', (json) => delete json.id2label),
      (dir) => refused(() => classifierReward({ name: 'x', dir, logit: 0 }), dir, 'config.json id2label: an object naming each output'),
    ),
  );

  it(
    "a tokenizer with more tokens than the model's embedding rows (config.json vocab_size)",
    withCopy(
      SENTIMENT,
      (dir) =>
        editJson(dir, 'config.json', (json) => {
          json.vocab_size = 100;
        }),
      (dir) =>
        refused(
          () => classifierReward({ name: 'x', dir, label: 'POSITIVE' }),
          dir,
          "tokenizer.json: a token id past the model's 100 embedding rows",
        ),
    ),
  );

  it('a label the model does not have, a logit index out of range, both label and logit', async () => {
    await refused(
      () => classifierReward({ name: 'x', dir: SENTIMENT, label: 'positive' }),
      SENTIMENT,
      'label: not a label of this model: NEGATIVE, POSITIVE',
    );
    await refused(() => classifierReward({ name: 'x', dir: SENTIMENT, logit: 2 }), SENTIMENT, 'logit: an output index from 0 to 1');
    await refused(() => classifierReward({ name: 'x', dir: SENTIMENT, logit: 'NEUTRAL' }), SENTIMENT, 'logit: not a label of this model');
    await refused(() => classifierReward({ name: 'x', dir: SENTIMENT, label: 'POSITIVE', logit: 1 }), SENTIMENT, 'not both');
    await refused(() => classifierReward({ name: 'x', dir: SENTIMENT }), SENTIMENT, 'this model has 2 outputs: choose one with label');
  });

  it('a maxLength beyond the tokenizer limit, or too small for the special tokens', async () => {
    await refused(
      () => classifierReward({ name: 'x', dir: REWARD, maxLength: 65 }),
      REWARD,
      "maxLength: an integer of at least 5 and at most the model's limit of 64",
    );
    await refused(() => classifierReward({ name: 'x', dir: REWARD, maxLength: 3 }), REWARD, 'maxLength: an integer of at least 5');
  });
});

describe('refused when the model is loaded, before any item is scored', () => {
  it(
    'a model.onnx that is corrupt: a load rejects, and a score is a Left whose error is the same one line',
    withCopy(
      SENTIMENT,
      (dir) => {
        const path = join(dir, 'onnx', 'model.onnx');
        const bytes = readFileSync(path);
        writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
      },
      async (dir) => {
        const source = classifierReward({ name: 'positive', dir, label: 'POSITIVE' });
        await refused(() => source.load(), dir, 'onnx/model.onnx: not a model onnxruntime-');
        const result = await source.score([{ prompt: 'p', response: 'r' }])();
        expect(E.isLeft(result) && result.left.kind).toBe('function-threw');
        const cause = E.isLeft(result) ? result.left.cause : undefined;
        expect(cause?.kind === 'function-threw' && cause.error).toBeInstanceOf(ClassifierError);
      },
    ),
  );

  it(
    "a tokenizer that is not the model's: ids past the embedding when config.json does not say the vocabulary size",
    withCopy(
      SENTIMENT,
      (dir) => {
        editJson(dir, 'config.json', (json) => delete json.vocab_size);
        editJson(dir, 'tokenizer.json', (json) => {
          const vocab = (json.model as { vocab: Record<string, number> }).vocab;
          for (let i = 0; i < 50; i++) vocab[`extra${i}`] = Object.keys(vocab).length;
        });
      },
      (dir) => refused(() => loadClassifier(dir), dir, "tokenizer.json: the model rejects the tokenizer's largest token id"),
    ),
  );

  it(
    'an id2label that names more labels than the model has outputs',
    withCopy(
      SENTIMENT,
      (dir) =>
        editJson(dir, 'config.json', (json) => {
          json.id2label = { 0: 'NEGATIVE', 1: 'NEUTRAL', 2: 'POSITIVE' };
        }),
      (dir) => refused(() => loadClassifier(dir), dir, 'config.json id2label: names 3 outputs, but onnx/model.onnx has 2'),
    ),
  );

  it(
    'a tokenizer_config.json that allows more tokens than the model has positions',
    withCopy(
      REWARD,
      (dir) =>
        editJson(dir, 'tokenizer_config.json', (json) => {
          json.model_max_length = 128;
        }),
      (dir) => refused(() => loadClassifier(dir), dir, 'maxLength: the model cannot take 128 tokens: lower maxLength'),
    ),
  );

  it(
    'a model whose inputs are not a text classifier’s',
    withCopy(
      REWARD,
      (dir) => renameInFile(join(dir, 'onnx', 'model.onnx'), 'attention_mask', 'attention_xxxx'),
      (dir) => refused(() => loadClassifier(dir), dir, 'onnx/model.onnx: an input a sequence classifier does not take'),
    ),
  );
});
