// Parsing JSON the CLI reads (config, `pama solve` input, metrics, run state) with a bound on
// nesting depth. JSON.parse itself copes with any depth, but everything after it (validation,
// merging, rendering, JSON.stringify) recurses, so a 100 000-deep value would overflow the stack.
import { ExperimentError } from '../experiment-error.js';
import { findDuplicateKey } from './duplicate-keys.js';

/** Deeper than any file the CLI reads legitimately needs (config and metrics are under 8). */
export const MAX_JSON_DEPTH = 64;

/**
 * The path of the first value nested deeper than `maxDepth` (e.g. `values[0][0][0]…`), or null.
 * Iterative, so it works on values that would overflow a recursive walk.
 */
export function tooDeepPath(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: Array<{ node: unknown; depth: number; path: string }> = [{ node: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return path || '(top level)';
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], depth: depth + 1, path: `${path}[${i}]` });
    } else {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ node: (node as Record<string, unknown>)[keys[i]], depth: depth + 1, path: path ? `${path}.${keys[i]}` : keys[i] });
      }
    }
  }
  return null;
}

function shortPath(path: string): string {
  return path.length > 60 ? `${path.slice(0, 57)}…` : path;
}

/**
 * Parses `text` read from `source` (a file name or "stdin"); throws a one-line ExperimentError (exit 2)
 * when it is not JSON, nests deeper than MAX_JSON_DEPTH or repeats a key within an object, naming
 * the field where it does.
 *
 * @example parseJsonBounded('{"steps": 3}', 'config file run.json') // → { steps: 3 }
 */
export function parseJsonBounded(text: string, source: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    // V8 words a text cut short in several ways ("Unexpected end", "Expected ',' or ']' after array
    // element … at position N" with N the text's length): all of them mean the parse ran off the end.
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const ranOffTheEnd =
      /Unexpected end of JSON input|Unterminated/.test(message) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    const truncated = text.trim() === '' ? ' (empty)' : ranOffTheEnd ? ' (truncated?)' : '';
    throw new ExperimentError(`${source} is not valid JSON${truncated}: ${(e as Error).message.split('\n')[0]}`);
  }
  const deep = tooDeepPath(value, maxDepth);
  if (deep !== null) throw new ExperimentError(`${source}: ${shortPath(deep)} nests deeper than ${maxDepth} levels`);
  const repeated = findDuplicateKey(text);
  if (repeated !== null) {
    const where = repeated.path === '' ? 'at the top level' : `in ${shortPath(repeated.path)}`;
    throw new ExperimentError(
      `${source}: the key ${JSON.stringify(repeated.key)} is given twice ${where} (JSON would keep only the last); keep one`,
    );
  }
  return value;
}
