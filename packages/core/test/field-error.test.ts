// The shared error base class and value renderer: every adapter and app message goes through them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldError, renderValue } from '../src/support/index.js';

describe('renderValue', () => {
  it('renders numbers faithfully, including -0, NaN and the infinities', () => {
    expect([-0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5].map(renderValue)).toEqual([
      '-0',
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1.5',
    ]);
  });

  it('quotes strings and cuts long ones at 80 characters', () => {
    expect(renderValue('fast')).toBe('"fast"');
    expect(renderValue('x'.repeat(100))).toBe(`"${'x'.repeat(80)}…"`);
  });

  it('renders scalars of the other kinds by name', () => {
    expect([undefined, null, true, 12n, Symbol('s'), () => 1, function named() {}].map(renderValue)).toEqual([
      'undefined',
      'null',
      'true',
      '12n',
      'Symbol(s)',
      '[function]',
      '[function named]',
    ]);
  });

  it('shows the first 8 entries of an array and its length when it is longer', () => {
    expect(renderValue([1, Number.NaN, 3])).toBe('[1, NaN, 3]');
    expect(renderValue([])).toBe('[]');
    expect(renderValue(Array.from({ length: 100 }, (_, i) => i))).toBe('[0, 1, 2, 3, 4, 5, 6, 7, …] (length 100)');
  });

  it('names a typed array, its length and its first entries', () => {
    expect(renderValue(Float32Array.of(1, -0, 2.5))).toBe('Float32Array(length 3) [1, -0, 2.5]');
    expect(renderValue(new Int32Array(1000))).toBe('Int32Array(length 1000) [0, 0, 0, 0, 0, 0, 0, 0, …]');
    expect(renderValue(new DataView(new ArrayBuffer(4)))).toBe('DataView(byteLength 4)');
  });

  it('renders objects by their first keys, class instances with their class, nesting two levels deep', () => {
    expect(renderValue({ lr: 'fast', 'a b': 1 })).toBe('{ lr: "fast", "a b": 1 }');
    expect(renderValue({})).toBe('{}');
    expect(renderValue({ a: { b: { c: 1 } } })).toBe('{ a: { b: {…} } }');
    expect(renderValue([[1, [2]]])).toBe('[[1, […]]]');
    class Point {
      x = 1;
    }
    expect(renderValue(new Point())).toBe('Point { x: 1 }');
    expect(renderValue(new Map([[1, 2]]))).toBe('Map(size 1)');
    expect(renderValue(new RangeError('boom'))).toBe('RangeError: boom');
  });

  it('marks cycles instead of recursing', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(renderValue(a)).toBe('{ x: 1, self: [cycle] }');
    const list: unknown[] = [1];
    list.push(list);
    expect(renderValue(list)).toBe('[1, [cycle]]');
  });

  it('survives getters that throw and revoked proxies', () => {
    const trap = {
      ok: 1,
      get bad(): number {
        throw new Error('no');
      },
    };
    expect(renderValue(trap)).toBe('{ ok: 1, bad: <unreadable> }');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(renderValue(proxy)).toBe('<unreadable>');
  });

  it('never throws and never exceeds 120 characters, whatever the value', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withTypedArray: true, withMap: true, withSet: true, withDate: true }), (value) => {
        const text = renderValue(value);
        expect(typeof text).toBe('string');
        expect(text.length).toBeLessThanOrEqual(120);
      }),
      { numRuns: 300 },
    );
  });
});

describe('FieldError', () => {
  it('carries field, value and reason, and says all three in one message', () => {
    const e = new FieldError('options.clipEpsilon', 2, 'must lie in (0, 1)');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FieldError');
    expect([e.field, e.value, e.reason]).toEqual(['options.clipEpsilon', 2, 'must lie in (0, 1)']);
    expect(e.message).toBe('options.clipEpsilon: must lie in (0, 1) (got 2)');
  });

  it('opens the message with the context when one is given', () => {
    const e = new FieldError('scores[2]', Number.NaN, 'must be finite', 'reward source "len"');
    expect(e.message).toBe('reward source "len": scores[2]: must be finite (got NaN)');
    expect(e.context).toBe('reward source "len"');
    expect(new FieldError('x', 1, 'r').context).toBeUndefined();
  });

  it('is the base of subclasses that keep their own name', () => {
    class SettingsError extends FieldError {
      override readonly name = 'SettingsError';
    }
    const e = new SettingsError('learningRate', -1, 'must be > 0');
    expect(e).toBeInstanceOf(FieldError);
    expect(e.name).toBe('SettingsError');
    expect(String(e)).toBe('SettingsError: learningRate: must be > 0 (got -1)');
  });
});
