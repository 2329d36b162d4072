// Flattens a nested JSON array of a required rank into row-major data and its shape, naming
// the first element that is not a finite number or that breaks the rectangular shape.
import { CliError } from '../cli-error.js';

/** The error of bad `pama solve` input: `invalid input: field: reason (got value)`. */
export const inputError = (field: string, value: unknown, reason: string): CliError =>
  new CliError(field, value, reason, { context: 'invalid input' });

export interface DenseArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

export function flattenNested(value: unknown, rank: number, field: string): DenseArray {
  const shape: number[] = [];
  let probe: unknown = value;
  for (let d = 0; d < rank; d++) {
    if (!Array.isArray(probe)) throw inputError(field, value, `expected a ${rank}-dimensional array of numbers`);
    if (probe.length === 0) throw inputError(field, value, `axis ${d} is empty`);
    shape.push(probe.length);
    probe = probe[0];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let offset = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === rank) {
      if (typeof node !== 'number' || !Number.isFinite(node)) throw inputError(path, node, 'expected a finite number');
      data[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw inputError(path, node, `expected an array of length ${shape[depth]} (shape ${shape.join('×')})`);
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, field);
  return { data, shape };
}

/** Rebuilds a nested array of the given shape from row-major data. */
export function nest(data: ArrayLike<number>, shape: readonly number[]): unknown[] {
  const build = (depth: number, offset: number): unknown[] => {
    const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[depth] }, (_, i) =>
      depth === shape.length - 1 ? data[offset + i] : build(depth + 1, offset + i * stride),
    );
  };
  return build(0, 0);
}
