// Public functions never throw on bad input: anything that throws while reading the caller's
// objects (a throwing getter, a revoked proxy) becomes a Left instead.
import { left, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';

export const guardBoundary = <A>(field: string, body: () => PamaResult<A>): PamaResult<A> => {
  try {
    return body();
  } catch (cause) {
    let detail = 'unknown error';
    try {
      detail = cause instanceof Error ? cause.message : String(cause);
    } catch {
      // the thrown value itself is unreadable; keep the generic detail
    }
    return left(pamaError('unreadable-input', field, `reading ${field} threw: ${detail}`));
  }
};
