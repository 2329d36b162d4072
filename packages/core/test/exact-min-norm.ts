// Exact (rational, BigInt) min-norm over the simplex for small sets of double vectors (every
// double is a dyadic rational, so the Gram is exact as fractions): enumerate every
// support S, solve the KKT system of min cᵀG_S c s.t. Σ c = 1 in fractions, keep feasible c ≥ 0.
// Some optimum has an affinely independent support (Carathéodory), so skipping singular systems
// loses nothing. Independent of the library's floating-point solver.

export interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
export const frac = (n: bigint, d = 1n): Fraction => {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
export const add = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Fraction, b: Fraction) => frac(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction) => frac(a.n * b.d, a.d * b.n);
export const toNumber = (a: Fraction) => Number(a.n) / Number(a.d);

/** a ≤ b, exactly. */
export const lessOrEqual = (a: Fraction, b: Fraction): boolean => a.n * b.d <= b.n * a.d;

/** A finite double as an exact fraction (every double is a dyadic rational). */
export const fromDouble = (x: number): Fraction => {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`not a finite double: ${x}`);
  let shift = 0;
  let scaled = x;
  while (!Number.isInteger(scaled)) {
    scaled *= 2; // exact: only the exponent changes
    shift++;
  }
  return frac(BigInt(scaled), 1n << BigInt(shift));
};

/** The exact Gram matrix of double vectors, as fractions. */
export const exactGram = (vectors: readonly ArrayLike<number>[]): Fraction[][] => {
  const exact = vectors.map((v) => Array.from(v, fromDouble));
  return exact.map((a) => exact.map((b) => a.reduce((s, x, k) => add(s, mul(x, b[k])), frac(0n))));
};

/** The exact ‖Σ c_i v_i‖² for the given (double) weights c and an exact Gram. */
export const exactQuadratic = (gram: Fraction[][], c: ArrayLike<number>): Fraction => {
  const exact = Array.from(c, fromDouble);
  let value = frac(0n);
  for (let i = 0; i < exact.length; i++) {
    if (exact[i].n === 0n) continue;
    for (let j = 0; j < exact.length; j++) {
      if (exact[j].n !== 0n) value = add(value, mul(mul(exact[i], exact[j]), gram[i][j]));
    }
  }
  return value;
};

/** The exact minimum of ‖Σ c_i v_i‖² over the simplex, as a float (rounded once at the end). */
export const exactMinNormSquared = (vectors: readonly number[][]): number => toNumber(exactMinNormFraction(exactGram(vectors)));

/** The exact minimum of cᵀGc over the simplex for an exact Gram, as a fraction. */
export const exactMinNormFraction = (gramFractions: Fraction[][]): Fraction => {
  const n = gramFractions.length;
  const gram = gramFractions;
  let best: Fraction | undefined;
  for (let mask = 1; mask < 1 << n; mask++) {
    const support = [...Array(n).keys()].filter((i) => mask & (1 << i));
    const m = support.length;
    const size = m + 1;
    const a: Fraction[][] = [];
    for (let r = 0; r < m; r++) {
      a.push([...support.map((s) => gram[support[r]][s]), frac(1n), frac(0n)]);
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
      for (let s = 0; s < m; s++) value = add(value, mul(mul(c[r], c[s]), gram[support[r]][support[s]]));
    }
    if (best === undefined || lessOrEqual(value, best)) best = value;
  }
  if (best === undefined) throw new Error('no feasible support: impossible for a non-empty set');
  return best;
};
