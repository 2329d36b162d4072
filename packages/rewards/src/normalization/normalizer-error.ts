import { FieldError } from 'pama-core/support';

/**
 * Bad data given to the running normaliser (a `Left`): a pama-core `FieldError` naming the field
 * and the offending value.
 *
 * @example
 * new RunningNormalizer(2).update({ data: [1, 2, 3], shape: [1, 3] });
 * // Left(NormalizerInputError: rewards.shape: expected [B, 2] (got [1, 3]))
 */
export class NormalizerInputError extends FieldError {
  override readonly name = 'NormalizerInputError';
}
