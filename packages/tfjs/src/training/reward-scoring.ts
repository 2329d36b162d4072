// Scoring a batch of responses with N objectives. The reward-source shape is structural: a
// pama-rewards RewardSource (score → TaskEither, i.e. a thunk of a Promise of an fp-ts Either) fits it,
// since pama-core's Either has fp-ts's shape.
import type { Either } from 'pama-core';
import { RewardSourceError, TrainingError } from './training-error.js';

/** One prompt and response as text, what a reward source scores. */
export interface RewardItemLike {
  readonly prompt: string;
  readonly response: string;
}

/**
 * One objective's reward source; a pama-rewards `RewardSource` fits (its `score` returns an fp-ts
 * TaskEither: a thunk of a Promise of `{ _tag: 'Left', left }` or `{ _tag: 'Right', right }`).
 */
export interface RewardSourceLike {
  /** The objective's name. */
  readonly name: string;
  /** One score per item, in item order, or a Left with the reason; the promise does not reject. */
  score(items: ReadonlyArray<RewardItemLike>): () => Promise<Either<unknown, ArrayLike<number>>>;
}

/** What a reward function sees: token ids always, text when a tokenizer is present. */
export interface RewardBatch {
  readonly promptTokens: ReadonlyArray<ReadonlyArray<number>>;
  readonly responseTokens: ReadonlyArray<ReadonlyArray<number>>;
  readonly prompts?: readonly string[];
  readonly responses?: readonly string[];
}

/** Returns B rows of N scores (or a flat B×N array). */
export type RewardFn = (
  batch: RewardBatch,
) => ArrayLike<ArrayLike<number>> | ArrayLike<number> | Promise<ArrayLike<ArrayLike<number>> | ArrayLike<number>>;

/** Running per-objective normalisation of B×N scores whose state goes into checkpoints. */
export interface RewardNormalizerLike {
  /** Updates the running statistics with the batch and returns it normalised (B×N row-major). */
  normalize(scores: Float64Array, batchSize: number, nObjectives: number): Float64Array;
  /** The state to checkpoint (plain JSON data). */
  getState(): unknown;
  /** Restores a checkpointed state. */
  setState(state: unknown): void;
}

/** Scores every row with every source, sources in parallel; any failure fails the whole batch. */
export async function scoreWithSources(sources: readonly RewardSourceLike[], items: readonly RewardItemLike[]): Promise<Float64Array> {
  const B = items.length;
  const N = sources.length;
  const columns = await Promise.all(sources.map((source) => source.score(items)()));
  const out = new Float64Array(B * N);
  columns.forEach((result, i) => {
    const name = sources[i].name;
    if (result._tag === 'Left') {
      const cause = result.left as { message?: unknown };
      throw new RewardSourceError(i, name, cause?.message ?? cause, 'failed to score the batch', result.left);
    }
    const column = result.right;
    if (column.length !== B) throw new RewardSourceError(i, name, column.length, `must return one score per response, ${B}`);
    for (let b = 0; b < B; b++) out[b * N + i] = column[b];
  });
  return requireFiniteScores(out, B, N);
}

/** Calls a reward function and checks it returned B×N finite numbers. */
export async function scoreWithFunction(fn: RewardFn, batch: RewardBatch, nObjectives: number): Promise<Float64Array> {
  const B = batch.responseTokens.length;
  const result = await fn(batch);
  const out = new Float64Array(B * nObjectives);
  if (result.length === B && B > 0 && typeof result[0] === 'object') {
    const rows = result as ArrayLike<ArrayLike<number>>;
    for (let b = 0; b < B; b++) {
      if (rows[b].length !== nObjectives) {
        throw new TrainingError(`rewardFn()[${b}].length`, rows[b].length, `must equal ${nObjectives}`);
      }
      for (let i = 0; i < nObjectives; i++) out[b * nObjectives + i] = rows[b][i];
    }
  } else {
    const flat = result as ArrayLike<number>;
    if (flat.length !== B * nObjectives) throw new TrainingError('rewardFn().length', flat.length, `must be B×N = ${B * nObjectives}`);
    for (let k = 0; k < flat.length; k++) out[k] = flat[k];
  }
  return requireFiniteScores(out, B, nObjectives);
}

function requireFiniteScores(scores: Float64Array, B: number, N: number): Float64Array {
  for (let k = 0; k < B * N; k++) {
    if (!Number.isFinite(scores[k])) {
      throw new TrainingError(`scores[row ${Math.floor(k / N)}, objective ${k % N}]`, scores[k], 'must be finite');
    }
  }
  return scores;
}
