import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as T from 'fp-ts/lib/Task.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
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
 * matrix is built. Two sources with one name are a configuration error (thrown at once).
 *
 * @example
 * const items = [{ prompt: 'The film', response: 'was a wonderful delight' }];
 * // Length: 4 words × scale 0.25 = 1, inside the clip range [0.5, 1.5].
 * const result = await scoreAll([lengthReward({ scale: 0.25, min: 0.5, max: 1.5 }), sentimentReward()], items)();
 * E.isRight(result) && result.right.shape; // [1, 2]
 * E.isRight(result) && result.right.get(0, 0); // 1
 */
export function scoreAll(
  sources: ReadonlyArray<RewardSource>,
  items: ReadonlyArray<RewardItem>,
): TE.TaskEither<RewardError, NdArray<Float64Array>> {
  const names = new Set<string>();
  for (const [j, source] of sources.entries()) {
    if (names.has(source.name)) throw new RewardConfigError(`sources[${j}].name`, source.name, 'source names must be unique');
    names.add(source.name);
  }
  return pipe(
    // Bad items are the caller's fault, not a source's; the error still carries a source name.
    TE.fromEither(checkItems(sources[0]?.name ?? 'scoreAll', items)),
    // Every source runs (in parallel); the first Left in source order wins.
    TE.chain(() =>
      pipe(
        sources,
        T.traverseArray((source) => runSource(source, items)),
        T.map(E.sequenceArray),
      ),
    ),
    TE.map((columns) => toMatrix(columns, items.length)),
  );
}

/** Column j of the B×N row-major matrix is `columns[j]`. */
function toMatrix(columns: ReadonlyArray<Float64Array>, b: number): NdArray<Float64Array> {
  const n = columns.length;
  const data = new Float64Array(b * n);
  columns.forEach((column, j) => {
    for (let i = 0; i < b; i++) data[i * n + j] = column[i];
  });
  return ndarray(data, [b, n]);
}

const isEither = (value: unknown): value is E.Either<unknown, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  ((value as { _tag?: unknown })._tag === 'Left' || (value as { _tag?: unknown })._tag === 'Right');

/** Runs one source, turning a contract break (a throw, a rejection, a non-Either) into a Left. */
function runSource(source: RewardSource, items: ReadonlyArray<RewardItem>): TE.TaskEither<RewardError, Float64Array> {
  const threw = (error: unknown) => new RewardError(source.name, { kind: 'function-threw', error });
  return pipe(
    TE.tryCatch(async (): Promise<unknown> => source.score(items)(), threw),
    TE.chainEitherK(
      E.fromPredicate(
        isEither,
        (value) =>
          new RewardError(source.name, { kind: 'bad-shape', field: 'result', value, detail: 'score() did not resolve to an Either' }),
      ),
    ),
    TE.chainEitherK(E.mapLeft((left: unknown) => (left instanceof RewardError ? left : threw(left)))),
    TE.chainEitherK((scores) => checkScores(source.name, scores, items.length)),
  );
}
