// ndarray-compatible views, read structurally so an `ndarray` instance passes straight in while
// the core depends on nothing. A plain `{ data, shape }` is read as row-major.
import { left, right, type PamaResult } from './either.js';
import { pamaError } from './pama-error.js';
import { renderValue } from './support/render-value.js';
import { MAX_INPUT_ELEMENTS, tooLarge } from './validation/limits.js';
import { isBigIntTypedArray, stableTypedArray } from './validation/owned-numbers.js';

/** Numeric storage a view may address: a plain array or any numeric typed array. */
export type NumericData = ArrayLike<number>;

/**
 * A strided view: element (i0, i1, …) lives at `data[offset + Σ i_k·stride[k]]`.
 * `stride` defaults to row-major, `offset` to 0. An `ndarray` instance satisfies this type.
 */
export interface NdArrayView {
  readonly data: NumericData;
  readonly shape: ArrayLike<number>;
  readonly stride?: ArrayLike<number>;
  readonly offset?: number;
}

/**
 * A view after validation: plain arrays of integers, bounds checked against `data`, and `data` in
 * storage that cannot change while the core reads it (a typed array used in place, or an owned
 * row-major copy of the addressed elements of a plain array; see `origin`).
 */
export interface StridedView {
  readonly data: NumericData;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
  /** Number of addressed elements (product of the shape). */
  readonly size: number;
  /** True when the view addresses `data[offset … offset+size)` in row-major order. */
  readonly rowMajor: boolean;
  /**
   * Present when `data` is an owned copy: the caller's offset and strides, so that error messages
   * name indices into the caller's data (see `sourceIndex`).
   */
  readonly origin?: { readonly offset: number; readonly stride: readonly number[] };
}

/**
 * The strides of a dense row-major array of this shape (the last axis varies fastest).
 *
 * @example
 * rowMajorStrides([2, 3, 4]); // [12, 4, 1]
 */
export const rowMajorStrides = (shape: readonly number[]): number[] => {
  const stride = new Array<number>(shape.length);
  let step = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    stride[k] = step;
    step *= shape[k];
  }
  return stride;
};

/** Storage read in place (a typed array), storage to copy (array, shared typed array), or neither. */
const classifyStorage = (data: unknown): { stable: NumericData } | { copy: ArrayLike<unknown> } | undefined => {
  const typed = stableTypedArray(data);
  if (typed !== undefined) return { stable: typed };
  if (data === null || typeof data !== 'object' || isBigIntTypedArray(data)) return undefined;
  if (Array.isArray(data) || ArrayBuffer.isView(data)) return { copy: data as ArrayLike<unknown> };
  return undefined;
};

const readIntegerList = (raw: unknown, field: string, rank: number, what: string): PamaResult<number[]> => {
  if (raw === null || typeof raw !== 'object' || typeof (raw as ArrayLike<unknown>).length !== 'number') {
    return left(pamaError('invalid-type', field, `${field} must be an array of ${rank} integers, got ${renderValue(raw)}`));
  }
  const list = raw as ArrayLike<unknown>;
  if (list.length !== rank) {
    return left(
      pamaError(
        'shape-mismatch',
        field,
        `${field} must have ${rank} entries (${what}), got ${list.length}: [${Array.from(list, renderValue).join(', ')}]`,
      ),
    );
  }
  const out = new Array<number>(rank);
  for (let k = 0; k < rank; k++) {
    const v = list[k];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      return left(
        pamaError(
          typeof v === 'number' && !Number.isFinite(v) ? 'non-finite' : 'invalid-type',
          `${field}[${k}]`,
          `${field}[${k}] must be an integer, got ${renderValue(v)}`,
        ),
      );
    }
    out[k] = v;
  }
  return right(out);
};

