#!/usr/bin/env node
// Speed-up of `pama align --jobs 2` over `--jobs 1` (serial) on one machine, interleaved, and the
// peak resident memory of each job. Both modes start from one `pama pretrain` directory, so the
// times compare the run matrix (plus each command's start-up), not pre-training.
//   node bench/parallel-runner.mjs [--reps 3] [--quick] [--seeds 1,2,3,4] [--jobs 2] [--work DIR]
// Needs GNU time (/usr/bin/time, Debian package `time`) for the serial process's peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'apps', 'cli', 'dist', 'bin.js');
const arg = (name, fallback) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
};
const reps = Number(arg('reps', '3'));
const jobs = Number(arg('jobs', '2'));
const quick = process.argv.includes('--quick');
const seeds = arg('seeds', undefined);
const work = arg('work', undefined) ?? mkdtempSync(join(tmpdir(), 'pama-parallel-bench-'));
const preset = [...(quick ? ['--quick'] : []), ...(seeds ? ['--seeds', seeds] : [])];

function pama(args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', process.execPath, bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`pama ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [, seconds, maxRssKiB, user, system] = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  const workers = [...r.stdout.matchAll(/^[\w-]+: peak RSS of its process (\d+) MiB$/gm)].map((m) => Number(m[1]));
  // CPU time covers the command and every worker it waited for (the CPU cost of the whole matrix).
  return { seconds: Number(seconds), cpuSeconds: Number(user) + Number(system), peakRssMiB: Number(maxRssKiB) / 1024, workers };
}

const pretrained = join(work, 'pretrained');
process.stderr.write(`pre-training once into ${pretrained}\n`);
pama(['pretrain', ...(quick ? ['--quick'] : []), '--out', pretrained]);

const modes = { serial: ['--jobs', '1'], parallel: ['--jobs', String(jobs)] };
const rows = [];
for (let rep = 1; rep <= reps; rep++) {
  // Alternate which mode goes first, so a drift in machine load does not favour one.
  const order = rep % 2 === 1 ? ['serial', 'parallel'] : ['parallel', 'serial'];
  const row = { rep };
  for (const mode of order) {
    const out = join(work, `rep${rep}-${mode}`);
    row[`${mode}Load`] = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    row[mode] = pama(['align', ...preset, '--pretrained', pretrained, '--out', out, ...modes[mode]]);
    row[`${mode}Runs`] = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).runs.map((r) => ({ ...r, seconds: undefined }));
    process.stderr.write(`rep ${rep} ${mode}: ${row[mode].seconds.toFixed(1)} s\n`);
  }
  row.identical = JSON.stringify(row.serialRuns) === JSON.stringify(row.parallelRuns);
  rows.push(row);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ratios = rows.map((r) => r.serial.seconds / r.parallel.seconds);
const workerRss = rows.flatMap((r) => r.parallel.workers);
const lines = [
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}; command: pama align ${preset.join(' ')} --pretrained DIR --jobs 1 | --jobs ${jobs}`,
  '',
  `| rep | --jobs 1 wall (s) | --jobs ${jobs} wall (s) | speed-up | --jobs 1 CPU (s) | --jobs ${jobs} CPU (s) | load avg at start (1 / ${jobs}) | results identical |`,
  '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ...rows.map(
    (r, i) =>
      `| ${r.rep} | ${r.serial.seconds.toFixed(1)} | ${r.parallel.seconds.toFixed(1)} | ${ratios[i].toFixed(2)}× | ${r.serial.cpuSeconds.toFixed(1)} | ${r.parallel.cpuSeconds.toFixed(1)} | ${r.serialLoad} / ${r.parallelLoad} | ${r.identical ? 'yes' : 'NO'} |`,
  ),
  '',
  `median speed-up ${median(ratios).toFixed(2)}× (min ${Math.min(...ratios).toFixed(2)}×, max ${Math.max(...ratios).toFixed(2)}×); ` +
    `CPU time --jobs ${jobs} ÷ --jobs 1: ${median(rows.map((r) => r.parallel.cpuSeconds / r.serial.cpuSeconds)).toFixed(2)} (median)`,
  `peak RSS: --jobs 1 process ${median(rows.map((r) => r.serial.peakRssMiB)).toFixed(0)} MiB (median over reps); ` +
    `each --jobs ${jobs} worker ${Math.min(...workerRss)}–${Math.max(...workerRss)} MiB (median ${median(workerRss)} MiB; the worker's peak so far when each of ${workerRss.length} runs ended)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (rows.some((r) => !r.identical)) process.exitCode = 1;
