#!/usr/bin/env node
// Assembles BENCHMARKS.md from the per-area results in docs/bench/*.md (each written by its
// benchmark program's run, with the command and the machine). Writes atomically.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'docs', 'bench');
const order = ['core.md', 'rewards.md', 'tfjs-model.md', 'tfjs-trainer.md'];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.md'))
  .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));

const demote = (text) => text.replace(/^(#+) /gm, '#$1 ');
const parts = [
  '# Benchmarks',
  '',
  'Measured by benchmark programs, never by timed tests. Each section names the command that produced',
  'it and the machine it ran on. The machines are shared and noisy, so each section compares',
  'alternatives side by side within one run (ratios); absolute times vary between runs.',
  '',
  '`pama bench [core|rewards|trainer|all]` runs the programs and prints their tables.',
  'This file is assembled from `docs/bench/*.md` by `node scripts/assemble-benchmarks.mjs`.',
  "How PAMA's granularities compare on the bundled task (quality, not speed) is in",
  '`docs/granularity-study.md`.',
  '',
  ...files.map((f) => `${demote(readFileSync(join(dir, f), 'utf8').trim())}\n`),
];
const out = join(root, 'BENCHMARKS.md');
writeFileSync(`${out}.tmp`, parts.join('\n'));
renameSync(`${out}.tmp`, out);
console.log(`BENCHMARKS.md assembled from ${files.join(', ')}`);
