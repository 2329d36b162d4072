// The table `pama eval` prints: one row per objective with its mean score over the held-out prompts.

export interface EvalReport {
  readonly model: string;
  /** The saved model's metadata (kind, method, seed, …). */
  readonly made: Record<string, unknown>;
  readonly prompts: { readonly count: number; readonly source: string };
  readonly objectives: readonly string[];
  readonly means: Readonly<Record<string, number>>;
  readonly samples: ReadonlyArray<{ readonly prompt: string; readonly response: string }>;
}

function describeModel(made: Record<string, unknown>): string {
  const parts = ['kind', 'method', 'granularity', 'seed', 'steps']
    .filter((k) => made[k] !== undefined)
    .map((k) => `${k} ${String(made[k])}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * @example formatEvalTable({ model: 'p', made: {}, prompts: { count: 2, source: 'x' }, objectives: ['a'], means: { a: 0.5 }, samples: [] })
 */
export function formatEvalTable(report: EvalReport): string {
  const width = Math.max(9, ...report.objectives.map((o) => o.length));
  const rows = report.objectives.map((o) => `${o.padEnd(width)}  ${report.means[o].toFixed(4).padStart(9)}`);
  const samples = report.samples.map((s) => `  ${s.prompt} | ${s.response}`);
  return [
    `model:   ${report.model}${describeModel(report.made)}`,
    `prompts: ${report.prompts.count} from ${report.prompts.source}`,
    '',
    `${'objective'.padEnd(width)}  ${'mean'.padStart(9)}`,
    ...rows,
    ...(samples.length > 0 ? ['', 'samples (prompt | response):', ...samples] : []),
  ].join('\n');
}
