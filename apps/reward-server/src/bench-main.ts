#!/usr/bin/env node
// Runs the rewards benchmarks and writes the markdown report: node dist/bench-main.js [--out FILE] [--load-seconds N]
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatRewardsBenchmarkMarkdown, runRewardsBenchmarks } from './bench.js';

const { values } = parseArgs({
  options: { out: { type: 'string' }, 'load-seconds': { type: 'string' }, 'throughput-seconds': { type: 'string' } },
});
const seconds = (flag: 'load-seconds' | 'throughput-seconds'): number | undefined => {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} = ${JSON.stringify(raw)}: expected a positive number`);
  return n;
};

const report = await runRewardsBenchmarks({
  loadSeconds: seconds('load-seconds'),
  throughputSeconds: seconds('throughput-seconds'),
  log: (line) => process.stderr.write(`${line}\n`),
});
const command = ['node apps/reward-server/dist/bench-main.js', ...process.argv.slice(2)].join(' ');
const markdown = formatRewardsBenchmarkMarkdown(report, command);
if (values.out === undefined) process.stdout.write(markdown);
else {
  // Write beside the target, then rename: never a half-written report.
  const tmp = `${values.out}.tmp`;
  writeFileSync(tmp, markdown);
  renameSync(tmp, values.out);
}
