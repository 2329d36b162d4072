// One measured quantity of the benchmark program, and its markdown rendering.

/** One measured quantity of the benchmark program. */
export interface BenchRow {
  /** What was measured, e.g. `pamaScalar (checked)`. */
  readonly benchmark: string;
  /** Problem size, e.g. `n = 8` or `B×T×N = 256×512×8`. */
  readonly size: string;
  /** The measurement, in `unit`. */
  readonly value: number;
  /** Unit of `value`: `ns/call`, `ms`, `ns/elem`, `×`, … */
  readonly unit: string;
  /** Context: iterations, duality gap, what the value is compared with. */
  readonly note: string;
}

const formatValue = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 0.1) return v.toFixed(2);
  return v.toPrecision(3);
};

/**
 * Renders rows as a markdown table (benchmark, size, value, unit, note), values to 3 significant digits.
 *
 * @example
 * formatBenchTable([{ benchmark: 'pamaScalar (checked)', size: 'n = 8', value: 41.27, unit: 'ns/call', note: '' }]);
 * // | benchmark | size | value | unit | note |  …  | pamaScalar (checked) | n = 8 | 41.3 | ns/call |  |
 */
export const formatBenchTable = (rows: readonly BenchRow[]): string => {
  const lines = ['| benchmark | size | value | unit | note |', '|---|---|---:|---|---|'];
  for (const r of rows) lines.push(`| ${r.benchmark} | ${r.size} | ${formatValue(r.value)} | ${r.unit} | ${r.note} |`);
  return lines.join('\n');
};
