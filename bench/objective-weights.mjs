#!/usr/bin/env node
// Reads one or more `pama align` metrics.json files and prints, per method, the test rewards and how
// the objective weights and rewards moved between the first and the last ten steps (mean over seeds).
// Used by docs/pama-vs-morlhf.md to show where PAMA's weight goes once an objective saturates.
//   node bench/objective-weights.mjs runs/<dir>/metrics.json [more.json …]
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/objective-weights.mjs metrics.json [more.json …]');
  process.exit(2);
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x) => x.toFixed(3);
/** Sample standard deviation over seeds (0 for one seed). */
const std = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

for (const file of files) {
  const metrics = JSON.parse(readFileSync(file, 'utf8'));
  const objectives = metrics.objectives;
  const byMethod = new Map();
  for (const run of metrics.runs) {
    const key = run.granularity ? `${run.method} (${run.granularity})` : run.method;
    if (!byMethod.has(key)) byMethod.set(key, []);
    byMethod.get(key).push(run);
  }
  const window = (run, from, f) => mean((from === 'first' ? run.steps.slice(0, 10) : run.steps.slice(-10)).map(f));
  console.log(
    `${file}: ${metrics.runs.length} runs, maxNewTokens ${metrics.config.generation.maxNewTokens}, ${metrics.config.steps} steps`,
  );
  const hasMet = metrics.runs.some((r) => r.steps.some((s) => s.met));
  const header = [
    'method',
    'seeds',
    ...objectives.map((o) => `test ${o}`),
    ...objectives.map((o) => `± ${o}`),
    ...objectives.flatMap((o) => [`w ${o} first10`, `w ${o} last10`]),
    ...objectives.map((o) => `${o} last10`),
    'response tokens last10',
    'KL last10',
    ...(hasMet ? objectives.map((o) => `${o} met last10`) : []),
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const [key, runs] of byMethod) {
    const cells = [key, String(runs.length)];
    for (const o of objectives) cells.push(fmt(mean(runs.map((r) => r.test.after[o]))));
    for (const o of objectives) cells.push(fmt(std(runs.map((r) => r.test.after[o]))));
    for (const o of objectives) {
      cells.push(fmt(mean(runs.map((r) => window(r, 'first', (s) => s.weights[o])))));
      cells.push(fmt(mean(runs.map((r) => window(r, 'last', (s) => s.weights[o])))));
    }
    for (const o of objectives) cells.push(fmt(mean(runs.map((r) => window(r, 'last', (s) => s.rewards[o])))));
    cells.push(mean(runs.map((r) => window(r, 'last', (s) => s.responseLength))).toFixed(1));
    cells.push(mean(runs.map((r) => window(r, 'last', (s) => s.kl))).toFixed(2));
    if (hasMet) for (const o of objectives) cells.push(fmt(mean(runs.map((r) => window(r, 'last', (s) => s.met?.[o] ?? 0)))));
    console.log(`| ${cells.join(' | ')} |`);
  }
}
