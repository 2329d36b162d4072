import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { functionReward } from '../src/index.js';

const items = [
  { prompt: 'a', response: 'xx' },
  { prompt: 'b', response: 'yyy' },
];

describe('functionReward', () => {
  it('wraps sync and async per-item and batch functions', async () => {
    const sync = functionReward({ name: 's', scoreItem: (item) => item.response.length });
    const asyncItem = functionReward({ name: 'a', scoreItem: async (item, i) => i + item.prompt.length });
    const batch = functionReward({ name: 'b', scoreBatch: async (xs) => xs.map((x) => -x.response.length) });
    expect(await sync.score(items)()).toEqual(E.right(new Float64Array([2, 3])));
    expect(await asyncItem.score(items)()).toEqual(E.right(new Float64Array([1, 2])));
    expect(await batch.score(items)()).toEqual(E.right(new Float64Array([-2, -3])));
  });

  it('turns a throw or rejection into function-threw naming the item', async () => {
    const source = functionReward({
      name: 'f',
      scoreItem: async (_, i) => {
        if (i === 1) throw new Error('nope');
        return 0;
      },
    });
    const result = await source.score(items)();
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left.kind).toBe('function-threw');
      expect(result.left.item).toBe(1);
      expect(result.left.source).toBe('f');
      expect(result.left.message).toContain('nope');
    }
  });

  it('refuses NaN, Infinity, non-numbers and wrong-length batches', async () => {
    const nan = await functionReward({ name: 'n', scoreItem: (_, i) => (i === 1 ? Number.NaN : 1) }).score(items)();
    expect(E.isLeft(nan) && nan.left.kind === 'non-finite' && nan.left.item === 1).toBe(true);
    const inf = await functionReward({ name: 'i', scoreBatch: () => [1, Number.POSITIVE_INFINITY] }).score(items)();
    expect(E.isLeft(inf) && inf.left.kind === 'non-finite' && inf.left.item === 1).toBe(true);
    const str = await functionReward({ name: 't', scoreItem: () => '1' as never }).score(items)();
    expect(E.isLeft(str) && str.left.kind === 'bad-shape').toBe(true);
    const short = await functionReward({ name: 'w', scoreBatch: () => [1] }).score(items)();
    expect(E.isLeft(short) && short.left.kind === 'bad-shape').toBe(true);
  });
});
