// Typed errors for bad input to the model modules: each names the offending field and its value.

/** An argument (config field, option, tensor shape, weight) failed validation. */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${field} ${reason} (got ${describeValue(value)})`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.slice(0, 8).map(describeValue).join(', ')}${value.length > 8 ? ', …' : ''}]`;
  if (typeof value === 'object' && value !== null) {
    try {
      const json = JSON.stringify(value);
      return json.length > 120 ? `${json.slice(0, 117)}...` : json;
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
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
