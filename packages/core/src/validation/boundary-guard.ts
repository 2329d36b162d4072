// Public functions never throw on bad input: anything that throws while reading the caller's
// objects (a throwing getter, a revoked proxy) becomes a Left instead.
import { left, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';

/**
 * Engine errors that mean "this valid input needs more memory or stack than the engine gives",
 * not "the input could not be read". The size limits (limits.ts) are meant to catch such input
 * first; this is the backstop.
 */
const RESOURCE_EXHAUSTED =
  /Invalid typed array length|Array buffer allocation failed|Invalid array length|Maximum call stack size exceeded|out of memory/i;

export const guardBoundary = <A>(field: string, body: () => PamaResult<A>): PamaResult<A> => {
  try {
    return body();
  } catch (cause) {
    let detail = 'unknown error';
    let exhausted = false;
    try {
      detail = cause instanceof Error ? cause.message : String(cause);
      exhausted = cause instanceof RangeError && RESOURCE_EXHAUSTED.test(detail);
    } catch {
      // the thrown value itself is unreadable; keep the generic detail
    }
    if (exhausted) {
      return left(pamaError('too-large', field, `${field} is too large for this engine's memory or stack (${detail}); split the input`));
    }
    return left(pamaError('unreadable-input', field, `reading ${field} threw: ${detail}`));
  }
};
