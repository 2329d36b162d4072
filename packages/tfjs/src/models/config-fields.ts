// Reading a config.json's fields with errors that name the file, the field and the value.
import { ModelInputError } from './model-errors.js';

/** Typed access to one config.json. */
export interface ConfigFields {
  /** A positive integer (a size). `fallbacks` are other names transformers accepts for it. */
  integer(field: string, fallback?: number, ...aliases: string[]): number;
  /** A finite positive number. */
  positive(field: string, fallback: number): number;
  /** true or false. */
  boolean(field: string, fallback: boolean): boolean;
  /** The raw value (undefined when absent or null). */
  raw(field: string): unknown;
  /** Throws naming the field: its value is one this project does not support. */
  unsupported(field: string, reason: string): never;
}

/**
 * Field readers over a parsed config.json; `path` opens every error message.
 *
 * @example
 * const fields = configFields({ n_embd: 768 }, 'models/gpt2/config.json');
 * fields.integer('n_embd'); // 768
 */
export function configFields(json: Record<string, unknown>, path: string): ConfigFields {
  const value = (field: string): unknown => (json[field] === null ? undefined : json[field]);
  return {
    integer(field, fallback, ...aliases) {
      const names = [field, ...aliases];
      const found = names.find((n) => value(n) !== undefined);
      const v = found === undefined ? fallback : value(found);
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
        throw new ModelInputError(found ?? field, v, 'must be a positive integer', path);
      }
      return v;
    },
    positive(field, fallback) {
      const v = value(field) ?? fallback;
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ModelInputError(field, v, 'must be a finite number > 0', path);
      return v;
    },
    boolean(field, fallback) {
      const v = value(field) ?? fallback;
      if (typeof v !== 'boolean') throw new ModelInputError(field, v, 'must be true or false', path);
      return v;
    },
    raw: value,
    unsupported(field, reason) {
      throw new ModelInputError(field, value(field), reason, path);
    },
  };
}
