// Size limits, checked before any allocation or work so that valid but oversized input gets a
// `too-large` Left naming the limit instead of a crash, an allocation failure or a minutes-long run.
import { left, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';

/**
 * Largest number of elements one input may address: a view's logical size (B·T·N of the
 * advantages, B·T of ratios and mask; a stride-0 view counts every element it addresses), a
 * vector's length, a list of values. 2²⁸ = 268 435 456 (1 GiB of Float32).
 */
export const MAX_INPUT_ELEMENTS = 2 ** 28;

/**
 * Largest number of vectors of a min-norm problem: n of `minNormElement`, `paretoStationarity`
 * and `mgdaWeights`, N of the `gram` granularity. The solver holds an n×n Gram and an n×n factor
 * (2 × 8 MiB at the limit).
 */
export const MAX_MIN_NORM_VECTORS = 1024;

/**
 * Largest number of multiply-adds spent on a Gram matrix: n(n+1)/2·d for n vectors of length d,
 * B·T·N(N+1)/2 for the `gram` granularity. 2³⁴ ≈ 1.7·10¹⁰ (seconds, not minutes).
 */
export const MAX_GRAM_PRODUCTS = 2 ** 34;

export const tooLarge = <A>(field: string, message: string): PamaResult<A> => left(pamaError('too-large', field, message));
