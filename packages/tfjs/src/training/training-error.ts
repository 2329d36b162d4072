// The trainer's error: pama-core's FieldError (field, offending value, reason) under its own name.
import { FieldError } from 'pama-core/support';

/**
 * Bad trainer input or checkpoint, or a failure of a solver or reward source during training:
 * names the offending field and value.
 *
 * @example
 * const e = new TrainingError('ppo.clipEpsilon', 2, 'must be in (0, 1)');
 * e.message; // 'ppo.clipEpsilon: must be in (0, 1) (got 2)'
 * [e.field, e.value]; // ['ppo.clipEpsilon', 2]
 * // createTrainer throws it for bad options, naming the field (here: a minibatch larger than the batch).
 * minibatchSizeError(8, 4) instanceof TrainingError; // true
 */
export class TrainingError extends FieldError {
  override readonly name: string = 'TrainingError';
}

/**
 * A reward source failed while the trainer scored a batch: which objective (its index among the
 * sources and its name), and the source's own error as `cause` (or, for a column of the wrong
 * length, no cause and the length as `value`). The step in flight is dropped; the last checkpoint
 * stays.
 *
 * @example
 * const source = new Error('connection refused');
 * const e = new RewardSourceError(1, 'length', source.message, 'failed to score the batch', source);
 * e.objective; // 'length'
 * e.objectiveIndex; // 1
 * e.cause === source; // true
 * e instanceof TrainingError; // true
 * e.message; // 'rewardSources[1] (length): failed to score the batch (got "connection refused")'
 */
export class RewardSourceError extends TrainingError {
  override readonly name: string = 'RewardSourceError';
  /** The failing source's index among the trainer's reward sources. */
  readonly objectiveIndex: number;
  /** The failing source's name. */
  readonly objective: string;

  constructor(objectiveIndex: number, objective: string, value: unknown, reason: string, cause?: unknown) {
    super(`rewardSources[${objectiveIndex}] (${objective})`, value, reason, undefined, cause === undefined ? undefined : { cause });
    this.objectiveIndex = objectiveIndex;
    this.objective = objective;
  }
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
