// `pama report metrics.json [--out report.html]`: re-renders a report from saved metrics.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkMetrics } from './metrics-schema.js';
import { renderReport } from './render-report.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { CliError, showValue } from '../cli-error.js';

export async function writeReport(metricsPath: string, outPath: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(metricsPath, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read metrics ${showValue(metricsPath)}: ${(e as Error).message.split('\n')[0]}`);
  }
  writeFileAtomic(outPath, await renderReport(checkMetrics(parsed)));
}

export async function reportCommand(metricsPath: string, out: string | undefined): Promise<number> {
  const outPath = out ?? join(dirname(metricsPath), 'report.html');
  await writeReport(metricsPath, outPath);
  process.stdout.write(`report: ${outPath}\n`);
  return 0;
}
