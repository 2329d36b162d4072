import * as E from 'fp-ts/lib/Either.js';
import ndarray from 'ndarray';
import type { NdArray } from 'ndarray';
import { NormalizerInputError } from './normalizer-error.js';

/** A B×N reward matrix, any strides (an `ndarray` from `scoreAll`, or a view of one). */
export type RewardMatrix = NdArray<ndarray.Data<number>>;

/**
 * Which entries count: per item (length B; a falsy entry drops the whole row) or per entry
 * (a B×N ndarray). Masked-out entries do not move the statistics and normalise to 0.
 */
export type RewardMask = ArrayLike<number | boolean> | NdArray;

/** Checkpointable state: per objective, the count, mean and sum of squared deviations (M2). */
export interface NormalizerState {
  readonly version: 1;
  readonly epsilon: number;
  readonly count: ReadonlyArray<number>;
  readonly mean: ReadonlyArray<number>;
  readonly m2: ReadonlyArray<number>;
}

/**
 * Per-objective running mean and variance of rewards (Welford, merged batch-wise with Chan's
 * formula so one update costs O(B·N)), used to put objectives on a common scale.
 */
export class RunningNormalizer {
  private readonly n: Float64Array;
  private readonly mu: Float64Array;
  private readonly m2: Float64Array;

  constructor(
    readonly objectives: number,
    readonly epsilon = 1e-8,
  ) {
    if (!Number.isInteger(objectives) || objectives < 1) throw new NormalizerInputError('objectives', objectives, 'must be an integer ≥ 1');
    if (!Number.isFinite(epsilon) || epsilon < 0) throw new NormalizerInputError('epsilon', epsilon, 'must be a finite number ≥ 0');
    this.n = new Float64Array(objectives);
    this.mu = new Float64Array(objectives);
    this.m2 = new Float64Array(objectives);
  }

  count(objective: number): number {
    return this.n[this.checkObjective(objective)];
  }

  mean(objective: number): number {
    return this.mu[this.checkObjective(objective)];
  }

  /** Population variance of the rewards seen so far (0 before any). */
  variance(objective: number): number {
    const j = this.checkObjective(objective);
    return this.n[j] > 0 ? this.m2[j] / this.n[j] : 0;
  }

  /** Folds a B×N batch into the statistics. Throws on a wrong shape or a non-finite reward. */
  update(rewards: RewardMatrix, mask?: RewardMask): this {
    const [b, cols] = this.checkShape(rewards);
    const keep = maskReader(mask, b, cols);
    for (let j = 0; j < cols; j++) {
      let nb = 0;
      let sum = 0;
      for (let i = 0; i < b; i++) {
        if (!keep(i, j)) continue;
        const x = rewards.get(i, j);
        if (!Number.isFinite(x)) throw new NormalizerInputError(`rewards[${i}][${j}]`, x, 'must be finite');
        nb++;
        sum += x;
      }
      if (nb === 0) continue;
      const meanB = sum / nb;
      let m2B = 0;
      for (let i = 0; i < b; i++) {
        if (keep(i, j)) m2B += (rewards.get(i, j) - meanB) ** 2;
      }
      const na = this.n[j];
      const total = na + nb;
      const delta = meanB - this.mu[j];
      this.mu[j] += (delta * nb) / total;
      this.m2[j] += m2B + (delta * delta * na * nb) / total;
      this.n[j] = total;
    }
    return this;
  }

  /** (x − mean) / sqrt(variance + epsilon) per objective, into a new B×N matrix; masked-out → 0. */
  normalize(rewards: RewardMatrix, mask?: RewardMask): NdArray<Float64Array> {
    const [b, cols] = this.checkShape(rewards);
    const keep = maskReader(mask, b, cols);
    const out = new Float64Array(b * cols);
    for (let j = 0; j < cols; j++) {
      const scale = 1 / Math.sqrt(this.variance(j) + this.epsilon);
      for (let i = 0; i < b; i++) {
        if (!keep(i, j)) continue;
        const x = rewards.get(i, j);
        if (!Number.isFinite(x)) throw new NormalizerInputError(`rewards[${i}][${j}]`, x, 'must be finite');
        const z = (x - this.mu[j]) * scale;
        if (!Number.isFinite(z)) throw new NormalizerInputError('epsilon', this.epsilon, `objective ${j} has zero variance; use epsilon > 0`);
        out[i * cols + j] = z;
      }
    }
    return ndarray(out, [b, cols]);
  }

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
    const fields = ['count', 'mean', 'm2'] as const;
    const arrays: Record<(typeof fields)[number], number[]> = { count: [], mean: [], m2: [] };
    for (const field of fields) {
      const value = s[field];
      if (!Array.isArray(value) || value.length === 0) return E.left(new NormalizerInputError(`state.${field}`, value, 'expected a non-empty array'));
      for (const [k, x] of value.entries()) {
        const ok = typeof x === 'number' && Number.isFinite(x) && (field === 'mean' || x >= 0);
        if (!ok) return E.left(new NormalizerInputError(`state.${field}[${k}]`, x, field === 'mean' ? 'expected a finite number' : 'expected a finite number ≥ 0'));
      }
      arrays[field] = value as number[];
    }
    if (arrays.mean.length !== arrays.count.length || arrays.m2.length !== arrays.count.length) {
      return E.left(new NormalizerInputError('state.mean', arrays.mean.length, `count, mean and m2 must have equal lengths (count has ${arrays.count.length})`));
    }
    const normalizer = new RunningNormalizer(arrays.count.length, s.epsilon);
    normalizer.n.set(arrays.count);
    normalizer.mu.set(arrays.mean);
    normalizer.m2.set(arrays.m2);
    return E.right(normalizer);
  }

  private checkObjective(objective: number): number {
    if (!Number.isInteger(objective) || objective < 0 || objective >= this.objectives) {
      throw new NormalizerInputError('objective', objective, `must be an integer in [0, ${this.objectives})`);
    }
    return objective;
  }

  private checkShape(rewards: RewardMatrix): [number, number] {
    const shape = rewards?.shape;
    if (!Array.isArray(shape) || shape.length !== 2 || shape[1] !== this.objectives) {
      throw new NormalizerInputError('rewards.shape', shape, `expected [B, ${this.objectives}]`);
    }
    return [shape[0], shape[1]];
  }
}

function maskReader(mask: RewardMask | undefined, b: number, cols: number): (i: number, j: number) => boolean {
  if (mask === undefined) return () => true;
  if ('shape' in mask && Array.isArray(mask.shape)) {
    const m = mask as NdArray;
    if (m.shape.length !== 2 || m.shape[0] !== b || m.shape[1] !== cols) {
      throw new NormalizerInputError('mask.shape', m.shape, `expected [${b}] or [${b}, ${cols}]`);
    }
    return (i, j) => Boolean(m.get(i, j));
  }
  const rows = mask as ArrayLike<number | boolean>;
  if (rows.length !== b) throw new NormalizerInputError('mask.length', rows.length, `expected ${b} (one per item) or a [${b}, ${cols}] ndarray`);
  return (i) => Boolean(rows[i]);
}
