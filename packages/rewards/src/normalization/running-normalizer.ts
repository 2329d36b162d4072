import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import ndarray from 'ndarray';
import type { NdArray } from 'ndarray';
import { readNdView, type NdArrayView, type StridedView } from 'pama-core';
import { RewardConfigError } from '../reward-config-error.js';
import { NormalizerInputError } from './normalizer-error.js';

/**
 * A B×N reward matrix, read structurally: `{ data, shape: [B, N], stride?, offset? }` (row-major
 * when `stride` is absent). An `ndarray` from `scoreAll`, a view of one, or a plain object fits.
 */
export type RewardMatrix = NdArrayView;

/**
 * Which entries count: per item (length B; a falsy entry drops the whole row) or per entry
 * (a B×N view). Masked-out entries do not move the statistics and normalise to 0.
 */
export type RewardMask = ArrayLike<number | boolean> | NdArrayView;

/** Checkpointable state: per objective, the count, mean and sum of squared deviations (M2). */
export interface NormalizerState {
  readonly version: 1;
  readonly epsilon: number;
  readonly count: ReadonlyArray<number>;
  readonly mean: ReadonlyArray<number>;
  readonly m2: ReadonlyArray<number>;
}

/** A validated batch: element reader, which entries count, and the shape. */
interface Batch {
  readonly at: (i: number, j: number) => number;
  readonly keep: (i: number, j: number) => boolean;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Per-objective running mean and variance of rewards (Welford, merged batch-wise with Chan's
 * formula so one update costs O(B·N)), used to put objectives on a common scale.
 *
 * Data in, Either out: `update`, `normalize` and `fromJSON` return an fp-ts `Either` whose `Left`
 * is a `NormalizerInputError` naming the field; a batch with a bad entry changes nothing. The
 * constructor's arguments and objective indices are code, and throw `RewardConfigError`.
 *
 * @example
 * const normalizer = new RunningNormalizer(2);
 * const z = pipe(
 *   normalizer.update({ data: [1, 10, 3, 30], shape: [2, 2] }),
 *   E.chain((n) => n.normalize({ data: [1, 10, 3, 30], shape: [2, 2] })),
 * ); // Right(2×2 ndarray): column-wise (x − mean) / sd
 */
export class RunningNormalizer {
  private readonly n: Float64Array;
  private readonly mu: Float64Array;
  private readonly m2: Float64Array;

  constructor(
    readonly objectives: number,
    readonly epsilon = 1e-8,
  ) {
    if (!Number.isInteger(objectives) || objectives < 1) throw new RewardConfigError('objectives', objectives, 'must be an integer ≥ 1');
    if (!Number.isFinite(epsilon) || epsilon < 0) throw new RewardConfigError('epsilon', epsilon, 'must be a finite number ≥ 0');
    this.n = new Float64Array(objectives);
    this.mu = new Float64Array(objectives);
    this.m2 = new Float64Array(objectives);
  }

  /** Rewards seen so far for this objective (masked entries excluded). */
  count(objective: number): number {
    return this.n[this.checkObjective(objective)];
  }

  /** Running mean of this objective's rewards (0 before any). */
  mean(objective: number): number {
    return this.mu[this.checkObjective(objective)];
  }

  /** Population variance of the rewards seen so far (0 before any). */
  variance(objective: number): number {
    const j = this.checkObjective(objective);
    return this.n[j] > 0 ? this.m2[j] / this.n[j] : 0;
  }

  /**
   * Folds a B×N batch into the statistics and returns this normaliser; a wrong shape, a bad mask or
   * a non-finite kept reward is a Left, and then nothing is folded in.
   */
  update(rewards: RewardMatrix, mask?: RewardMask): E.Either<NormalizerInputError, this> {
    return pipe(
      this.readBatch(rewards, mask),
      E.map((batch) => {
        this.fold(batch);
        return this;
      }),
    );
  }

