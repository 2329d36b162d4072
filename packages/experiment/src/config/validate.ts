// Validates JSON values against a FieldSchema. The result is fp-ts-Either-shaped; the error
// names the dotted key path, the offending value and what was expected.
import { ExperimentError } from '../experiment-error.js';
import type { FieldSchema } from './schema-dsl.js';

export interface ConfigIssue {
  readonly key: string;
  readonly value: unknown;
  readonly expected: string;
}

/**
 * A config issue as the one-line error, `where` saying which layer it is in:
 * `invalid config: ppo.clipEpsilon: a finite number > 0 and < 1 (got 1.5)`.
 *
 * @example issueError('config', { key: 'steps', value: -1, expected: 'an integer >= 1' }).message; // 'invalid config: steps: an integer >= 1 (got -1)'
 */
export function issueError(where: 'config' | 'flag', issue: ConfigIssue): ExperimentError {
  return new ExperimentError(issue.key || '(top level)', issue.value, issue.expected, { context: `invalid ${where}` });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeRange(s: Extract<FieldSchema, { kind: 'number' }>): string {
  const lo = s.min === undefined ? '' : `${s.exclusiveMin ? '>' : '>='} ${s.min}`;
  const hi = s.max === undefined ? '' : `${s.exclusiveMax ? '<' : '<='} ${s.max}`;
  const range = [lo, hi].filter((x) => x !== '').join(' and ');
  return `${s.integer ? 'an integer' : 'a finite number'}${range ? ` ${range}` : ''}`;
}

/**
 * Checks `value` against `schema`. With `partial`, object fields may be missing (an override
 * layer); otherwise every field must be present. Returns the first issue found, depth first.
 */
export function validateAgainst(schema: FieldSchema, value: unknown, key: string, partial: boolean): ConfigIssue | null {
  switch (schema.kind) {
    case 'number': {
      const expected = describeRange(schema);
      if (typeof value !== 'number' || !Number.isFinite(value)) return { key, value, expected };
      if (schema.integer && !Number.isInteger(value)) return { key, value, expected };
      if (schema.min !== undefined && (schema.exclusiveMin ? value <= schema.min : value < schema.min)) return { key, value, expected };
      if (schema.max !== undefined && (schema.exclusiveMax ? value >= schema.max : value > schema.max)) return { key, value, expected };
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : { key, value, expected: 'true or false' };
    case 'string': {
      if (schema.oneOf) {
        return typeof value === 'string' && schema.oneOf.includes(value)
          ? null
          : { key, value, expected: `one of ${schema.oneOf.join(', ')}` };
      }
      const min = schema.minLength ?? 0;
      if (typeof value !== 'string' || value.length < min) {
        return { key, value, expected: min > 0 ? `a string of at least ${min} characters` : 'a string' };
      }
      return null;
    }
    case 'nullable':
      return value === null ? null : validateAgainst(schema.of, value, key, partial);
    case 'array': {
      const bounds = `${schema.minItems ?? 0}..${schema.maxItems ?? '∞'}`;
      if (!Array.isArray(value)) return { key, value, expected: `an array (${bounds} items)` };
      if (value.length < (schema.minItems ?? 0) || value.length > (schema.maxItems ?? Infinity)) {
        return { key, value, expected: `an array of ${bounds} items` };
      }
      for (let i = 0; i < value.length; i++) {
        const issue = validateAgainst(schema.of, value[i], `${key}[${i}]`, false);
        if (issue) return issue;
      }
      if (schema.unique) {
        const seen = new Set<string>();
        for (let i = 0; i < value.length; i++) {
          const id = JSON.stringify(value[i]);
          if (seen.has(id)) return { key: `${key}[${i}]`, value: value[i], expected: 'no repeated entries' };
          seen.add(id);
        }
      }
      return null;
    }
    case 'object': {
      if (!isPlainObject(value)) return { key, value, expected: 'an object' };
      for (const k of Object.keys(value)) {
        if (!Object.hasOwn(schema.fields, k)) {
          const known = Object.keys(schema.fields).join(', ');
          return { key: key ? `${key}.${k}` : k, value: value[k], expected: `unknown key (known: ${known})` };
        }
      }
      for (const [k, fieldSchema] of Object.entries(schema.fields)) {
        const child = key ? `${key}.${k}` : k;
        if (!(k in value)) {
          if (partial) continue;
          return { key: child, value: undefined, expected: 'a required key' };
        }
        const issue = validateAgainst(fieldSchema, value[k], child, partial);
        if (issue) return issue;
      }
      return null;
    }
  }
}

/** Deep-merges an override layer into a base: objects merge key by key, anything else replaces. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    out[k] = k in out ? deepMerge(out[k], v) : v;
  }
  return out as T;
}
