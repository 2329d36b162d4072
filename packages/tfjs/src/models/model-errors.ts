// The model modules' error: pama-core's FieldError (field, offending value, reason) under its own name.
import { FieldError } from 'pama-core/support';

/**
 * An argument (config field, option, tensor shape, weight) failed validation.
 *
 * @example
 * try {
 *   validateTransformerConfig({ ...DEFAULT_MODEL_CONFIG, dModel: 0 });
 * } catch (e) {
 *   if (e instanceof ModelInputError) console.log(e.message); // config.dModel: must be an integer >= 1 (got 0)
 * }
 */
export class ModelInputError extends FieldError {
  override readonly name = 'ModelInputError';
}

/** Throws unless `value` is an integer ≥ `min`. */
export function requireInteger(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ModelInputError(field, value, `must be an integer >= ${min}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function requirePositiveFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ModelInputError(field, value, 'must be a finite number > 0');
  }
  return value;
}
