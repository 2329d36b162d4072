// The one error base class of the adapters and applications built on the core: the field at
// fault, the offending value and the reason, with one message format. The core itself never
// throws (it returns a PamaError in a Left); it only defines the class so that every package
// above it throws the same shape.
import { renderValue } from './render-value.js';

/**
 * What every error thrown by pama-rewards, pama-tfjs, the `pama` command and the reward server
 * carries: where (`field`, e.g. `options.clipEpsilon`, `items[4].response`, `--jobs`), the
 * offending `value`, and the `reason` in words. The message is
 * `field: reason (got <value>)`, preceded by `context: ` when the thrower names where it happened
 * (a reward source, a file). Each package subclasses it (`RewardError`, `TrainingError`,
 * `CliError`, …) so callers can branch with `instanceof`. An error caused by another one carries
 * it as the standard `cause`, so nothing needs to parse a message back.
 *
 * @example
 * class SettingsError extends FieldError {
 *   override readonly name = 'SettingsError';
 * }
 * const e = new SettingsError('learningRate', -1, 'must be a finite number > 0');
 * e.message; // 'learningRate: must be a finite number > 0 (got -1)'
 * e instanceof FieldError; // true
 * const wrapped = new SettingsError('learningRate', 'x', 'unreadable', undefined, { cause: e });
 * wrapped.cause === e; // true
 */
export class FieldError extends Error {
  override readonly name: string = 'FieldError';
  /** Path of the offending field. */
  readonly field: string;
  /** The offending value, as given (the message renders it with `renderValue`). */
  readonly value: unknown;
  /** What was expected or what went wrong, in words. */
  readonly reason: string;
  /** Where it happened, when the field alone does not say (a reward source, a file); opens the message. */
  readonly context: string | undefined;

  constructor(field: string, value: unknown, reason: string, context?: string, options?: ErrorOptions) {
    super(fieldErrorMessage(field, value, reason, context), options);
    this.field = field;
    this.value = value;
    this.reason = reason;
    this.context = context;
  }
}

/**
 * The message of a {@link FieldError}: `context: field: reason (got <value>)`.
 *
 * @example
 * fieldErrorMessage('--jobs', 'many', 'a whole number from 1 to 256'); // '--jobs: a whole number from 1 to 256 (got "many")'
 */
function fieldErrorMessage(field: string, value: unknown, reason: string, context?: string): string {
  return `${context === undefined ? '' : `${context}: `}${field}: ${reason} (got ${renderValue(value)})`;
}
