// A rollout batch as plain arrays, and gathering the rows of a minibatch from it.

export interface RolloutBuffers {
  /** B×L int32 tokens (prompt then response), L = promptLength + responseLength. */
  readonly tokens: Int32Array;
  readonly batchSize: number;
  readonly promptLength: number;
  /** T: response positions per row (maxNewTokens). */
  readonly responseLength: number;
  readonly nObjectives: number;
  /** B×T response mask. */
  readonly mask: Float32Array;
  /** B×T log π_old of the sampled tokens. */
  readonly logProbsOld: Float32Array;
  /** B×T×N values at rollout time. */
  readonly oldValues: Float32Array;
  /** B×T×N value targets. */
  readonly returns: Float32Array;
  /** B×T×N per-objective advantages. */
  readonly perObjective: Float32Array;
  /** B×T fixed single advantage stream (morlhf, ppo). */
  readonly scalar?: Float32Array;
  /** B×N, 1 where objective i takes part in response b's PAMA combine (absent: all do). */
  readonly objectiveMask?: Float32Array;
  /** B×T log π_ref of the sampled tokens (KL placement 'loss'). */
  readonly logProbsRef?: Float32Array;
  /** B×T advantage of the KL stream, added to the combined advantage (KL placement 'combined'). */
  readonly klAdvantage?: Float32Array;
}

/** The rows of a minibatch: the per-row fields of the rollout, gathered. */
export type MinibatchBuffers = Pick<
  RolloutBuffers,
  'tokens' | 'mask' | 'logProbsOld' | 'oldValues' | 'returns' | 'perObjective' | 'scalar' | 'objectiveMask' | 'logProbsRef' | 'klAdvantage'
> & { readonly rows: number };

function gatherRows<A extends Float32Array | Int32Array>(source: A, rowIndices: readonly number[], width: number): A {
  const out = new (source.constructor as new (n: number) => A)(rowIndices.length * width);
  rowIndices.forEach((row, r) => out.set(source.subarray(row * width, (row + 1) * width), r * width));
  return out;
}

export function gatherMinibatch(buffers: RolloutBuffers, rowIndices: readonly number[]): MinibatchBuffers {
  const T = buffers.responseLength;
  const N = buffers.nObjectives;
  const L = buffers.promptLength + T;
  return {
    rows: rowIndices.length,
    tokens: gatherRows(buffers.tokens, rowIndices, L),
    mask: gatherRows(buffers.mask, rowIndices, T),
    logProbsOld: gatherRows(buffers.logProbsOld, rowIndices, T),
    oldValues: gatherRows(buffers.oldValues, rowIndices, T * N),
    returns: gatherRows(buffers.returns, rowIndices, T * N),
    perObjective: gatherRows(buffers.perObjective, rowIndices, T * N),
    scalar: buffers.scalar ? gatherRows(buffers.scalar, rowIndices, T) : undefined,
    objectiveMask: buffers.objectiveMask ? gatherRows(buffers.objectiveMask, rowIndices, N) : undefined,
    logProbsRef: buffers.logProbsRef ? gatherRows(buffers.logProbsRef, rowIndices, T) : undefined,
    klAdvantage: buffers.klAdvantage ? gatherRows(buffers.klAdvantage, rowIndices, T) : undefined,
  };
}
