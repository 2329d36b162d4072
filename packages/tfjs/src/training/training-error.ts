// A typed error for bad trainer input: it names the offending field and value.

/** Bad trainer input or checkpoint: names the offending field and value. */
export class TrainingError extends Error {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, reason: string) {
    super(`${field}: ${reason} (got ${describeValue(value)})`);
    this.name = 'TrainingError';
    this.field = field;
    this.value = value;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
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
