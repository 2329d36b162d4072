import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  functionReward,
  lengthReward,
  RewardConfigError,
  RewardError,
  scoreAll,
  sentimentReward,
  type RewardSource,
} from '../src/index.js';

const items = [
  { prompt: 'q1', response: 'a lovely answer' },
  { prompt: 'q2', response: 'terrible' },
  { prompt: 'q3', response: 'one two three four' },
];

describe('scoreAll', () => {
  it('builds a B×N matrix whose column j is source j', async () => {
    const length = lengthReward({ unit: 'words', scale: 1, min: 0, max: 100 });
    const constant = functionReward({ name: 'seven', scoreItem: () => 7 });
    const result = await scoreAll([length, sentimentReward(), constant], items)();
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    const m = result.right;
    expect(m.shape).toEqual([3, 3]);
    expect([m.get(0, 0), m.get(1, 0), m.get(2, 0)]).toEqual([3, 1, 4]);
    expect(m.get(0, 1)).toBeGreaterThan(0);
    expect(m.get(1, 1)).toBeLessThan(0);
    expect([m.get(0, 2), m.get(1, 2), m.get(2, 2)]).toEqual([7, 7, 7]);
  });

  it('runs sources in parallel', async () => {
    let running = 0;
    let peak = 0;
    const slow = (name: string): RewardSource =>
      functionReward({
        name,
        scoreBatch: async (xs) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 30));
          running--;
          return xs.map(() => 1);
        },
      });
    const result = await scoreAll([slow('a'), slow('b'), slow('c')], items)();
    expect(E.isRight(result)).toBe(true);
    expect(peak).toBe(3);
  });

  it('fails the whole batch when one source fails, with that source named', async () => {
    const bad = functionReward({ name: 'bad', scoreItem: (_, i) => (i === 2 ? Number.NaN : 0) });
    const result = await scoreAll([lengthReward(), bad, sentimentReward()], items)();
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) expect([result.left.source, result.left.kind, result.left.item]).toEqual(['bad', 'non-finite', 2]);
  });

  it('catches sources that break the contract: rejecting, resolving a non-Either, wrong length', async () => {
    const rejecting: RewardSource = { name: 'rejects', score: () => () => Promise.reject(new Error('oops')) };
    const weird: RewardSource = { name: 'weird', score: () => async () => 42 as never };
    const short: RewardSource = { name: 'short', score: () => async () => E.right(new Float64Array(1)) };
    const foreignLeft: RewardSource = { name: 'foreign', score: () => async () => E.left('nope' as never) };
    for (const [source, kind] of [
      [rejecting, 'function-threw'],
      [weird, 'bad-shape'],
      [short, 'bad-shape'],
      [foreignLeft, 'function-threw'],
    ] as const) {
      const result = await scoreAll([source], items)();
      expect(
        E.isLeft(result) && result.left instanceof RewardError && result.left.kind === kind && result.left.source === source.name,
      ).toBe(true);
    }
  });

  it('handles an empty batch and rejects duplicate source names', async () => {
    const result = await scoreAll([lengthReward()], [])();
    expect(E.isRight(result) && result.right.shape).toEqual([0, 1]);
    expect(() => scoreAll([lengthReward(), lengthReward()], items)).toThrow(RewardConfigError);
  });
});
