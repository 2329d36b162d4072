// A result value shaped exactly like fp-ts `Either`, so adapters can hand it to fp-ts without
// conversion while the core depends on nothing.
import type { PamaError } from './pama-error.js';

/** The failure case of an {@link Either}: `{ _tag: 'Left', left }`, as in fp-ts. */
export interface Left<E> {
  readonly _tag: 'Left';
  readonly left: E;
}

/** The success case of an {@link Either}: `{ _tag: 'Right', right }`, as in fp-ts. */
export interface Right<A> {
  readonly _tag: 'Right';
  readonly right: A;
}

/**
 * A failure `E` or a success `A`, structurally identical to fp-ts `Either` (fp-ts functions accept it).
 *
 * @example
 * const r: Either<string, number> = right(2);
 * if (r._tag === 'Right') console.log(r.right * 2); // 4
 */
export type Either<E, A> = Left<E> | Right<A>;

/**
 * What every fallible function of the core returns: a {@link PamaError} or the result.
 *
 * @example
 * const r: PamaResult<number> = hypervolume([[1, 2]], [0, 0]);
 * console.log(isRight(r) ? r.right : r.left.message); // 2
 */
export type PamaResult<A> = Either<PamaError, A>;

/**
 * Builds a failure.
 *
 * @example
 * left('no data'); // { _tag: 'Left', left: 'no data' }
 */
export const left = <E, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e });

/**
 * Builds a success.
 *
 * @example
 * right(42); // { _tag: 'Right', right: 42 }
 */
export const right = <A, E = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a });

/**
 * True for a failure; narrows the type so `result.left` can be read.
 *
 * @example
 * const r = pamaScalar([]);
 * if (isLeft(r)) console.log(r.left.code); // 'empty-input'
 */
export const isLeft = <E, A>(result: Either<E, A>): result is Left<E> => result._tag === 'Left';

/**
 * True for a success; narrows the type so `result.right` can be read.
 *
 * @example
 * const r = pamaScalar([1, 3]);
 * if (isRight(r)) console.log(r.right.value); // 1
 */
export const isRight = <E, A>(result: Either<E, A>): result is Right<A> => result._tag === 'Right';
