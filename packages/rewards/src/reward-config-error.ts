import { FieldError } from 'pama-core/support';

/**
 * Thrown synchronously when a source, normaliser or server is configured with an invalid option:
 * configuration is code, checked once at construction, never per batch (data never throws).
 * A pama-core `FieldError`: `field` is the option, `value` what was given.
 *
 * @example
 * lengthReward({ scale: Number.NaN }); // throws RewardConfigError: scale: must be a finite number (got NaN)
 */
export class RewardConfigError extends FieldError {
  override readonly name = 'RewardConfigError';
}

export function requirePositiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RewardConfigError(field, value, 'must be an integer ≥ 1');
  return value;
}

export function requireNonNegativeInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RewardConfigError(field, value, 'must be an integer ≥ 0');
  return value;
}

export function requireFinite(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RewardConfigError(field, value, 'must be a finite number');
  return value;
}

export function requireName(field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new RewardConfigError(field, value, 'must be a non-empty string');
  return value;
}
