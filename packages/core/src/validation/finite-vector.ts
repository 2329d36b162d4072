// Validation of a flat list of finite numbers (weights, objective values, points).
import { left, right, type PamaResult } from '../either.js';
import { describeValue, pamaError } from '../pama-error.js';

/** Right(length) when `values` is an array of finite numbers (of `expectedLength`, if given). */
export const readFiniteVector = (values: unknown, field: string, expectedLength?: number): PamaResult<number> => {
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<unknown>).length !== 'number') {
    return left(pamaError('invalid-type', field, `${field} must be an array of numbers, got ${describeValue(values)}`));
  }
  const list = values as ArrayLike<unknown>;
  if (list.length === 0) return left(pamaError('empty-input', field, `${field} must hold at least one number, got an empty array`));
  if (expectedLength !== undefined && list.length !== expectedLength) {
    return left(pamaError('shape-mismatch', field, `${field} has length ${list.length}, expected ${expectedLength}`));
  }
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (typeof x !== 'number') {
      return left(pamaError('invalid-type', `${field}[${i}]`, `${field}[${i}] must be a number, got ${describeValue(x)}`));
    }
    if (!Number.isFinite(x)) {
      return left(pamaError('non-finite', `${field}[${i}]`, `${field}[${i}] is ${describeValue(x)}; it must be finite`));
    }
  }
  return right(list.length);
};
