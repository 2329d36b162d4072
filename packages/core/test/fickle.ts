/** An array-like whose element k reads as `values[k]` the first time and as `later` on every later read. */
export const fickle = (values: readonly number[], later: number): ArrayLike<number> => {
  const reads = new Array<number>(values.length).fill(0);
  const out: { length: number; [k: number]: number } = { length: values.length };
  values.forEach((value, k) => {
    Object.defineProperty(out, k, { enumerable: true, get: () => (reads[k]++ === 0 ? value : later) });
  });
  return out;
};
