import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { functionReward, lengthReward, RewardConfigError, RewardError, RunningNormalizer, scoreAll } from '../src/index.js';
import { FieldError } from 'pama-core/support';

const fieldOf = (error: FieldError) => ({ field: error.field, value: error.value, reason: error.reason });

describe('every error is { field, value, reason }', () => {
  it('names the bad item field, the non-finite score and the throwing item of a RewardError', async () => {
    const badInput = await lengthReward().score([
      { prompt: 'p', response: 'r' },
      { prompt: 'p', response: 7 },
    ] as never)();
    if (E.isRight(badInput)) throw new Error('expected a Left');
    expect(badInput.left).toBeInstanceOf(RewardError);
    expect(fieldOf(badInput.left)).toEqual({ field: 'items[1].response', value: 7, reason: 'invalid input' });
    expect(badInput.left).toBeInstanceOf(FieldError);
    expect(badInput.left.message).toBe('reward source "length" at item 1: items[1].response: invalid input (got 7)');

    const nan = await scoreAll(
      [functionReward({ name: 'nan', scoreItem: (_, i) => (i === 2 ? Number.NaN : 1) })],
      [0, 1, 2].map(() => ({ prompt: '', response: '' })),
    )();
    if (E.isRight(nan)) throw new Error('expected a Left');
    expect(fieldOf(nan.left)).toMatchObject({ field: 'scores[2]', value: Number.NaN });

    const threw = await functionReward({
      name: 'boom',
      scoreItem: () => {
        throw new Error('model offline');
      },
    }).score([{ prompt: '', response: '' }])();
    if (E.isRight(threw)) throw new Error('expected a Left');
    expect(fieldOf(threw.left)).toEqual({ field: 'items[0]', value: 'model offline', reason: 'scoring function threw' });
    expect(threw.left.message).toBe('reward source "boom" at item 0: items[0]: scoring function threw (got "model offline")');
  });

  it('gives configuration and normaliser errors the same three fields', () => {
    let config: unknown;
    try {
      lengthReward({ scale: Number.NaN });
    } catch (error) {
      config = error;
    }
    expect(config).toBeInstanceOf(RewardConfigError);
    expect(config).toBeInstanceOf(FieldError);
    expect(fieldOf(config as RewardConfigError)).toEqual({ field: 'scale', value: Number.NaN, reason: 'must be a finite number' });
    expect((config as RewardConfigError).message).toBe('scale: must be a finite number (got NaN)');
    const refused = new RunningNormalizer(2).update({ data: [1, 2, 3], shape: [1, 3] });
    if (E.isRight(refused)) throw new Error('expected a Left');
    expect(refused.left).toBeInstanceOf(FieldError);
    expect(fieldOf(refused.left)).toEqual({ field: 'rewards.shape', value: [1, 3], reason: 'expected [B, 2]' });
    expect(refused.left.message).toBe('rewards.shape: expected [B, 2] (got [1, 3])');
  });
});
