// The classifier against the independent implementation that made the fixtures (a BERT WordPiece
// tokenizer and the two models in plain PyTorch, test/fixtures/make_fixtures.py): the same token
// ids and type ids, truncation included, and the same logits, one text at a time and in padded
// batches, on every installed ONNX runtime.
import { afterAll, describe, expect, it } from 'vitest';
import { createTextEncoder, loadClassifier, readClassifierFolder, type Classifier } from '../src/index.js';
import { EXPECTED, REWARD, SENTIMENT, copyFixture, editJson, installedRuntimes, type ExpectedCase } from './support/fixtures.js';

const runtimes = await installedRuntimes();
const fixtures = [
  ['tiny-sentiment', SENTIMENT],
  ['tiny-reward', REWARD],
] as const;

// A copy of each fixture whose tokenizer_config.json says truncation_side: left.
const leftCopies = Object.fromEntries(
  fixtures.map(([name, dir]) => [
    name,
    copyFixture(dir, (copy) =>
      editJson(copy, 'tokenizer_config.json', (json) => {
        json.truncation_side = 'left';
      }),
    ),
  ]),
);
afterAll(() => {
  for (const copy of Object.values(leftCopies)) copy.cleanup();
});
const folderFor = (name: string, dir: string, c: ExpectedCase) => (c.side === 'left' ? leftCopies[name].dir : dir);

describe.each(fixtures)('%s', (name, dir) => {
  const cases = EXPECTED[name];

  it('tokenizes every case, truncated or not, to the ids and type ids of the reference tokenizer', () => {
    for (const c of cases) {
      const encoder = createTextEncoder(readClassifierFolder(folderFor(name, dir, c)));
      const encoded = encoder.encode(c.text, c.pair ?? null, c.maxLength ?? 64);
      expect({ text: c.text, ids: encoded.ids, typeIds: encoded.typeIds }).toEqual({ text: c.text, ids: c.ids, typeIds: c.typeIds });
    }
  });

  describe.each(runtimes)('on %s', (runtime) => {
    const loaded: Classifier[] = [];
    afterAll(async () => {
      for (const c of loaded) await c.release();
    });

    it('gives the reference logits one text at a time', async () => {
      const classifier = await loadClassifier(dir, { runtime, batchSize: 1 });
      loaded.push(classifier);
      expect(classifier.runtime).toBe(runtime);
      for (const c of cases.filter((c) => c.maxLength === undefined)) {
        const [row] = await classifier.logits([{ text: c.text, pair: c.pair ?? null }]);
        expect(row.length).toBe(c.logits.length);
        c.logits.forEach((x, i) => expect(row[i], `${c.text} logit ${i}`).toBeCloseTo(x, 4));
      }
    });

    it('gives the same logits in padded batches of mixed lengths, and truncates to maxLength', async () => {
      for (const maxLength of [undefined, 8, 9, 10]) {
        const subset = cases.filter((c) => c.maxLength === maxLength && c.side !== 'left');
        const classifier = await loadClassifier(dir, { runtime, batchSize: 3, ...(maxLength === undefined ? {} : { maxLength }) });
        loaded.push(classifier);
        const rows = await classifier.logits(subset.map((c) => ({ text: c.text, pair: c.pair ?? null })));
        expect(rows.length).toBe(subset.length);
        subset.forEach((c, k) => c.logits.forEach((x, i) => expect(rows[k][i], `${c.text} logit ${i}`).toBeCloseTo(x, 4)));
      }
    });

    it("truncates on the left when tokenizer_config.json's truncation_side says so", async () => {
      for (const c of cases.filter((c) => c.side === 'left')) {
        const classifier = await loadClassifier(leftCopies[name].dir, { runtime, maxLength: c.maxLength });
        loaded.push(classifier);
        const [row] = await classifier.logits([{ text: c.text, pair: c.pair ?? null }]);
        c.logits.forEach((x, i) => expect(row[i], `${c.text} logit ${i}`).toBeCloseTo(x, 4));
      }
    });
  });
});
