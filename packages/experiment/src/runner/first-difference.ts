// Where two JSON values first differ, for errors that name the differing key and both values.
import { renderValue } from 'pama-core/support';

export interface Difference {
  /** Dotted path of the first differing key, e.g. `model.dModel` ('(root)' when the values themselves differ). */
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * The first difference between two JSON values (object keys in order of appearance; an array is
 * one value), or undefined.
 * @example firstDifference({ steps: 6 }, { steps: 7 }) // { path: 'steps', a: 6, b: 7 }
 */
export function firstDifference(a: unknown, b: unknown, path = ''): Difference | undefined {
  // Arrays are compared whole, so an error shows `seeds is [1,3] … [1,2]` rather than `seeds.1`.
  if (!isObject(a) || !isObject(b) || Array.isArray(a) || Array.isArray(b)) {
    return JSON.stringify(a) === JSON.stringify(b) ? undefined : { path: path || '(root)', a, b };
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A value as it appears in such an error: pama-core's renderValue, or `absent`. */
export const shownValue = (value: unknown): string => (value === undefined ? 'absent' : renderValue(value));
