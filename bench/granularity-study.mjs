#!/usr/bin/env node
// Granularity study: runs `pama align` (the built CLI) for PAMA at every granularity and for
// MORLHF and MGDA-UB with the same seeds, then summarises every metrics.json as one markdown table.
//
//   npm run build
//   node bench/granularity-study.mjs --out DIR [--seeds 1,2,3] [--steps N] [--config file.json]
//                                    [--groups a,b] [--table FILE] [--only-report]
//                                    [--jobs N] [--pretrained DIR] [--baseline GROUP] [--kl-levels A,B]
//
// Groups: see GROUPS below (--groups picks some; default: the first study's six). A group with its own
// `config` (a config layer, e.g. another KL coefficient) runs with --config DIR/<group>.config.json, so
// it cannot be combined with the study-wide --config. --baseline names the
// group the second paired table compares against (default pama-sample, GAE's PAMA) and whose mean final KL is
// the second matched-KL level; --kl-levels adds levels of its own (e.g. another study's, to compare across them).
// Each group and seed is one `pama align` writing to DIR/<group>-seed<S>; all share the
// pre-training cache DIR/.pama-cache, so pre-training happens once. A run directory that already
// holds a config.json is continued with --resume (a finished run is not redone), so an interrupted
// study restarts with the same command and more seeds can be added later. --only-report skips the
// runs and summarises what DIR holds. --jobs N runs N `pama align` processes at once (each run is
// deterministic, so results do not depend on N); --pretrained DIR starts every run from a model made
// by `pama pretrain` (so concurrent runs never pre-train side by side). The table goes to --table (default DIR/granularity-study.md),
// written atomically (temp file + rename). Standard deviations are sample (n − 1) ones.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hypervolume, nonDominatedSort } from 'pama-core';
import { finalValue, settleStep } from './saturation.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps/cli/dist/bin.js');

// The granularity groups of the first study, then the objective-combination study (docs/combiner-study.md):
// Noon off, the KL placements, GDPO, and the critic-free group estimator (G = 4, KL in the loss as GRPO does).
// Every group names its estimator, so its command means the same whatever the defaults are.
const GROUP_ESTIMATOR = ['--estimator', 'group', '--group-size', '4', '--kl-placement', 'loss'];
const GROUPS = [
  ...[
    ['pama-token', 'PAMA (token)', ['--methods', 'pama', '--granularity', 'token']],
    ['pama-sample', 'PAMA (sample)', ['--methods', 'pama', '--granularity', 'sample']],
    ['pama-batch', 'PAMA (batch)', ['--methods', 'pama', '--granularity', 'batch']],
    ['pama-gram', 'PAMA (gram)', ['--methods', 'pama', '--granularity', 'gram']],
    ['morlhf', 'MORLHF', ['--methods', 'morlhf']],
    ['mgda-ub', 'MGDA-UB', ['--methods', 'mgda-ub']],
    ['gdpo', 'GDPO', ['--methods', 'gdpo']],
    ['pama-sample-noon-off', 'PAMA (sample, Noon off)', ['--methods', 'pama', '--granularity', 'sample', '--noon', 'off']],
    ['pama-token-noon-off', 'PAMA (token, Noon off)', ['--methods', 'pama', '--granularity', 'token', '--noon', 'off']],
    ['pama-sample-mix', 'PAMA (sample-mix)', ['--methods', 'pama', '--granularity', 'sample-mix']],
    ['pama-sample-kl-loss', 'PAMA (sample), KL in loss', ['--methods', 'pama', '--granularity', 'sample', '--kl-placement', 'loss']],
    [
      'pama-sample-kl-combined',
      'PAMA (sample), KL combined',
      ['--methods', 'pama', '--granularity', 'sample', '--kl-placement', 'combined'],
    ],
    ['morlhf-kl-loss', 'MORLHF, KL in loss', ['--methods', 'morlhf', '--kl-placement', 'loss']],
  ].map(([name, label, args]) => ({ name, label, args: [...args, '--estimator', 'gae'] })),
  ...[
    ['pama-sample', 'PAMA (sample)', ['--methods', 'pama', '--granularity', 'sample']],
    ['pama-sample-noon-off', 'PAMA (sample, Noon off)', ['--methods', 'pama', '--granularity', 'sample', '--noon', 'off']],
    ['pama-sample-mix', 'PAMA (sample-mix)', ['--methods', 'pama', '--granularity', 'sample-mix']],
    ['morlhf', 'MORLHF', ['--methods', 'morlhf']],
    ['gdpo', 'GDPO', ['--methods', 'gdpo']],
    ['mgda-ub', 'MGDA-UB', ['--methods', 'mgda-ub']],
  ].map(([name, label, args]) => ({ name: `group-${name}`, label: `group: ${label}`, args: [...args, ...GROUP_ESTIMATOR] })),
  // The group estimator at a larger KL coefficient, so its KL overlaps the GAE rows' (rewards at matched KL).
  ...[
    ['pama-sample', 'PAMA (sample)', ['--methods', 'pama', '--granularity', 'sample']],
    ['pama-sample-mix', 'PAMA (sample-mix)', ['--methods', 'pama', '--granularity', 'sample-mix']],
    ['morlhf', 'MORLHF', ['--methods', 'morlhf']],
    ['gdpo', 'GDPO', ['--methods', 'gdpo']],
  ].flatMap(([name, label, args]) =>
    [0.2, 0.5].map((beta) => ({
      name: `group-${name}-kl${beta}`,
      label: `group: ${label}, β ${beta}`,
      args: [...args, ...GROUP_ESTIMATOR],
      config: { ppo: { klCoef: beta } },
    })),
  ),
];

