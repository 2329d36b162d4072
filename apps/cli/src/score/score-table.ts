// `pama score`'s output: one row per text, one column per objective.

/** One scored text, as `pama score --json` prints it. */
export interface ScoredText {
  readonly text: string;
  readonly prompt?: string;
  /** Raw score per objective name, before any normalisation. */
  readonly scores: Readonly<Record<string, number>>;
}

const TEXT_WIDTH = 48;

/**
 * @example formatScoreTable([{ text: 'a fine film', scores: { sentiment: 0.9 } }], ['sentiment'])
 * // text         sentiment
 * // -----------  ---------
 * // a fine film     0.9000
 */
export function formatScoreTable(rows: readonly ScoredText[], objectives: readonly string[]): string {
  const shown = rows.map((row) => {
    const flat = row.text.replace(/\s+/g, ' ');
    return flat.length > TEXT_WIDTH ? `${flat.slice(0, TEXT_WIDTH - 1)}…` : flat;
  });
  const cells = rows.map((row) => objectives.map((name) => formatScore(row.scores[name])));
  const textWidth = Math.max(4, ...shown.map((t) => t.length));
  const widths = objectives.map((name, j) => Math.max(name.length, ...cells.map((c) => c[j].length)));
  const line = (text: string, values: readonly string[]) =>
    [text.padEnd(textWidth), ...values.map((v, j) => v.padStart(widths[j]))].join('  ').trimEnd();
  return [
    line('text', objectives),
    line(
      '-'.repeat(textWidth),
      widths.map((w) => '-'.repeat(w)),
    ),
    ...shown.map((text, i) => line(text, cells[i])),
  ].join('\n');
}

function formatScore(x: number): string {
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4);
}
