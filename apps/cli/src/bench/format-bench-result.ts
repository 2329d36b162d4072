// Renders whatever a benchmark entry point returns: text as is, rows as a markdown table.

function markdownTable(rows: ReadonlyArray<Record<string, unknown>>): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? ''));
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}

export function formatBenchResult(result: unknown): string {
  if (result === undefined || result === null) return '';
  if (typeof result === 'string') return result;
  if (Array.isArray(result)) {
    if (result.every((r) => typeof r === 'string')) return result.join('\n');
    if (result.every((r) => typeof r === 'object' && r !== null)) return markdownTable(result as Record<string, unknown>[]);
  }
  if (typeof result === 'object') {
    const o = result as Record<string, unknown>;
    for (const key of ['markdown', 'table', 'text']) if (typeof o[key] === 'string') return o[key] as string;
    if (Array.isArray(o.rows)) return formatBenchResult(o.rows);
    if (Array.isArray(o.tables)) return (o.tables as unknown[]).map(formatBenchResult).join('\n\n');
  }
  return JSON.stringify(result, null, 2);
}
