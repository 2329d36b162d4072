// Reading a set of objective vectors (points to maximise) into owned storage. Every element of the
// caller's input is read exactly once — a getter that answers differently on a second read cannot
// make the computation disagree with what was validated.
import { left, right, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';

/** Points as rows of a row-major `count × dimension` matrix. */
export interface PointMatrix {
  readonly data: Float64Array;
  readonly count: number;
  readonly dimension: number;
}

/**
 * Largest number of values (points × dimension) the Pareto utilities accept: 2^26 = 67 108 864
 * (512 MiB as float64). Larger inputs get a `too-large` Left before anything is allocated.
 */
export const MAX_POINT_VALUES = 2 ** 26;

const isLengthy = (value: unknown): value is ArrayLike<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as ArrayLike<unknown>).length === 'number';

/** Reads `row.length` once and checks it is a usable count. */
const rowLength = (row: unknown, field: string): PamaResult<number> => {
  if (!isLengthy(row)) return left(pamaError('invalid-type', field, `${field} must be an array of numbers, got ${renderValue(row)}`));
  const length = row.length;
  if (!Number.isSafeInteger(length) || length < 0) {
    return left(pamaError('invalid-type', `${field}.length`, `${field}.length must be a non-negative integer, got ${renderValue(length)}`));
  }
  if (length === 0) return left(pamaError('empty-input', field, `${field} must hold at least one number, got an empty array`));
  return right(length);
};

/** Copies `length` finite numbers of `row` (each read once) into `out` at `offset`. */
const copyRow = (row: ArrayLike<unknown>, length: number, field: string, out: Float64Array, offset: number): PamaResult<void> => {
  for (let i = 0; i < length; i++) {
    const x = row[i];
    if (typeof x !== 'number')
      return left(pamaError('invalid-type', `${field}[${i}]`, `${field}[${i}] must be a number, got ${renderValue(x)}`));
    if (!Number.isFinite(x))
      return left(pamaError('non-finite', `${field}[${i}]`, `${field}[${i}] is ${renderValue(x)}; it must be finite`));
    out[offset + i] = x;
  }
  return right(undefined);
};

/** A finite vector (e.g. a reference point) copied once into a Float64Array. */
export const copyVector = (values: unknown, field: string): PamaResult<Float64Array> => {
  const length = rowLength(values, field);
  if (length._tag === 'Left') return length;
  if (length.right > MAX_POINT_VALUES) return left(tooLarge(field, length.right));
  const out = new Float64Array(length.right);
  const copied = copyRow(values as ArrayLike<unknown>, length.right, field, out, 0);
  return copied._tag === 'Left' ? copied : right(out);
};

const tooLarge = (field: string, values: number): ReturnType<typeof pamaError> =>
  pamaError('too-large', field, `${field} holds ${values} values; the limit is ${MAX_POINT_VALUES} (2^26)`);

/**
 * `points` — an array of equally long finite vectors, the length taken from the first point or
 * given as `dimension` — copied into a PointMatrix. An empty array gives count 0.
 */
export const copyPoints = (points: unknown, field: string, dimension?: number): PamaResult<PointMatrix> => {
  if (!Array.isArray(points)) {
    return left(pamaError('invalid-type', field, `${field} must be an array of points, got ${renderValue(points)}`));
  }
  const count = points.length;
  if (count === 0) return right({ data: new Float64Array(0), count: 0, dimension: dimension ?? 0 });
  const first: unknown = points[0];
  const firstLength = rowLength(first, `${field}[0]`);
  if (firstLength._tag === 'Left') return firstLength;
  const d = firstLength.right;
  if (dimension !== undefined && d !== dimension) {
    return left(pamaError('shape-mismatch', `${field}[0]`, `${field}[0] has length ${d}, expected ${dimension}`));
  }
  if (count * d > MAX_POINT_VALUES) {
    return left(
      pamaError(
        'too-large',
        field,
        `${field} holds ${count} points of dimension ${d} (${count * d} values); the limit is ${MAX_POINT_VALUES} (2^26) values`,
      ),
    );
  }
  const data = new Float64Array(count * d);
  for (let k = 0; k < count; k++) {
    const row: unknown = k === 0 ? first : points[k];
    let length = d;
    if (k > 0) {
      const read = rowLength(row, `${field}[${k}]`);
      if (read._tag === 'Left') return read;
      length = read.right;
      if (length !== d) return left(pamaError('shape-mismatch', `${field}[${k}]`, `${field}[${k}] has length ${length}, expected ${d}`));
    }
    const copied = copyRow(row as ArrayLike<unknown>, d, `${field}[${k}]`, data, k * d);
    if (copied._tag === 'Left') return copied;
  }
  return right({ data, count, dimension: d });
};
