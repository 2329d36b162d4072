#!/usr/bin/env node
// When does each objective stop moving? Reads the metrics.json of `pama align` runs and prints,
// per run and objective, the first step whose batch mean is within 2 % of the run's final value
// (the mean of its last 3 steps), as a markdown table. An objective that settles in the first
// third of training leaves no room for a method to differ on it.
//
//   node bench/objective-saturation.mjs RUN_DIR/metrics.json [more metrics.json …] [--tolerance 0.02]
import { readFileSync } from 'node:fs';
import { finalValue, settleStep } from './saturation.mjs';

const args = process.argv.slice(2);
let tolerance = 0.02;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--tolerance') {
    tolerance = Number(args[++i]);
    if (!Number.isFinite(tolerance) || tolerance <= 0) throw new Error(`--tolerance must be a number > 0 (got ${JSON.stringify(args[i])})`);
  } else files.push(args[i]);
}
if (files.length === 0) throw new Error('usage: node bench/objective-saturation.mjs metrics.json [...] [--tolerance 0.02]');

const rows = [];
for (const file of files) {
  const metrics = JSON.parse(readFileSync(file, 'utf8'));
  const c = metrics.config;
  const task = `${c.corpus.tokenizer ?? 'word'} V${c.corpus.maxVocabulary}, ${c.generation.maxNewTokens} new, s=${c.rewards.length.scale ?? 'auto'}`;
  for (const run of metrics.runs) {
    const cells = metrics.objectives.map((o) => {
      const values = run.steps.map((s) => s.rewards[o]);
      const final = finalValue(values);
      const step = settleStep(values, final, tolerance);
      return `${values[0].toFixed(3)} → ${final.toFixed(3)}, step ${step ?? '—'}`;
    });
    const lengths = run.steps.map((s) => s.responseLength);
    const name = run.method === 'pama' ? `pama (${run.granularity})` : run.method;
    rows.push(
      `| ${task} | ${name} | ${run.seed} | ${run.steps.length} | ${cells.join(' | ')} | ${lengths[0].toFixed(1)} → ${lengths[lengths.length - 1].toFixed(1)} |`,
    );
  }
}
const objectives = JSON.parse(readFileSync(files[0], 'utf8')).objectives;
process.stdout.write(
  `| task | method | seed | steps | ${objectives.map((o) => `${o}: first → final, settles at`).join(' | ')} | mean response length |\n`,
);
process.stdout.write(`|---|---|---|---|${objectives.map(() => '---|').join('')}---|\n`);
process.stdout.write(`${rows.join('\n')}\n`);
