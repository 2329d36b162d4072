// The test table: method × objective, mean ± std over seeds of the held-out reward after
// alignment, with the pre-trained model ("before") as the first row.
import type { Metrics } from './metrics.js';
import { methodLabel } from './method-label.js';
import { mean, std } from './statistics.js';

export interface TestTableRow {
  readonly label: string;
  readonly seeds: number;
  /** Per objective: mean and std over seeds. */
  readonly cells: ReadonlyArray<{ readonly mean: number; readonly std: number }>;
}

export function testTable(metrics: Metrics): TestTableRow[] {
  const rows: TestTableRow[] = [];
  if (metrics.runs.length > 0) {
    rows.push({
      label: 'Before alignment',
      seeds: new Set(metrics.runs.map((r) => r.seed)).size,
      cells: metrics.objectives.map((o) => {
        const xs = metrics.runs.map((r) => r.test.before[o]);
        return { mean: mean(xs), std: std(xs) };
      }),
    });
  }
  const labels = [...new Set(metrics.runs.map(methodLabel))];
  for (const label of labels) {
    const runs = metrics.runs.filter((r) => methodLabel(r) === label);
    rows.push({
      label,
      seeds: runs.length,
      cells: metrics.objectives.map((o) => {
        const xs = runs.map((r) => r.test.after[o]);
        return { mean: mean(xs), std: std(xs) };
      }),
    });
  }
  return rows;
}

export function formatCell(cell: { mean: number; std: number }, seeds: number): string {
  return seeds > 1 ? `${cell.mean.toFixed(3)} ± ${cell.std.toFixed(3)}` : cell.mean.toFixed(3);
}

/** A plain-text table for the terminal. */
export function formatTestTable(metrics: Metrics): string {
  const rows = testTable(metrics);
  const header = ['method', ...metrics.objectives.map((o) => `${o} (test)`), 'seeds'];
  const body = rows.map((r) => [r.label, ...r.cells.map((c) => formatCell(c, r.seeds)), String(r.seeds)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