const usage =
  'usage: node bench/granularity-study.mjs --out DIR [--seeds 1,2,3] [--steps N] [--config file.json] [--groups a,b] [--table FILE] [--only-report] [--jobs N] [--pretrained DIR] [--baseline GROUP] [--kl-levels A,B]';

function parseArgs(argv) {
  const o = {
    out: null,
    seeds: '1,2,3',
    steps: null,
    config: null,
    table: null,
    onlyReport: false,
    groupsArg: null,
    groups: GROUPS.slice(0, 6),
    baseline: 'pama-sample',
    jobs: 1,
    pretrained: null,
    klLevels: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${usage}`);
      return v;
    };
    if (a === '--out') o.out = value();
    else if (a === '--seeds') o.seeds = value();
    else if (a === '--steps') o.steps = value();
    else if (a === '--config') o.config = value();
    else if (a === '--table') o.table = value();
    else if (a === '--groups') o.groupsArg = value();
    else if (a === '--only-report') o.onlyReport = true;
    else if (a === '--jobs') {
      const v = value();
      if (!/^[1-9]\d*$/.test(v)) throw new Error(`--jobs: expected a positive integer, got '${v}'`);
      o.jobs = Number(v);
    } else if (a === '--pretrained') o.pretrained = value();
    else if (a === '--baseline') o.baseline = value();
    else if (a === '--kl-levels') {
      const v = value();
      if (!/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/.test(v))
        throw new Error(`--kl-levels: expected comma-separated non-negative numbers, got '${v}'`);
      o.klLevels = v.split(',').map(Number);
    } else throw new Error(`unknown option ${a}\n${usage}`);
  }
  if (o.out === null) throw new Error(usage);
  if (o.groupsArg !== null) {
    const names = o.groupsArg.split(',');
    const unknown = names.filter((n) => !GROUPS.some((g) => g.name === n));
    if (unknown.length > 0)
      throw new Error(`--groups: unknown ${unknown.join(', ')}; expected some of ${GROUPS.map((g) => g.name).join(', ')}`);
    o.groups = names.map((n) => GROUPS.find((g) => g.name === n));
  }
  const layered = o.groups.filter((g) => g.config !== undefined);
  if (o.config !== null && layered.length > 0)
    throw new Error(`--config: cannot be combined with groups that carry their own config (${layered.map((g) => g.name).join(', ')})`);
  if (!/^\d+(,\d+)*$/.test(o.seeds)) throw new Error(`--seeds: expected a comma-separated list of integers, got '${o.seeds}'`);
  if (o.steps !== null && !/^[1-9]\d*$/.test(o.steps)) throw new Error(`--steps: expected a positive integer, got '${o.steps}'`);
  return o;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (n − 1); 0 for a single value. */
const std = (xs) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const pm = (xs, digits = 3) => `${mean(xs).toFixed(digits)} ± ${std(xs).toFixed(digits)}`;
const signed = (xs, digits = 3) => {
  const m = mean(xs);
  return `${m >= 0 ? '+' : '−'}${Math.abs(m).toFixed(digits)} ± ${std(xs).toFixed(digits)}`;
};
const unwrap = (r, what) => {
  if (r._tag !== 'Right') throw new Error(`${what}: ${JSON.stringify(r.left)}`);
  return r.right;
};

/** Centred-left moving average over 3 steps (fewer at the start). */
const smooth = (xs) => xs.map((_, i) => mean(xs.slice(Math.max(0, i - 2), i + 1)));
/** Seed mean of a per-step series, step by step. */
const seedMeanCurve = (runs, pick) => runs[0].steps.map((_, t) => mean(runs.map((r) => pick(r.steps[t]))));

/**
 * A run's smoothed batch-mean rewards where its smoothed KL first reaches `level` (linear
 * interpolation between the two steps around the crossing); null when it never does.
 */
function rewardsAtKl(run, objectives, level) {
  const kl = smooth(run.steps.map((s) => s.kl));
  const rewards = objectives.map((k) => smooth(run.steps.map((s) => s.rewards[k])));
  const t = kl.findIndex((v) => v >= level);
  if (t < 0) return null;
  if (t === 0) return rewards.map((xs) => xs[0]);
  const f = (level - kl[t - 1]) / (kl[t] - kl[t - 1]);
  return rewards.map((xs) => xs[t - 1] + f * (xs[t] - xs[t - 1]));
}

function machine() {
  const nproc = spawnSync('nproc', [], { encoding: 'utf8' });
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: keep os.cpus()'s model
  }
  return { nproc: nproc.status === 0 ? nproc.stdout.trim() : String(cpus().length), cpuModel, node: process.version };
}

const runDir = (o, group, seed) => join(o.out, `${group.name}-seed${seed}`);
/** The config file of a group that carries its own config layer. */
const groupConfigFile = (group) => `${group.name}.config.json`;

/**
 * The `pama align` arguments of one group; `at` gives the seed, out directory, config file and
 * pre-trained directory (real ones for a run, placeholders for the commands the table shows).
 */
function alignArgs(group, o, at) {
  const args = ['align', ...group.args, '--seeds', at.seed, '--out', at.dir];
  if (o.steps !== null) args.push('--steps', o.steps);
  if (group.config !== undefined) args.push('--config', at.groupConfig);
  else if (o.config !== null) args.push('--config', at.config);
  if (o.pretrained !== null) args.push('--pretrained', at.pretrained);
  return args;
}

/** One `pama align` per group and seed, so a study can be extended with more seeds later. */
function runOne(group, seed, o) {
  const dir = runDir(o, group, seed);
  const groupConfig = join(o.out, groupConfigFile(group));
  if (group.config !== undefined) writeAtomic(groupConfig, `${JSON.stringify(group.config)}\n`);
  const args = alignArgs(group, o, { seed: String(seed), dir, config: o.config, groupConfig, pretrained: o.pretrained });
  if (existsSync(join(dir, 'config.json'))) args.push('--resume');
  process.stderr.write(`== start ${group.label}, seed ${seed}\n`);
  return new Promise((resolveRun, reject) => {
    // Each run's own output goes to DIR/<group>-seed<S>.log: with --jobs > 1 they would interleave.
    mkdirSync(dir, { recursive: true });
    const log = openSync(join(o.out, `${group.name}-seed${seed}.log`), 'a');
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      closeSync(log);
      if (code === 0) {
        process.stderr.write(`== done ${group.label}, seed ${seed}\n`);
        resolveRun();
      } else reject(new Error(`${group.label} seed ${seed}: pama align exited with ${code ?? signal} (see its .log)`));
    });
  });
}

/** Runs every task with at most `jobs` at once; the first failure stops new starts and is rethrown. */
async function pool(tasks, jobs) {
  let next = 0;
  let failure = null;
  const worker = async () => {
    while (failure === null && next < tasks.length) {
      const task = tasks[next++];
      try {
        await task();
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  if (failure !== null) throw failure;
}

/** The command of one group, with DIR for the study's out directory and CONFIG for --config. */
function shownCommand(group, o) {
  return [
    'node',
    'apps/cli/dist/bin.js',
    ...alignArgs(group, o, {
      seed: 'S',
      dir: `DIR/${group.name}-seedS`,
      config: 'CONFIG',
      groupConfig: `DIR/${groupConfigFile(group)}`,
      pretrained: 'PRETRAINED',
    }),
  ].join(' ');
}

function summarise(o, wallSeconds) {
  const seeds = o.seeds.split(',').map(Number);
  const rows = [];
  let objectives = null;
  let reference = null;
  let backend = null;
  let config = null;
  let firstConfig = null;
  for (const g of o.groups) {
    const runs = [];
    let seconds = 0;
    for (const seed of seeds) {
      const file = join(runDir(o, g, seed), 'metrics.json');
      if (!existsSync(file)) throw new Error(`${g.label} seed ${seed}: no ${file}`);
      const m = JSON.parse(readFileSync(file, 'utf8'));
      objectives ??= m.objectives;
      backend ??= m.backend;
      // The settings line shows the study's own config, not a group's layer over it.
      if (g.config === undefined) config ??= m.config;
      firstConfig ??= m.config;
      const r = m.runs.find((x) => x.seed === seed);
      if (!r) throw new Error(`${g.label} seed ${seed}: no finished run in ${file}`);
      const before = objectives.map((k) => r.test.before[k]);
      if (reference === null) reference = before;
      else if (before.some((v, i) => Math.abs(v - reference[i]) > 1e-9))
        throw new Error(`${g.label} seed ${seed}: pre-trained test rewards differ between runs`);
      runs.push(r);
      seconds += r.seconds;
    }
    rows.push({ group: g, runs, seconds });
  }
  config ??= firstConfig;

  const after = (r) => objectives.map((k) => r.test.after[k]);
  // Pooled front: every run's final test point, all groups together.
  const pooled = rows.flatMap((row) => row.runs.map((r) => ({ row, point: after(r) })));
  const pooledFront = new Set(unwrap(nonDominatedSort(pooled.map((p) => p.point)), 'nonDominatedSort')[0]);

  const header = [
    'Method',
    ...objectives.map((k) => `${k} after`),
    ...objectives.map((k) => `${k} gain`),
    'final KL',
    'both improved',
    "HV (seeds' front)",
    'HV per seed',
    'on pooled front',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ':---' : '---:')).join('|')}|`];
  lines.push(
    `| Before alignment | ${reference.map((v) => v.toFixed(3)).join(' | ')} | ${objectives.map(() => '').join(' | ')} | | | | | |`,
  );
  const summaries = [];
  for (const row of rows) {
    const pts = row.runs.map(after);
    const perObjective = objectives.map((_, i) => pts.map((p) => p[i]));
    const gains = objectives.map((_, i) => pts.map((p) => p[i] - reference[i]));
    const kl = row.runs.map((r) => r.steps[r.steps.length - 1].kl);
    const both = pts.filter((p) => p.every((v, i) => v > reference[i])).length;
    const front = unwrap(nonDominatedSort(pts), 'nonDominatedSort')[0].map((i) => pts[i]);
    const hvFront = unwrap(hypervolume(front, reference), 'hypervolume');
    const hvSeed = pts.map((p) => unwrap(hypervolume([p], reference), 'hypervolume'));
    let onPooled = 0;
    pooled.forEach((p, i) => {
      if (p.row === row && pooledFront.has(i)) onPooled++;
    });
    summaries.push({ label: row.group.label, perObjective, gains, kl, both, hvFront, hvSeed, onPooled });
    lines.push(
      `| ${row.group.label} | ${perObjective.map((xs) => pm(xs)).join(' | ')} | ${gains.map((xs) => signed(xs)).join(' | ')} | ${pm(kl, 4)} | ${both}/${pts.length} | ${hvFront.toFixed(4)} | ${pm(hvSeed, 4)} | ${onPooled}/${pts.length} |`,
    );
  }

  const perSeed = [`| Method | ${seeds.map((s) => `seed ${s}`).join(' | ')} |`, `|:---|${seeds.map(() => '---:').join('|')}|`];
  for (const row of rows) {
    const cells = seeds.map((s) => {
      const r = row.runs.find((x) => x.seed === s);
      return `(${after(r)
        .map((v) => v.toFixed(3))
        .join(', ')})`;
    });
    perSeed.push(`| ${row.group.label} | ${cells.join(' | ')} |`);
  }

  // Through training: seed-mean batch means per step, and the step each objective settles at.
  const through = [
    `| Method | ${objectives.map((k) => `${k}: step 1 → final, settles at`).join(' | ')} | KL: final | response tokens: step 1 → final |`,
    `|:---|${objectives.map(() => '---:|').join('')}---:|---:|`,
  ];
  for (const row of rows) {
    const cells = objectives.map((k) => {
      const curve = seedMeanCurve(row.runs, (s) => s.rewards[k]);
      const final = finalValue(curve);
      const at = settleStep(curve, final);
      return `${curve[0].toFixed(3)} → ${final.toFixed(3)}, ${at === null ? 'not within 2 %' : `step ${at}`}`;
    });
    const kl = finalValue(seedMeanCurve(row.runs, (s) => s.kl));
    const len = seedMeanCurve(row.runs, (s) => s.responseLength);
    through.push(`| ${row.group.label} | ${cells.join(' | ')} | ${kl.toFixed(2)} | ${len[0].toFixed(1)} → ${finalValue(len).toFixed(1)} |`);
  }

  // At matched KL: every run read where its smoothed KL first reaches a level. The first level is the
  // smallest smoothed final KL of any run here, so every run reaches it; the second, when --baseline
  // names a group, is that group's mean smoothed final KL (runs that never get there are counted).
  const finalSmoothedKl = (r) => smooth(r.steps.map((s) => s.kl)).at(-1);
  const klLevel = Math.min(...rows.flatMap((row) => row.runs.map(finalSmoothedKl)));
  const baselineForKl = rows.find((r) => r.group.name === o.baseline);
  const levels = [klLevel, ...(baselineForKl ? [mean(baselineForKl.runs.map(finalSmoothedKl))] : []), ...o.klLevels];
  const matched = [
    `| Method | ${levels.flatMap((level) => objectives.map((k) => `${k} at KL ${level.toFixed(2)}`)).join(' | ')} | ${levels.map((level) => `seeds reaching ${level.toFixed(2)}`).join(' | ')} |`,
    `|:---|${levels.flatMap(() => objectives.map(() => '---:|')).join('')}${levels.map(() => '---:|').join('')}`,
  ];
  for (const row of rows) {
    const cells = [];
    const reached = [];
    for (const level of levels) {
      const points = row.runs.map((r) => rewardsAtKl(r, objectives, level)).filter((p) => p !== null);
      cells.push(...objectives.map((_, i) => (points.length === 0 ? '—' : pm(points.map((p) => p[i])))));
      reached.push(`${points.length}/${row.runs.length}`);
    }
    matched.push(`| ${row.group.label} | ${cells.join(' | ')} | ${reached.join(' | ')} |`);
  }

  // Paired by seed: the same seed's test points, difference per objective, against MORLHF and against --baseline.
  const pairedAgainst = (base) => {
    if (base === undefined) return [];
    const table = [
      `| Method − ${base.group.label} | ${objectives.map((k) => `${k}: mean difference ± s.e., seeds ahead`).join(' | ')} | both ahead | final KL difference |`,
      `|:---|${objectives.map(() => '---:|').join('')}---:|---:|`,
    ];
    const at = (row, s) => row.runs.find((r) => r.seed === s);
    const se = (d) => `${signed(d)}`.replace(/ ± .*/, ` ± ${(std(d) / Math.sqrt(d.length)).toFixed(3)}`);
    for (const row of rows) {
      if (row === base) continue;
      const diffs = objectives.map((_, i) => seeds.map((s) => after(at(row, s))[i] - after(at(base, s))[i]));
      const bothAhead = seeds.filter((_, j) => diffs.every((d) => d[j] > 0)).length;
      const klDiff = seeds.map((s) => at(row, s).steps.at(-1).kl - at(base, s).steps.at(-1).kl);
      table.push(
        `| ${row.group.label} | ${diffs.map((d) => `${se(d)}, ${d.filter((v) => v > 0).length}/${d.length}`).join(' | ')} | ${bothAhead}/${seeds.length} | ${signed(klDiff, 2)} |`,
      );
    }
    return table;
  };
  const paired = pairedAgainst(rows.find((r) => r.group.name === 'morlhf'));
  const baselineRow = rows.find((r) => r.group.name === o.baseline);
  const pairedBaseline = o.baseline === 'morlhf' ? [] : pairedAgainst(baselineRow);

  // How the objectives met: the veto rate (responses whose combined advantage was 0 everywhere) and length.
  const veto = [
    '| Method | veto rate, all steps | veto rate, last 5 steps | longest run of steps with veto rate ≥ 0.9 | response tokens, final |',
    '|:---|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const rate = (r, from) => mean(r.steps.slice(from).map((s) => s.vetoRate ?? 0));
    const longest = row.runs.map((r) => {
      let best = 0;
      let run = 0;
      for (const s of r.steps) {
        run = (s.vetoRate ?? 0) >= 0.9 ? run + 1 : 0;
        best = Math.max(best, run);
      }
      return best;
    });
    const len = seedMeanCurve(row.runs, (s) => s.responseLength);
    veto.push(
      `| ${row.group.label} | ${pm(
        row.runs.map((r) => rate(r, 0)),
        2,
      )} | ${pm(
        row.runs.map((r) => rate(r, -5)),
        2,
      )} | max ${Math.max(...longest)} | ${finalValue(len).toFixed(1)} |`,
    );
  }

  const mc = machine();
  const out = [
    `<!-- written by bench/granularity-study.mjs -->`,
    `Test rewards on held-out prompts after alignment, mean ± sample std over seeds ${seeds.join(', ')} (n = ${seeds.length});`,
    `objectives ${objectives.map((k) => `\`${k}\``).join(', ')}; reference point = the pre-trained model's test rewards`,
    `(${reference.map((v) => v.toFixed(4)).join(', ')}). Gain = after − before. Final KL = the last alignment step's KL to the pre-trained model (nats per response: the sum over response tokens of log π − log π_ref, mean over that step's rollouts).`,
    `"Both improved" = seeds whose final test point beats the reference in every objective. "HV (seeds' front)" =`,
    `hypervolume of the non-dominated final points of that method's seeds; "HV per seed" = mean ± std of each seed's own`,
    `hypervolume (0 when any objective did not improve). "On pooled front" = that method's runs that are non-dominated`,
    `among all ${pooled.length} runs of the study.`,
    '',
    ...lines,
    '',
    `Final test points (${objectives.join(', ')}) per seed:`,
    '',
    ...perSeed,
    '',
    `Through training: seed means of each step's batch-mean reward (training prompts, raw scores). "Final" = mean of the`,
    `last 3 steps; "settles at" = the first step within 2 % of that final value (the issue's saturation measure).`,
    '',
    ...through,
    '',
    `At matched KL: each run's batch-mean rewards (3-step moving average) where its KL (same average) first reaches`,
    `${klLevel.toFixed(2)}, the smallest final KL (same average) of any run here${baselineForKl ? `, ${levels[1].toFixed(2)}, the mean final KL of ${baselineForKl.group.label}` : ''}${o.klLevels.length > 0 ? `, and ${o.klLevels.map((v) => v.toFixed(2)).join(', ')} (given with --kl-levels)` : ''}; mean ± std over the seeds that reach it.`,
    '',
    ...matched,
    '',
    ...(paired.length === 0
      ? []
      : [
          'Paired by seed against MORLHF (same seed = same rollout stream at step 1 and same pre-trained model): per-seed',
          'difference of the final test rewards, mean ± standard error, the seeds on which the method is ahead, and those',
          'on which it is ahead in both objectives.',
          '',
          ...paired,
          '',
        ]),
    ...(pairedBaseline.length === 0 ? [] : [`Paired by seed against ${baselineRow.group.label}, the same way:`, '', ...pairedBaseline, '']),
    'How the objectives met: mean ± std over seeds of the fraction of responses whose combined advantage was 0 on',
    'every token (vetoed: the update ignores them), and the longest run of consecutive steps with a veto rate of at',
    'least 0.9 in any seed (a sustained veto stall).',
    '',
    ...veto,
    '',
    `- Steps: ${config.steps}; PPO batch ${config.ppo.batchSize}, epochs ${config.ppo.epochs}, learning rate ${config.ppo.learningRate}, KL coefficient ${config.ppo.klCoef}${o.groups.some((g) => g.config !== undefined) ? " (β in a label: that group's own)" : ''}; backend ${backend}.`,
    `- Commands (DIR = the study's out directory, S = each seed${o.config !== null ? ', CONFIG = the --config file' : ''}${o.pretrained !== null ? ', PRETRAINED = the `pama pretrain --out` directory' : ''}):`,
    '',
    '```',
    `node bench/granularity-study.mjs --out DIR --seeds ${o.seeds}${o.steps !== null ? ` --steps ${o.steps}` : ''}${o.config !== null ? ' --config CONFIG' : ''}${o.groupsArg !== null ? ` --groups ${o.groupsArg}` : ''}${o.jobs > 1 ? ` --jobs ${o.jobs}` : ''}${o.pretrained !== null ? ' --pretrained PRETRAINED' : ''}${o.baseline !== 'pama-sample' ? ` --baseline ${o.baseline}` : ''}${o.klLevels.length > 0 ? ` --kl-levels ${o.klLevels.join(',')}` : ''}`,
    ...o.groups.map((g) => shownCommand(g, o)),
    '```',
    '',
    ...o.groups.filter((g) => g.config !== undefined).map((g) => `- \`DIR/${groupConfigFile(g)}\`: \`${JSON.stringify(g.config)}\``),
    `- Machine: ${mc.nproc} CPUs (nproc), ${mc.cpuModel}, Node ${mc.node}.`,
    `- Wall time: ${wallSeconds === null ? 'n/a (report only)' : `${(wallSeconds / 60).toFixed(1)} min for this invocation (runs it found finished are not redone)`}; alignment seconds per group, summed over seeds (from metrics.json): ${rows.map((r) => `${r.group.name} ${r.seconds.toFixed(0)}`).join(', ')}.`,
    '',
  ];
  return { markdown: out.join('\n'), summaries };
}

function writeAtomic(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  o.out = resolve(o.out);
  if (o.config !== null) o.config = resolve(o.config);
  if (o.pretrained !== null) o.pretrained = resolve(o.pretrained);
  if (!existsSync(cli)) throw new Error(`${cli} not found: run npm run build first`);
  mkdirSync(o.out, { recursive: true });
  let wall = null;
  if (!o.onlyReport) {
    const t0 = Date.now();
    const seeds = o.seeds.split(',').map(Number);
    // Seed-major order, so a study cut short has every group at the same seeds.
    await pool(
      seeds.flatMap((seed) => o.groups.map((g) => () => runOne(g, seed, o))),
      o.jobs,
    );
    wall = (Date.now() - t0) / 1000;
  }
  const { markdown } = summarise(o, wall);
  const table = resolve(o.table ?? join(o.out, 'granularity-study.md'));
  writeAtomic(table, markdown);
  process.stdout.write(`${markdown}\nwritten: ${table}\n`);
}

main().catch((e) => {
  process.stderr.write(`granularity-study: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
