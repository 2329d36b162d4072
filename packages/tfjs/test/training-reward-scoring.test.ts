import { describe, expect, it } from 'vitest';
import { RewardSourceError, TrainingError } from '../src/index.js';
import { scoreWithSources, type RewardSourceLike } from '../src/training/reward-scoring.js';

const items = [
  { prompt: 'a', response: 'b' },
  { prompt: 'c', response: 'd' },
];

function source(name: string, result: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: ArrayLike<number> }): RewardSourceLike {
  return { name, score: () => async () => result };
}

describe('scoreWithSources', () => {
  it('lays out B×N scores row-major, one column per source', async () => {
    const out = await scoreWithSources(
      [source('x', { _tag: 'Right', right: [1, 2] }), source('y', { _tag: 'Right', right: [3, 4] })],
      items,
    );
    expect(Array.from(out)).toEqual([1, 3, 2, 4]);
  });

  it("a source's failure is a RewardSourceError naming the objective, with the source's error as cause", async () => {
    const left = new Error('connection refused');
    const error = await scoreWithSources(
      [source('x', { _tag: 'Right', right: [1, 2] }), source('served', { _tag: 'Left', left })],
      items,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RewardSourceError);
    expect(error).toBeInstanceOf(TrainingError);
    const e = error as RewardSourceError;
    expect([e.objectiveIndex, e.objective, e.cause]).toEqual([1, 'served', left]);
    expect(e.message).toBe('rewardSources[1] (served): failed to score the batch (got "connection refused")');
  });

  it('a column of the wrong length names the objective and the length, with no cause', async () => {
    const error = (await scoreWithSources([source('short', { _tag: 'Right', right: [1] })], items).catch(
      (e: unknown) => e,
    )) as RewardSourceError;
    expect(error).toBeInstanceOf(RewardSourceError);
    expect([error.objectiveIndex, error.objective, error.value, error.cause]).toEqual([0, 'short', 1, undefined]);
  });
});
