// A result value shaped exactly like fp-ts `Either`, so adapters can hand it to fp-ts without
// conversion while the core depends on nothing.
import type { PamaError } from './pama-error.js';

export interface Left<E> {
  readonly _tag: 'Left';
  readonly left: E;
}

export interface Right<A> {
  readonly _tag: 'Right';
  readonly right: A;
}

export type Either<E, A> = Left<E> | Right<A>;

/** What every fallible function of the core returns. */
export type PamaResult<A> = Either<PamaError, A>;

export const left = <E, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e });

export const right = <A, E = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a });

export const isLeft = <E, A>(result: Either<E, A>): result is Left<E> => result._tag === 'Left';

export const isRight = <E, A>(result: Either<E, A>): result is Right<A> => result._tag === 'Right';