/**
 * Validates a view of the given rank. `axes` names the axes for messages (e.g. 'B×T×N').
 * Checks types, integer shape/stride/offset and that every addressed index lies inside `data`;
 * it does not read the elements. Plain-array data is copied once into owned row-major storage.
 *
 * @example
 * const v = readNdView({ data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, 'rewards', 2, 'B×N');
 * if (v._tag === 'Right') console.log(v.right.stride, v.right.size); // [3, 1] 6
 */
export const readNdView = (value: unknown, field: string, rank: number, axes: string): PamaResult<StridedView> => {
  if (value === null || typeof value !== 'object') {
    return left(
      pamaError('invalid-type', field, `${field} must be a ${axes} view { data, shape, stride?, offset? }, got ${renderValue(value)}`),
    );
  }
  const view = value as Partial<NdArrayView>;
  const rawData = view.data;
  const storage = classifyStorage(rawData);
  if (storage === undefined) {
    return left(
      pamaError('invalid-type', `${field}.data`, `${field}.data must be a numeric array or typed array, got ${renderValue(rawData)}`),
    );
  }
  const dataLength = 'stable' in storage ? storage.stable.length : storage.copy.length;
  if (typeof dataLength !== 'number' || !Number.isInteger(dataLength) || dataLength < 0) {
    return left(
      pamaError(
        'invalid-type',
        `${field}.data.length`,
        `${field}.data.length must be a non-negative integer, got ${renderValue(dataLength)}`,
      ),
    );
  }
  const shapeResult = readIntegerList(view.shape, `${field}.shape`, rank, axes);
  if (shapeResult._tag === 'Left') return shapeResult;
  const shape = shapeResult.right;
  for (let k = 0; k < rank; k++) {
    if (shape[k] < 0) {
      return left(pamaError('shape-mismatch', `${field}.shape[${k}]`, `${field}.shape[${k}] must be ≥ 0, got ${shape[k]}`));
    }
  }
  let stride: number[];
  if (view.stride === undefined) {
    stride = rowMajorStrides(shape);
  } else {
    const strideResult = readIntegerList(view.stride, `${field}.stride`, rank, axes);
    if (strideResult._tag === 'Left') return strideResult;
    stride = strideResult.right;
  }
  const offsetRaw = view.offset ?? 0;
  if (typeof offsetRaw !== 'number' || !Number.isInteger(offsetRaw) || offsetRaw < 0) {
    return left(
      pamaError('invalid-type', `${field}.offset`, `${field}.offset must be a non-negative integer, got ${renderValue(offsetRaw)}`),
    );
  }
  let size = 1;
  for (const extent of shape) size *= extent;
  // Before any element is read: a stride-0 view may address far more elements than it stores.
  if (size > MAX_INPUT_ELEMENTS) {
    return tooLarge(
      `${field}.shape`,
      `${field} (shape [${shape.join(', ')}]) addresses ${size} elements, more than MAX_INPUT_ELEMENTS = ${MAX_INPUT_ELEMENTS}; split the batch`,
    );
  }
  if (size > 0) {
    let lowest = offsetRaw;
    let highest = offsetRaw;
    for (let k = 0; k < rank; k++) {
      const reach = (shape[k] - 1) * stride[k];
      if (reach < 0) lowest += reach;
      else highest += reach;
    }
    if (lowest < 0 || highest >= dataLength) {
      return left(
        pamaError(
          'shape-mismatch',
          `${field}.data`,
          `${field} (shape [${shape.join(', ')}], stride [${stride.join(', ')}], offset ${offsetRaw}) addresses indices ${lowest}…${highest}, outside ${field}.data of length ${dataLength}`,
        ),
      );
    }
  }
  const expected = rowMajorStrides(shape);
  let rowMajor = true;
  for (let k = 0; k < rank; k++) if (shape[k] > 1 && stride[k] !== expected[k]) rowMajor = false;
  if ('stable' in storage) return right({ data: storage.stable, shape, stride, offset: offsetRaw, size, rowMajor });
  return copyAddressed(storage.copy, field, { data: storage.copy as NumericData, shape, stride, offset: offsetRaw, size, rowMajor });
};

