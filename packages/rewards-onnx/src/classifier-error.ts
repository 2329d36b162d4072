import { FieldError } from 'pama-core/support';

/**
 * A classifier folder, option or runtime that cannot be used, found when the folder is read or the
 * model is loaded, before any text is scored. A pama-core `FieldError` whose message is one line:
 * `classifier folder <dir>: <file or option>: <what is wrong> (got <value>)`.
 *
 * @example
 * try {
 *   readClassifierFolder('/models/missing');
 * } catch (error) {
 *   if (error instanceof ClassifierError) console.error(error.message);
 *   // classifier folder /models/missing: dir: not a directory (got "/models/missing")
 * }
 */
export class ClassifierError extends FieldError {
  override readonly name = 'ClassifierError';
  /** The folder the classifier was read from. */
  readonly dir: string;

  constructor(dir: string, field: string, value: unknown, reason: string) {
    super(field, value, reason, `classifier folder ${dir}`);
    this.dir = dir;
  }
}
