import { renderValue, type FieldError } from '../reward-error.js';

/** Bad data given to the running normaliser (a `Left`): names the field and the offending value. */
export class NormalizerInputError extends Error implements FieldError {
  override readonly name = 'NormalizerInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid ${field} = ${renderValue(value)}: ${reason}`);
  }
}