/**
 * Copies the elements a view addresses, each read once, into an owned row-major Float64Array.
 * A non-number element is rejected here (naming the caller's index and the value read); NaN and
 * ±Infinity are copied and found later by the usual scans, whose messages map back via `origin`.
 */
const copyAddressed = (source: ArrayLike<unknown>, field: string, view: StridedView): PamaResult<StridedView> => {
  const { shape, stride, offset, size } = view;
  const rank = shape.length;
  const copy = new Float64Array(size);
  const counter = new Array<number>(rank).fill(0);
  let p = offset;
  for (let q = 0; q < size; q++) {
    const x = source[p];
    if (typeof x !== 'number') {
      const at = locateInView(view, p);
      const where = at === undefined ? '' : ` (element [${at.join(', ')}] of the view)`;
      return left(
        pamaError(
          'non-finite',
          `${field}.data[${p}]`,
          `${field}.data[${p}] is ${renderValue(x)}${where}; every element must be a finite number`,
        ),
      );
    }
    copy[q] = x;
    for (let k = rank - 1; k >= 0; k--) {
      counter[k]++;
      p += stride[k];
      if (counter[k] < shape[k]) break;
      p -= stride[k] * shape[k];
      counter[k] = 0;
    }
  }
  return right({ data: copy, shape, stride: rowMajorStrides(shape), offset: 0, size, rowMajor: true, origin: { offset, stride } });
};

/** The index into the caller's data of `data[p]` of a validated view (differs for owned copies). */
export const sourceIndex = (view: StridedView, p: number): number => {
  if (view.origin === undefined) return p;
  const at = locateInView(view, p);
  if (at === undefined) return p;
  let index = view.origin.offset;
  for (let k = 0; k < at.length; k++) index += at[k] * view.origin.stride[k];
  return index;
};

/**
 * Index into `data` of the first addressed element (row-major order over the view) that is not a
 * finite number, or -1. Also catches non-number entries of plain arrays.
 */
export const findNonFinite = (view: StridedView): number => {
  const { data, shape, stride, offset, size } = view;
  if (size === 0) return -1;
  if (view.rowMajor) {
    for (let p = offset, end = offset + size; p < end; p++) {
      const x = data[p];
      if (typeof x !== 'number' || x - x !== 0) return p;
    }
    return -1;
  }
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let p = offset;
  for (let visited = 0; visited < size; visited++) {
    const x = data[p];
    if (typeof x !== 'number' || x - x !== 0) return p;
    for (let k = rank - 1; k >= 0; k--) {
      counter[k]++;
      p += stride[k];
      if (counter[k] < shape[k]) break;
      p -= stride[k] * shape[k];
      counter[k] = 0;
    }
  }
  return -1;
};

/** The multi-index of data index `p` in the view, for error messages (search; error path only). */
export const locateInView = (view: StridedView, p: number): number[] | undefined => {
  const { shape, stride, offset, size } = view;
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let q = offset;
  for (let visited = 0; visited < size; visited++) {
    if (q === p) return counter.slice();
    for (let k = rank - 1; k >= 0; k--) {
      counter[k]++;
      q += stride[k];
      if (counter[k] < shape[k]) break;
      q -= stride[k] * shape[k];
      counter[k] = 0;
    }
  }
  return undefined;
};

/** A Left naming `field.data[p]` and its value, or Right(undefined) when all elements are finite. */
export const requireFinite = (view: StridedView, field: string): PamaResult<undefined> => {
  const p = findNonFinite(view);
  if (p < 0) return right(undefined);
  const at = locateInView(view, p);
  const where = at === undefined ? '' : ` (element [${at.join(', ')}] of the view)`;
  const index = sourceIndex(view, p);
  return left(
    pamaError(
      'non-finite',
      `${field}.data[${index}]`,
      `${field}.data[${index}] is ${renderValue(view.data[p])}${where}; every element must be a finite number`,
    ),
  );
};
