import { FieldError } from 'pama-core';

/** Bad data given to the running normaliser (a `Left`): names the field and the offending value. */
export class NormalizerInputError extends FieldError {
  override readonly name = 'NormalizerInputError';
}
