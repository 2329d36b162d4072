import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solve } from '../src/commands/solve-command.js';
import { parseSolveJson, readSolveInput } from '../src/solve/solve-input.js';
import { CliError } from '../src/cli-error.js';

const run = (json: unknown) => solve(readSolveInput(json));

function failure(f: () => unknown): CliError {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe('pama solve', () => {
  it('for any finite vector, the weights lie on the simplex and reproduce the value, the projection of 0 onto [min, max]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 16 }), (values) => {
        const out = run(values) as { value: number; weights: number[] };
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        expect(out.value).toBe(lo > 0 ? lo : hi < 0 ? hi : 0);
        expect(out.weights.every((w) => w >= 0)).toBe(true);
        expect(out.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        const dot = out.weights.reduce((s, w, i) => s + w * values[i], 0);
        expect(Math.abs(dot - out.value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi)));
      }),
    );
  });

  it('a B×T×N batch gives B×T combined values, zero on masked tokens', () => {
    const out = run({
      advantages: [
        [
          [1, 2],
          [-1, 3],
        ],
        [
          [0.5, 0.25],
          [4, 4],
        ],
      ],
      mask: [
        [1, 1],
        [1, 0],
      ],
      granularity: 'token',
      clipEpsilon: 0.2,
    }) as { combined: number[][]; weights: number[] };
    expect(out.combined).toHaveLength(2);
    expect(out.combined[0]).toHaveLength(2);
    expect(out.combined[0][0]).toBeCloseTo(1, 6); // both positive: the smaller one
    expect(out.combined[0][1]).toBeCloseTo(0, 6); // Noon clamps −1 to 0
    expect(out.combined[1][1]).toBe(0); // masked
  });

  const badInputs: fc.Arbitrary<unknown> = fc.oneof(
    // a vector holding something that is not a finite number
    fc
      .tuple(
        fc.array(fc.double({ noNaN: true, min: -10, max: 10 }), { maxLength: 5 }),
        fc.oneof(fc.constant('NaN'), fc.constant(null), fc.string(), fc.constant({})),
        fc.nat(5),
      )
      .map(([xs, bad, at]) => {
        const v: unknown[] = [...xs];
        v.splice(Math.min(at, v.length), 0, bad);
        return v;
      }),
    fc.constant([]),
    // a ragged batch
    fc.integer({ min: 1, max: 3 }).map((n) => ({ advantages: [[Array(n).fill(1)], [Array(n + 1).fill(1)]] })),
    // a mask of the wrong shape
    fc.constant({ advantages: [[[1, 2]], [[3, 4]]], mask: [[1, 1]] }),
    // out-of-range clipEpsilon, unknown granularity, unknown key
    fc
      .oneof(fc.double({ min: 1, max: 10, noNaN: true }), fc.double({ min: -10, max: 0, noNaN: true }))
      .map((e) => ({ advantages: [[[1, 2]]], clipEpsilon: e })),
    fc
      .string()
      .filter((g) => !['token', 'sample', 'batch', 'gram', 'sample-mix'].includes(g))
      .map((g) => ({ advantages: [[[1, 2]]], granularity: g })),
    fc
      .string({ minLength: 1 })
      .filter((k) => !['advantages', 'mask', 'ratios', 'granularity', 'clipEpsilon', 'noon', '__proto__'].includes(k))
      .map((k) => ({ advantages: [[[1]]], [k]: 1 })),
    fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
  );

  it('for any generated bad input, solving fails with one line naming the field, never another error', () => {
    fc.assert(
      fc.property(badInputs, (input) => {
        const e = failure(() => run(input));
        expect(e.message).not.toContain('\n');
        expect(e.message).toMatch(/^invalid input/);
      }),
      { numRuns: 300 },
    );
  });

  it('text that is not JSON fails with one line', () => {
    expect(failure(() => parseSolveJson('{"values": [1,', 'stdin')).message).toMatch(/^invalid input: stdin is not valid JSON/);
    expect(failure(() => parseSolveJson('  ', 'stdin')).message).toMatch(/empty/);
  });
});
