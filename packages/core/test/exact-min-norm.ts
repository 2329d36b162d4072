// Exact (rational, BigInt) min-norm over the simplex for small integer vectors: enumerate every
// support S, solve the KKT system of min cᵀG_S c s.t. Σ c = 1 in fractions, keep feasible c ≥ 0.
// Some optimum has an affinely independent support (Carathéodory), so skipping singular systems
// loses nothing. Independent of the library's floating-point solver.

interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const frac = (n: bigint, d = 1n): Fraction => {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const add = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Fraction, b: Fraction) => frac(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction) => frac(a.n * b.d, a.d * b.n);
const toNumber = (a: Fraction) => Number(a.n) / Number(a.d);

/** The exact minimum of ‖Σ c_i v_i‖² over the simplex, as a float (rounded once at the end). */
export const exactMinNormSquared = (vectors: readonly number[][]): number => {
  const n = vectors.length;
  const gram: bigint[][] = vectors.map((a) =>
    vectors.map((b) => a.reduce((s, x, k) => s + BigInt(x) * BigInt(b[k]), 0n)),
  );
  let best: Fraction | undefined;
  for (let mask = 1; mask < 1 << n; mask++) {
    const support = [...Array(n).keys()].filter((i) => mask & (1 << i));
    const m = support.length;
    const size = m + 1;
    const a: Fraction[][] = [];
    for (let r = 0; r < m; r++) {
      a.push([...support.map((s) => frac(gram[support[r]][s])), frac(1n), frac(0n)]);
    }
    a.push([...support.map(() => frac(1n)), frac(0n), frac(1n)]);
    let singular = false;
    for (let col = 0; col < size && !singular; col++) {
      const pivot = a.findIndex((row, r) => r >= col && row[col].n !== 0n);
      if (pivot < 0) {
        singular = true;
        break;
      }
      [a[col], a[pivot]] = [a[pivot], a[col]];
      for (let r = 0; r < size; r++) {
        if (r === col || a[r][col].n === 0n) continue;
        const f = div(a[r][col], a[col][col]);
        for (let s = col; s <= size; s++) a[r][s] = sub(a[r][s], mul(f, a[col][s]));
      }
    }
    if (singular) continue;
    const c = support.map((_, r) => div(a[r][size], a[r][r]));
    if (c.some((x) => x.n < 0n)) continue;
    let value = frac(0n);
    for (let r = 0; r < m; r++) {
      for (let s = 0; s < m; s++) value = add(value, mul(mul(c[r], c[s]), frac(gram[support[r]][support[s]])));
    }
    if (best === undefined || toNumber(sub(value, best)) < 0) best = value;
  }
  if (best === undefined) throw new Error('no feasible support: impossible for a non-empty set');
  return toNumber(best);
};
