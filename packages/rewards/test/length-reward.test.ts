import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { countWords, lengthReward, paperLengthPreset, RewardConfigError, RewardError } from '../src/index.js';

const item = (response: string) => ({ prompt: 'p', response });
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('lengthReward', () => {
  it('applies the paper preset clip(l/140, 70/140, 210/140) over words by default', async () => {
    const result = await lengthReward().score([item(words(10)), item(words(140)), item(words(100)), item(words(500))])();
    expect(E.isRight(result)).toBe(true);
    if (E.isRight(result)) expect([...result.right]).toEqual([0.5, 1, 100 / 140, 1.5]);
    expect(paperLengthPreset).toEqual({ scale: 1 / 140, min: 0.5, max: 1.5 });
  });

  it('counts characters as code points and honours scale and bounds', async () => {
    const source = lengthReward({ unit: 'characters', scale: 1, min: 0, max: 4 });
    const result = await source.score([item('ab'), item('😀😀😀'), item('abcdefgh')])();
    expect(result).toEqual(E.right(new Float64Array([2, 3, 4])));
  });

  it('counts tokens with the caller-supplied tokenizer', async () => {
    const source = lengthReward({ unit: 'tokens', tokenizer: (t) => t.length * 2, scale: 1, min: 0, max: 100 });
    expect(await source.score([item('abc')])()).toEqual(E.right(new Float64Array([6])));
  });

  it('reports a tokenizer that throws or returns a non-count, naming the item', async () => {
    const throwing = lengthReward({
      unit: 'tokens',
      tokenizer: (t) => {
        if (t === 'bad') throw new Error('boom');
        return 1;
      },
    });
    const thrown = await throwing.score([item('ok'), item('bad')])();
    expect(E.isLeft(thrown) && thrown.left.kind === 'function-threw' && thrown.left.item === 1).toBe(true);
    const nan = lengthReward({ unit: 'tokens', tokenizer: () => Number.NaN });
    const bad = await nan.score([item('x')])();
    expect(E.isLeft(bad) && bad.left.kind === 'bad-shape' && bad.left.item === 0).toBe(true);
  });

  it('rejects bad items with a bad-input error naming the field', async () => {
    const result = await lengthReward().score([item('ok'), { prompt: 'p', response: 42 } as never])();
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left).toBeInstanceOf(RewardError);
      expect(result.left.cause).toEqual({ kind: 'bad-input', field: 'items[1].response', value: 42 });
      expect(result.left.item).toBe(1);
    }
  });

  it('rejects invalid configuration at construction', () => {
    expect(() => lengthReward({ unit: 'tokens' })).toThrow(RewardConfigError);
    expect(() => lengthReward({ min: 2, max: 1 })).toThrow(/min/);
    expect(() => lengthReward({ scale: Number.NaN })).toThrow(/scale/);
    expect(() => lengthReward({ unit: 'lines' as never })).toThrow(/unit/);
  });

  it('counts words across any whitespace', () => {
    expect(countWords('  a\tb\n\nc  ')).toBe(3);
    expect(countWords('')).toBe(0);
  });
});
