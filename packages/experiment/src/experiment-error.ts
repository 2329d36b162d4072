// The error of bad experiment input (a metrics file, a run's files, a config): pama-core's
// FieldError under its own name, so a caller (the `pama` command) prints it as one line.
import { FieldError } from 'pama-core/support';

/**
 * Bad experiment input: names the field, the offending value and the reason, with where it was
 * read (`invalid metrics: runs[0].seed: an integer (got "x")`).
 *
 * @example
 * const e = new ExperimentError('runs[0].seed', 'x', 'an integer', 'invalid metrics');
 * e.message; // 'invalid metrics: runs[0].seed: an integer (got "x")'
 */
export class ExperimentError extends FieldError {
  override readonly name: string = 'ExperimentError';
}
