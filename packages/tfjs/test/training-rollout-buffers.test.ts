// gatherMinibatch: a minibatch is the chosen rows of the rollout, each field gathered with its own
// row width (L tokens, T mask positions, T·N objective values, N objective-mask entries).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherMinibatch, type RolloutBuffers } from '../src/training/rollout-buffers.js';

/** A rollout whose every entry encodes (field, row, offset in row), so any misplaced copy is visible. */
function labelledRollout(B: number, P: number, T: number, N: number, withOptional: boolean): RolloutBuffers {
  const L = P + T;
  const fill = <A extends Float32Array | Int32Array>(make: new (n: number) => A, width: number, field: number): A => {
    const out = new make(B * width);
    for (let b = 0; b < B; b++) for (let j = 0; j < width; j++) out[b * width + j] = field * 10_000 + b * 100 + j;
    return out;
  };
  return {
    tokens: fill(Int32Array, L, 1),
    batchSize: B,
    promptLength: P,
    responseLength: T,
    nObjectives: N,
    mask: fill(Float32Array, T, 2),
    logProbsOld: fill(Float32Array, T, 3),
    oldValues: fill(Float32Array, T * N, 4),
    returns: fill(Float32Array, T * N, 5),
    perObjective: fill(Float32Array, T * N, 6),
    ...(withOptional ? { scalar: fill(Float32Array, T, 7), objectiveMask: fill(Float32Array, N, 8) } : {}),
  };
}

/** Row `row` of a row-major array of `width`-wide rows. */
const rowOf = (data: ArrayLike<number>, row: number, width: number) => Array.from(data).slice(row * width, (row + 1) * width);

describe('gatherMinibatch', () => {
  it('copies the chosen rows, in the order given, with each field’s own row width', () => {
    // B = 3, prompt 2 + response 3 tokens, N = 2 objectives; rows 2 then 0.
    const rollout = labelledRollout(3, 2, 3, 2, true);
    const mb = gatherMinibatch(rollout, [2, 0]);
    expect(mb.rows).toBe(2);
    expect(mb.tokens).toBeInstanceOf(Int32Array);
    expect(Array.from(mb.tokens)).toEqual([10200, 10201, 10202, 10203, 10204, 10000, 10001, 10002, 10003, 10004]);
    expect(mb.mask).toBeInstanceOf(Float32Array);
    expect(Array.from(mb.mask)).toEqual([20200, 20201, 20202, 20000, 20001, 20002]);
    expect(Array.from(mb.logProbsOld)).toEqual([30200, 30201, 30202, 30000, 30001, 30002]);
    expect(Array.from(mb.perObjective)).toEqual([60200, 60201, 60202, 60203, 60204, 60205, 60000, 60001, 60002, 60003, 60004, 60005]);
    expect(Array.from(mb.scalar as Float32Array)).toEqual([70200, 70201, 70202, 70000, 70001, 70002]);
    expect(Array.from(mb.objectiveMask as Float32Array)).toEqual([80200, 80201, 80000, 80001]);
  });

  it('leaves the optional streams absent when the rollout has none', () => {
    const mb = gatherMinibatch(labelledRollout(2, 1, 2, 3, false), [1]);
    expect(mb.scalar).toBeUndefined();
    expect(mb.objectiveMask).toBeUndefined();
    expect(Array.from(mb.returns)).toEqual([50100, 50101, 50102, 50103, 50104, 50105]);
  });

  it('returns fresh buffers: writing to the minibatch leaves the rollout unchanged', () => {
    const rollout = labelledRollout(2, 1, 2, 1, true);
    const mb = gatherMinibatch(rollout, [0, 1]);
    for (const field of [mb.tokens, mb.mask, mb.logProbsOld, mb.oldValues, mb.returns, mb.perObjective, mb.scalar, mb.objectiveMask]) {
      (field as Float32Array).fill(-1);
    }
    expect(rowOf(rollout.tokens, 0, 3)).toEqual([10000, 10001, 10002]);
    expect(rowOf(rollout.oldValues, 1, 2)).toEqual([40100, 40101]);
    expect(rowOf(rollout.objectiveMask as Float32Array, 1, 1)).toEqual([80100]);
  });

  it('an empty row list gives empty buffers of the right types', () => {
    const mb = gatherMinibatch(labelledRollout(2, 1, 2, 2, true), []);
    expect(mb.rows).toBe(0);
    expect(mb.tokens).toBeInstanceOf(Int32Array);
    expect([mb.tokens.length, mb.mask.length, mb.perObjective.length, (mb.scalar as Float32Array).length]).toEqual([0, 0, 0, 0]);
  });

  it('row r of every gathered field is row rowIndices[r] of the rollout, for any shape and any rows, repeats included (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          B: fc.integer({ min: 1, max: 5 }),
          P: fc.integer({ min: 0, max: 4 }),
          T: fc.integer({ min: 1, max: 5 }),
          N: fc.integer({ min: 1, max: 4 }),
        }),
        fc.boolean(),
        fc.infiniteStream(fc.nat()),
        ({ B, P, T, N }, withOptional, picks) => {
          const rollout = labelledRollout(B, P, T, N, withOptional);
          const rows = Array.from(picks.take(1 + (B % 3) * 2), (x) => x % B);
          const mb = gatherMinibatch(rollout, rows);
          const widths: Array<[keyof typeof mb & keyof RolloutBuffers, number]> = [
            ['tokens', P + T],
            ['mask', T],
            ['logProbsOld', T],
            ['oldValues', T * N],
            ['returns', T * N],
            ['perObjective', T * N],
            ...(withOptional
              ? ([
                  ['scalar', T],
                  ['objectiveMask', N],
                ] as Array<[keyof RolloutBuffers & keyof typeof mb, number]>)
              : []),
          ];
          expect(mb.rows).toBe(rows.length);
          for (const [field, width] of widths) {
            const gathered = mb[field] as ArrayLike<number>;
            expect(gathered.length, field).toBe(rows.length * width);
            rows.forEach((row, r) =>
              expect(rowOf(gathered, r, width), `${field} row ${r}`).toEqual(rowOf(rollout[field] as ArrayLike<number>, row, width)),
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