  /** (x − mean) / sqrt(variance + epsilon) per objective, into a new B×N ndarray; masked-out → 0. */
  normalize(rewards: RewardMatrix, mask?: RewardMask): E.Either<NormalizerInputError, NdArray<Float64Array>> {
    return pipe(
      this.readBatch(rewards, mask),
      E.chain((batch) => this.scaled(batch)),
    );
  }

  /** The state to checkpoint; {@link RunningNormalizer.fromJSON} restores it. */
  toJSON(): NormalizerState {
    return { version: 1, epsilon: this.epsilon, count: [...this.n], mean: [...this.mu], m2: [...this.m2] };
  }

  /** Restores a normaliser from `toJSON()` output (e.g. a parsed checkpoint), validating every field. */
  static fromJSON(state: unknown): E.Either<NormalizerInputError, RunningNormalizer> {
    if (typeof state !== 'object' || state === null) return E.left(new NormalizerInputError('state', state, 'expected an object'));
    const s = state as Record<string, unknown>;
    if (s.version !== 1) return E.left(new NormalizerInputError('state.version', s.version, 'expected 1'));
    if (typeof s.epsilon !== 'number' || !Number.isFinite(s.epsilon) || s.epsilon < 0) {
      return E.left(new NormalizerInputError('state.epsilon', s.epsilon, 'expected a finite number ≥ 0'));
    }
    const epsilon = s.epsilon;
    return pipe(
      E.Do,
      E.bind('count', () => readStateArray(s, 'count')),
      E.bind('mean', () => readStateArray(s, 'mean')),
      E.bind('m2', () => readStateArray(s, 'm2')),
      E.filterOrElse(
        ({ count, mean, m2 }) => mean.length === count.length && m2.length === count.length,
        ({ count, mean }) =>
          new NormalizerInputError('state.mean', mean.length, `count, mean and m2 must have equal lengths (count has ${count.length})`),
      ),
      E.map(({ count, mean, m2 }) => {
        const normalizer = new RunningNormalizer(count.length, epsilon);
        normalizer.n.set(count);
        normalizer.mu.set(mean);
        normalizer.m2.set(m2);
        return normalizer;
      }),
    );
  }

  private fold({ at, keep, rows, cols }: Batch): void {
    for (let j = 0; j < cols; j++) {
      let nb = 0;
      let sum = 0;
      for (let i = 0; i < rows; i++) {
        if (!keep(i, j)) continue;
        nb++;
        sum += at(i, j);
      }
      if (nb === 0) continue;
      const meanB = sum / nb;
      let m2B = 0;
      for (let i = 0; i < rows; i++) if (keep(i, j)) m2B += (at(i, j) - meanB) ** 2;
      const na = this.n[j];
      const total = na + nb;
      const delta = meanB - this.mu[j];
      this.mu[j] += (delta * nb) / total;
      this.m2[j] += m2B + (delta * delta * na * nb) / total;
      this.n[j] = total;
    }
  }

  private scaled({ at, keep, rows, cols }: Batch): E.Either<NormalizerInputError, NdArray<Float64Array>> {
    const out = new Float64Array(rows * cols);
    for (let j = 0; j < cols; j++) {
      const scale = 1 / Math.sqrt(this.variance(j) + this.epsilon);
      for (let i = 0; i < rows; i++) {
        if (!keep(i, j)) continue;
        const z = (at(i, j) - this.mu[j]) * scale;
        if (!Number.isFinite(z))
          return E.left(new NormalizerInputError('epsilon', this.epsilon, `objective ${j} has zero variance; use epsilon > 0`));
        out[i * cols + j] = z;
      }
    }
    return E.right(ndarray(out, [rows, cols]));
  }

