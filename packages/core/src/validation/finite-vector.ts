// Validation of a flat list of finite numbers (weights, objective values, points).
import { right, type PamaResult } from '../either.js';
import { MAX_INPUT_ELEMENTS } from './limits.js';
import { readFiniteNumbers } from './owned-numbers.js';

/**
 * Right(length) when `values` is an array of finite numbers (of `expectedLength`, if given).
 * Prefer `readOwnedFiniteVector`, which also returns the numbers read, so they are not read again.
 */
export const readFiniteVector = (values: unknown, field: string, expectedLength?: number): PamaResult<number> => {
  const read = readOwnedFiniteVector(values, field, expectedLength);
  return read._tag === 'Left' ? read : right(read.right.length);
};

/**
 * The finite numbers of `values` in storage the caller cannot change (each element read once):
 * Left naming `field`, `field.length` or `field[i]` otherwise, too-large beyond MAX_INPUT_ELEMENTS.
 */
export const readOwnedFiniteVector = (values: unknown, field: string, expectedLength?: number): PamaResult<ArrayLike<number>> =>
  readFiniteNumbers(values, field, MAX_INPUT_ELEMENTS, 'MAX_INPUT_ELEMENTS', expectedLength);
