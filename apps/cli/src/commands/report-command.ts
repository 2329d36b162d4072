// `pama report metrics.json [--out report.html]`: re-renders a report from saved metrics.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkMetrics, ExperimentError, checkSweepMetrics, isSweepMetrics } from 'pama-experiment';
import { renderReport, renderSweepReport } from 'pama-experiment/report';
import { writeFileAtomic, parseJsonBounded, describeFsError, readBoundedText, runDirAbove } from 'pama-experiment/io';
import { CliError } from '../cli-error.js';
import { renderValue } from 'pama-core/support';

export async function writeReport(metricsPath: string, outPath: string): Promise<void> {
  let text: string;
  try {
    text = readBoundedText(metricsPath, 'metrics');
  } catch (e) {
    if (e instanceof ExperimentError) throw e;
    throw new CliError(`cannot read metrics ${renderValue(metricsPath)}: ${describeFsError(e) ?? (e as Error).message.split('\n')[0]}`);
  }
  const parsed = parseJsonBounded(text, `metrics ${renderValue(metricsPath)}`);
  // A sweep's metrics.json (kind 'sweep') has its own report.
  if (isSweepMetrics(parsed)) {
    writeFileAtomic(outPath, await renderSweepReport(checkSweepMetrics(parsed)));
    return;
  }
  const metrics = checkMetrics(parsed);
  writeFileAtomic(outPath, await renderReport(metrics));
}

/** `--out` may name the file or an existing directory to write report.html into. */
export function reportPath(metricsPath: string, out: string | undefined): string {
  if (out === undefined) return join(dirname(metricsPath), 'report.html');
  let isDirectory = false;
  try {
    isDirectory = statSync(out).isDirectory();
  } catch {
    // absent: a file path
  }
  return isDirectory ? join(out, 'report.html') : out;
}

export async function reportCommand(metricsPath: string, out: string | undefined): Promise<number> {
  const outPath = reportPath(metricsPath, out);
  // A run's, sweep's or shard's out dir holds the report of its own metrics only.
  const inside = runDirAbove(dirname(resolve(outPath)));
  if (inside !== null && inside !== dirname(resolve(metricsPath)))
    throw new CliError(
      `report --out ${out}: lies in the out dir ${inside} of another run or shard, whose report.html is of its own metrics; choose a path outside it`,
    );
  await writeReport(metricsPath, outPath);
  process.stdout.write(`report: ${outPath}\n`);
  return 0;
}
