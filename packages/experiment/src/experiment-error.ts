// The error of bad experiment input (a metrics file, a run's files, a config, a flag's value):
// pama-core's FieldError under its own name, so a caller (the `pama` command) prints it as one line.
import { FieldError } from 'pama-core/support';

/**
 * Bad experiment input: names the field, the offending value and the reason, with where it was
 * read (`invalid metrics: runs[0].seed: an integer (got "x")`). A problem that is not about one
 * field's value (a file or run in the wrong state) is given as its whole line, with field
 * `command line` and no value.
 *
 * @example
 * const e = new ExperimentError('runs[0].seed', 'x', 'an integer', 'invalid metrics');
 * e.message; // 'invalid metrics: runs[0].seed: an integer (got "x")'
 * new ExperimentError('out/shard.json has format 2, expected 1').message; // 'out/shard.json has format 2, expected 1'
 * new ExperimentError('out/shard.json has format 2, expected 1').kind; // 'input'
 */
export class ExperimentError extends FieldError {
  override readonly name: string = 'ExperimentError';
  /** What went wrong, for a caller that answers each differently (the `pama` command's exit code). */
  readonly kind: ExperimentErrorKind;
  constructor(field: string, value: unknown, reason: string, context?: string | { readonly context?: string });
  constructor(line: string, kind?: ExperimentErrorKind);
  constructor(fieldOrLine: string, value?: unknown, reason?: string, context?: string | { readonly context?: string }) {
    if (reason !== undefined) {
      super(fieldOrLine, value, reason, typeof context === 'string' ? context : context?.context);
      this.kind = 'input';
    } else {
      super('command line', undefined, fieldOrLine);
      this.message = fieldOrLine;
      this.kind = (value as ExperimentErrorKind | undefined) ?? 'input';
    }
  }
}

/**
 * Why an {@link ExperimentError} was thrown: `input`, bad input (a file, a config, a value; the
 * user's to fix); `failed`, runs that failed while running (the others are kept; a resume redoes
 * them); `busy`, an out dir or cache another process holds (wait for it).
 *
 * @example
 * new ExperimentError('2 of 4 runs failed', 'failed').kind; // 'failed'
 */
export type ExperimentErrorKind = 'input' | 'failed' | 'busy';
