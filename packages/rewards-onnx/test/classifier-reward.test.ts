// The classifier as a reward source: which number of the output row is the score (a label's
// probability, a raw logit by label or by index, a scalar model's only output), what is scored
// (the response alone, or the prompt and response as a pair), in batches, beside other sources.
import * as E from 'fp-ts/lib/Either.js';
import { lengthReward, scoreAll } from 'pama-rewards';
import { describe, expect, it } from 'vitest';
import { ClassifierError, classifierReward, loadClassifier } from '../src/index.js';
import { EXPECTED, REWARD, SENTIMENT } from './support/fixtures.js';

const byText = (name: 'tiny-sentiment' | 'tiny-reward', text: string, pair?: string) => {
  const found = EXPECTED[name].find((c) => c.text === text && c.pair === pair && c.maxLength === undefined);
  if (found === undefined) throw new Error(`no expected case for ${text}`);
  return found.logits;
};
const softmax = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};
const items = [
  { prompt: 'Review the film.', response: 'What a wonderful, joyful evening!' },
  { prompt: 'Review the film.', response: 'The food was cold and the service was dreadful.' },
  { prompt: 'Say thanks.', response: 'No.' },
];

async function scores(source: ReturnType<typeof classifierReward>, batch = items): Promise<number[]> {
  const result = await source.score(batch)();
  if (E.isLeft(result)) throw result.left;
  return Array.from(result.right);
}

describe('classifierReward', () => {
  it("label: the label's softmax probability of the response", async () => {
    const positive = classifierReward({ name: 'positive', dir: SENTIMENT, label: 'POSITIVE', runtime: 'onnxruntime-web' });
    const negative = classifierReward({ name: 'negative', dir: SENTIMENT, label: 'NEGATIVE', runtime: 'onnxruntime-web' });
    const [p, n] = [await scores(positive), await scores(negative)];
    items.slice(0, 2).forEach((item, i) => {
      const [pn, pp] = softmax(byText('tiny-sentiment', item.response));
      expect(p[i]).toBeCloseTo(pp, 5);
      expect(n[i]).toBeCloseTo(pn, 5);
    });
    p.forEach((x, i) => expect(x + n[i]).toBeCloseTo(1, 6));
    // The model was trained on sentiment: the joyful text is positive, the dreadful one negative.
    expect(p[0]).toBeGreaterThan(0.5);
    expect(p[1]).toBeLessThan(0.5);
    expect(positive.describe).toBe('probability of POSITIVE');
  });

  it('logit: a raw output by label or by index', async () => {
    const byLabel = classifierReward({ name: 'raw', dir: SENTIMENT, logit: 'POSITIVE' });
    const byIndex = classifierReward({ name: 'raw1', dir: SENTIMENT, logit: 1 });
    const [a, b] = [await scores(byLabel), await scores(byIndex)];
    expect(a).toEqual(b);
    items.slice(0, 2).forEach((item, i) => expect(a[i]).toBeCloseTo(byText('tiny-sentiment', item.response)[1], 4));
    expect(byIndex.describe).toBe('logit 1 (POSITIVE)');
  });

  it('a scalar reward model: its only logit by default, and label gives its sigmoid (softmax of one output would be 1)', async () => {
    const reward = classifierReward({ name: 'reward', dir: REWARD });
    const probability = classifierReward({ name: 'p', dir: REWARD, label: 'LABEL_0' });
    const [r, p] = [await scores(reward), await scores(probability)];
    items.slice(0, 2).forEach((item, i) => expect(r[i]).toBeCloseTo(byText('tiny-reward', item.response)[0], 4));
    r.forEach((x, i) => expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-x)), 6));
    expect(new Set(r.map((x) => x.toFixed(3))).size).toBe(3);
  });

  it('pair: scores prompt and response together, as [CLS] prompt [SEP] response [SEP]', async () => {
    const pairs = [
      { prompt: 'Review the film.', response: 'A moving film with a superb cast, I loved it.' },
      { prompt: 'Say thanks.', response: 'No.' },
    ];
    for (const [name, dir] of [
      ['tiny-sentiment', SENTIMENT],
      ['tiny-reward', REWARD],
    ] as const) {
      const source = classifierReward({ name: 'pair', dir, logit: 0, pair: true });
      const alone = classifierReward({ name: 'alone', dir, logit: 0 });
      const [withPrompt, without] = [await scores(source, pairs), await scores(alone, pairs)];
      pairs.forEach((item, i) => expect(withPrompt[i]).toBeCloseTo(byText(name, item.prompt, item.response)[0], 4));
      expect(withPrompt[0]).not.toBeCloseTo(without[0], 3);
    }
  });

  it('scores a batch larger than batchSize in several model calls, in item order, beside other sources', async () => {
    const many = Array.from({ length: 23 }, (_, i) => items[i % items.length]);
    const source = classifierReward({ name: 'positive', dir: SENTIMENT, label: 'POSITIVE', batchSize: 4 });
    const result = await scoreAll([source, lengthReward({ name: 'length', unit: 'words', scale: 0.1, min: 0, max: 1 })], many)();
    if (E.isLeft(result)) throw result.left;
    const single = await scores(source);
    for (let i = 0; i < many.length; i++) expect(result.right.get(i, 0)).toBeCloseTo(single[i % items.length], 5);
  });

  it('shares one loaded model between sources', async () => {
    const classifier = await loadClassifier(SENTIMENT);
    const a = classifierReward({ name: 'pos', classifier, label: 'POSITIVE' });
    const b = classifierReward({ name: 'neg', classifier, label: 'NEGATIVE' });
    expect(await a.load()).toBe(await b.load());
    const [p, n] = [await scores(a), await scores(b)];
    p.forEach((x, i) => expect(x + n[i]).toBeCloseTo(1, 6));
    expect(a.files).toEqual(classifier.files);
    await classifier.release();
  });

  it('says which files it reads: config, tokenizer, tokenizer config and model', () => {
    const source = classifierReward({ name: 'positive', dir: SENTIMENT, label: 'POSITIVE' });
    expect(source.files.map((f) => f.slice(SENTIMENT.length + 1))).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model.onnx',
    ]);
  });

  it('throws a ClassifierError naming the folder for a label the model does not have, when built', () => {
    expect(() => classifierReward({ name: 'x', dir: SENTIMENT, label: 'POSITVE' })).toThrow(ClassifierError);
    expect(() => classifierReward({ name: 'x', dir: SENTIMENT, label: 'POSITVE' })).toThrow(
      `classifier folder ${SENTIMENT}: label: not a label of this model: NEGATIVE, POSITIVE (config.json id2label) (got "POSITVE")`,
    );
  });
});
