// An error the command line reports as one line (no stack trace) and a non-zero exit code.
import { ExperimentError } from 'pama-experiment';

/**
 * pama-experiment's {@link ExperimentError} with the exit code the command line ends with
 * (2 by default). Give the field, the offending value and the reason
 * (`--jobs: a whole number from 1 to 256 (got "many")`), and where it was when the field alone does
 * not say (`invalid config: ppo.clipEpsilon: …`); a problem that is not about one field's
 * value (a usage mistake, a file or run in the wrong state) is given as its whole line, with
 * field `command line` and no value. The library's own ExperimentErrors exit with 2 as well.
 *
 * @example
 * throw new CliError('--jobs', 'many', 'a whole number from 1 to 256');
 * throw new CliError('merge needs --out DIR (where the merged metrics.json and report.html go)');
 */
export class CliError extends ExperimentError {
  override readonly name: string = 'CliError';
  readonly exitCode: number;
  constructor(field: string, value: unknown, reason: string, options?: { readonly exitCode?: number; readonly context?: string });
  constructor(line: string, exitCode?: number);
  constructor(
    fieldOrLine: string,
    valueOrExitCode?: unknown,
    reason?: string,
    options: { readonly exitCode?: number; readonly context?: string } = {},
  ) {
    if (reason !== undefined) {
      super(fieldOrLine, valueOrExitCode, reason, options.context);
      this.exitCode = options.exitCode ?? 2;
    } else {
      super(fieldOrLine);
      this.exitCode = (valueOrExitCode as number | undefined) ?? 2;
    }
  }
}
