import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { defaultSentimentAnalyser, measureSentimentAccuracy, sentimentReward, type LabelledSentence } from '../src/index.js';

const sample = JSON.parse(readFileSync(new URL('./fixtures/sentiment-sample.json', import.meta.url), 'utf8')) as LabelledSentence[];

describe('sentimentReward', () => {
  it('scores positive text above negative text with both analysers, within [-1, 1]', async () => {
    for (const analyser of ['vader', 'afinn'] as const) {
      const result = await sentimentReward({ analyser }).score([
        { prompt: '', response: 'What a wonderful, delightful day!' },
        { prompt: '', response: 'This is awful, I hate it.' },
      ])();
      expect(E.isRight(result)).toBe(true);
      if (E.isRight(result)) {
        const [pos, neg] = result.right;
        expect(pos).toBeGreaterThan(0);
        expect(neg).toBeLessThan(0);
        expect(Math.abs(pos) <= 1 && Math.abs(neg) <= 1).toBe(true);
      }
    }
  });

  it('the labelled sample is balanced and of the documented size', () => {
    expect(sample.length).toBe(90);
    expect(sample.filter((s) => s.label === 'positive').length).toBe(45);
  });

  it('the default analyser is the more accurate one on the labelled sample', () => {
    const vader = measureSentimentAccuracy('vader', sample);
    const afinn = measureSentimentAccuracy('afinn', sample);
    console.log(`sentiment accuracy: vader ${vader.correct}/${vader.total}, afinn ${afinn.correct}/${afinn.total}`);
    const best = vader.accuracy >= afinn.accuracy ? 'vader' : 'afinn';
    expect(defaultSentimentAnalyser).toBe(best);
    // The figures recorded in the README.
    expect([vader.correct, afinn.correct]).toEqual([71, 68]);
  });

  it('rejects an unknown analyser', () => {
    expect(() => sentimentReward({ analyser: 'bert' as never })).toThrow(/analyser/);
  });
});
