// The trainer's error: pama-core's FieldError (field, offending value, reason) under its own name.
import { FieldError } from 'pama-core/support';

/**
 * Bad trainer input or checkpoint, or a failure of a solver or reward source during training:
 * names the offending field and value.
 *
 * @example
 * try {
 *   createTrainer({ ...options, clipEpsilon: 2 });
 * } catch (e) {
 *   if (e instanceof TrainingError) console.log(e.field, e.value); // clipEpsilon 2
 * }
 */
export class TrainingError extends FieldError {
  override readonly name = 'TrainingError';
}

/** Throws unless `value` is a finite number (optionally within an open/closed range). */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TrainingError(field, value, 'must be a finite number');
  }
  return value;
}

export function requireInRange(field: string, value: unknown, min: number, max: number, inclusive = true): number {
  const v = requireFinite(field, value);
  const ok = inclusive ? v >= min && v <= max : v > min && v < max;
  if (!ok) {
    throw new TrainingError(field, value, `must be in ${inclusive ? '[' : '('}${min}, ${max}${inclusive ? ']' : ')'}`);
  }
  return v;
}

export function requirePositiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TrainingError(field, value, 'must be a positive integer');
  }
  return value;
}

/** Throws naming the field and index of the first non-finite entry. */
export function requireAllFinite(field: string, data: ArrayLike<number>): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) throw new TrainingError(`${field}[${k}]`, data[k], 'must be finite');
  }
}

export function requireLength(field: string, data: ArrayLike<number>, expected: number): void {
  if (data.length !== expected) {
    throw new TrainingError(`${field}.length`, data.length, `must equal ${expected}`);
  }
}
