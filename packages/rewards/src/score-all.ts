import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import ndarray from 'ndarray';
import type { NdArray } from 'ndarray';
import { RewardConfigError } from './reward-config-error.js';
import { RewardError } from './reward-error.js';
import type { RewardItem, RewardSource } from './reward-source.js';
import { checkItems, checkScores } from './score-validation.js';

/**
 * Scores a batch of B items with N sources, all sources in parallel, into a B×N row-major matrix
 * (column j = sources[j]). All or nothing: if any source fails or returns a wrong-length or
 * non-finite vector, the result is the `Left` of the first failing source (in source order) and no
 * matrix is built.
 */
export function scoreAll(
  sources: ReadonlyArray<RewardSource>,
  items: ReadonlyArray<RewardItem>,
): TaskEither<RewardError, NdArray<Float64Array>> {
  const names = new Set<string>();
  for (const [j, source] of sources.entries()) {
    if (names.has(source.name)) throw new RewardConfigError(`sources[${j}].name`, source.name, 'source names must be unique');
    names.add(source.name);
  }
  return async () => {
    // Bad items are the caller's fault, not a source's; the error still carries a source name.
    const checked = checkItems(sources[0]?.name ?? 'scoreAll', items);
    if (E.isLeft(checked)) return checked;
    const results = await Promise.all(sources.map((source) => runSource(source, items)));
    const b = items.length;
    const n = sources.length;
    const data = new Float64Array(b * n);
    for (let j = 0; j < n; j++) {
      const result = results[j];
      if (E.isLeft(result)) return result;
      const column = result.right;
      for (let i = 0; i < b; i++) data[i * n + j] = column[i];
    }
    return E.right(ndarray(data, [b, n]));
  };
}

/** Runs one source, turning a contract-breaking rejection into a `function-threw` Left. */
async function runSource(source: RewardSource, items: ReadonlyArray<RewardItem>): Promise<E.Either<RewardError, Float64Array>> {
  let result: E.Either<RewardError, unknown>;
  try {
    result = await source.score(items)();
  } catch (error) {
    return E.left(new RewardError(source.name, { kind: 'function-threw', error }));
  }
  if (typeof result !== 'object' || result === null || (result._tag !== 'Left' && result._tag !== 'Right')) {
    return E.left(new RewardError(source.name, { kind: 'bad-shape', field: 'result', detail: 'score() did not resolve to an Either' }));
  }
  if (E.isLeft(result)) {
    const left: unknown = result.left;
    return E.left(left instanceof RewardError ? left : new RewardError(source.name, { kind: 'function-threw', error: left }));
  }
  return checkScores(source.name, result.right, items.length);
}
