// The one error type of the core: a code to branch on, the field at fault, and a message that
// names the offending value.

/** What went wrong, for branching; the README's error model lists when each code occurs. */
export type PamaErrorCode =
  /** NaN or ±Infinity where a finite number is required. */
  | 'non-finite'
  /** No elements where at least one is required (no vectors, zero-length axis, …). */
  | 'empty-input'
  /** Shapes, strides or lengths that do not agree with each other or with the data. */
  | 'shape-mismatch'
  /** A finite number outside its allowed range (e.g. clipEpsilon not in (0, 1)). */
  | 'out-of-range'
  /** A granularity other than 'token' | 'sample' | 'batch' | 'gram' | 'sample-mix'. */
  | 'unknown-granularity'
  /** An objective axis of length zero. */
  | 'zero-objectives'
  /** A value of the wrong kind (not an array, not a number, not a boolean, …). */
  | 'invalid-type'
  /** Something threw while reading the input (e.g. a getter); the input is rejected. */
  | 'unreadable-input'
  /**
   * Valid input beyond a documented size limit (see `limits`: MAX_INPUT_ELEMENTS, …), decided
   * before any allocation or work; the message names the limit.
   */
  | 'too-large';

/**
 * The one error type of the core, carried in the `left` of a {@link PamaResult}.
 *
 * @example
 * const r = pamaScalar([1, NaN]);
 * if (r._tag === 'Left') console.log(r.left.code, r.left.field); // non-finite values[1]
 */
export interface PamaError {
  /** What went wrong, for branching. */
  readonly code: PamaErrorCode;
  /** Path of the offending field, e.g. `advantages.data[17]`, `clipEpsilon`, `vectors[2][5]`. */
  readonly field: string;
  /** A sentence naming the field, the offending value and what was expected. */
  readonly message: string;
}

/**
 * Builds a {@link PamaError} (for adapters that report their own input errors the core's way).
 *
 * @example
 * left(pamaError('out-of-range', 'clipEpsilon', 'clipEpsilon must lie in (0, 1), got 2'));
 */
export const pamaError = (code: PamaErrorCode, field: string, message: string): PamaError => ({
  code,
  field,
  message,
});