  /** Validates the matrix (shape [B, objectives], in bounds), the mask, and every kept entry. */
  private readBatch(rewards: RewardMatrix, mask: RewardMask | undefined): E.Either<NormalizerInputError, Batch> {
    return pipe(
      readView(rewards, 'rewards'),
      E.filterOrElse(
        (view) => view.shape[1] === this.objectives,
        (view) => new NormalizerInputError('rewards.shape', view.shape, `expected [B, ${this.objectives}]`),
      ),
      E.bindTo('view'),
      E.bind('keep', ({ view }) => maskReader(mask, view.shape[0], view.shape[1])),
      E.map(({ view, keep }): Batch => ({ at: elementReader(view), keep, rows: view.shape[0], cols: view.shape[1] })),
      E.chainFirst(requireFiniteKept),
    );
  }

  private checkObjective(objective: number): number {
    if (!Number.isInteger(objective) || objective < 0 || objective >= this.objectives) {
      throw new RewardConfigError('objective', objective, `must be an integer in [0, ${this.objectives})`);
    }
    return objective;
  }
}

/** Reads a B×N view with pama-core's reader, turning its error into a NormalizerInputError. */
function readView(value: unknown, field: string): E.Either<NormalizerInputError, StridedView> {
  return pipe(
    readNdView(value, field, 2, 'B×N'),
    E.mapLeft((error) => {
      const part = error.field.slice(field.length + 1).replace(/\[.*$/, '');
      const offending = part !== '' && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : value;
      return new NormalizerInputError(
        error.field,
        ArrayBuffer.isView(offending) || !isArrayLike(offending) ? offending : Array.from(offending),
        error.message,
      );
    }),
  );
}

const isArrayLike = (value: unknown): value is ArrayLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as ArrayLike<unknown>).length === 'number';

function elementReader({ data, stride, offset }: StridedView): (i: number, j: number) => number {
  const [s0, s1] = stride;
  return (i, j) => data[offset + i * s0 + j * s1];
}

function requireFiniteKept({ at, keep, rows, cols }: Batch): E.Either<NormalizerInputError, Batch> {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = at(i, j);
      if (keep(i, j) && (typeof x !== 'number' || !Number.isFinite(x)))
        return E.left(new NormalizerInputError(`rewards[${i}][${j}]`, x, 'must be finite'));
    }
  }
  return E.right({ at, keep, rows, cols });
}

function maskReader(
  mask: RewardMask | undefined,
  rows: number,
  cols: number,
): E.Either<NormalizerInputError, (i: number, j: number) => boolean> {
  if (mask === undefined) return E.right(() => true);
  if (typeof mask === 'object' && mask !== null && 'shape' in mask) {
    return pipe(
      readView(mask, 'mask'),
      E.filterOrElse(
        (view) => view.shape[0] === rows && view.shape[1] === cols,
        (view) => new NormalizerInputError('mask.shape', view.shape, `expected [${rows}] or [${rows}, ${cols}]`),
      ),
      E.map((view) => {
        const at = elementReader(view);
        return (i: number, j: number) => Boolean(at(i, j));
      }),
    );
  }
  if (!isArrayLike(mask))
    return E.left(new NormalizerInputError('mask', mask, `expected ${rows} flags (one per item) or a [${rows}, ${cols}] view`));
  if (mask.length !== rows)
    return E.left(new NormalizerInputError('mask.length', mask.length, `expected ${rows} (one per item) or a [${rows}, ${cols}] view`));
  return E.right((i: number) => Boolean(mask[i]));
}

function readStateArray(state: Record<string, unknown>, field: 'count' | 'mean' | 'm2'): E.Either<NormalizerInputError, number[]> {
  const value = state[field];
  if (!Array.isArray(value) || value.length === 0)
    return E.left(new NormalizerInputError(`state.${field}`, value, 'expected a non-empty array'));
  for (const [k, x] of value.entries()) {
    const ok = typeof x === 'number' && Number.isFinite(x) && (field === 'mean' || x >= 0);
    if (!ok)
      return E.left(
        new NormalizerInputError(`state.${field}[${k}]`, x, field === 'mean' ? 'expected a finite number' : 'expected a finite number ≥ 0'),
      );
  }
  return E.right(value as number[]);
}
