import type { PamaResult } from '../src/index.js';

/** The Right value, or a test failure that prints the PamaError. */
export const unwrap = <A>(result: PamaResult<A>): A => {
  if (result._tag === 'Left') throw new Error(`expected Right, got Left: ${JSON.stringify(result.left)}`);
  return result.right;
};
