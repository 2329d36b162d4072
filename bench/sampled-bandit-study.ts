// Sampled-bandit study: trains generated multi-objective softmax bandits from sampled responses
// (packages/core/test/sampled-bandit.ts) at every granularity, Noon on and off, and prints, per
// configuration, how many runs reach certified ε-Pareto stationarity on the true gradients, stall
// short of it, or wander at the budget — as one markdown table.
//
//   npx vite-node bench/sampled-bandit-study.ts -- [--bandits 150] [--seed 7] [--steps 3000]
//       [--eta 0.5] [--epsilon 0.02] [--batch 8] [--horizon 1,4] [--advantage outcome,reward-to-go]
//       [--baseline batch-mean] [--epochs 1] [--granularities token,sample,batch,gram] (also sample-mix)
//       [--noon on,off] [--out FILE]
//
// (defaults shown). Comma lists run every combination; with T = 1 the two advantage estimators
// coincide and only 'outcome' runs. The commands behind the published table are in
// docs/sampled-bandits.md. The bandits are fast-check generated from --seed (the same
// bandits for every configuration), and run r of every configuration draws its samples from
// seed r, so configurations are paired bandit by bandit. --out writes the table atomically.
import { renameSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Granularity } from '../packages/core/src/index.js';
import {
  runSampledBandit,
  sampledBanditArb,
  type AdvantageEstimator,
  type Baseline,
  type SampledOutcome,
} from '../packages/core/test/sampled-bandit.js';

const usage =
  'usage: npx vite-node bench/sampled-bandit-study.ts -- [--bandits N] [--seed S] [--steps S] [--eta η] [--epsilon ε] [--batch B,…] [--horizon T,…] [--advantage outcome,reward-to-go] [--baseline batch-mean,value] [--epochs E,…] [--granularities g,…] [--noon on,off] [--out FILE]';

interface Args {
  bandits: number;
  seed: number;
  steps: number;
  eta: number;
  epsilon: number;
  batch: number[];
  horizon: number[];
  advantage: AdvantageEstimator[];
  baseline: Baseline[];
  epochs: number[];
  granularities: Granularity[];
  noon: boolean[];
  out: string | null;
}

const fail = (message: string): never => {
  console.error(`${message}\n${usage}`);
  process.exit(2);
};

const positiveInt = (flag: string, v: string): number => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) fail(`${flag} must be a positive integer, got '${v}'`);
  return x;
};

const positiveNumber = (flag: string, v: string): number => {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) fail(`${flag} must be a positive number, got '${v}'`);
  return x;
};

const oneOf = <T extends string>(flag: string, v: string, allowed: readonly T[]): T[] =>
  v.split(',').map((x) => (allowed.includes(x as T) ? (x as T) : fail(`${flag}: '${x}' is not one of ${allowed.join(', ')}`)));

const parseArgs = (argv: string[]): Args => {
  const a: Args = {
    bandits: 150,
    seed: 7,
    steps: 3000,
    eta: 0.5,
    epsilon: 0.02,
    batch: [8],
    horizon: [1, 4],
    advantage: ['outcome', 'reward-to-go'],
    baseline: ['batch-mean'],
    epochs: [1],
    granularities: ['token', 'sample', 'batch', 'gram'],
    noon: [true, false],
    out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--') continue;
    const v = argv[++i];
    if (v === undefined) fail(`${flag} needs a value`);
    if (flag === '--bandits') a.bandits = positiveInt(flag, v);
    else if (flag === '--seed') a.seed = positiveInt(flag, v);
    else if (flag === '--steps') a.steps = positiveInt(flag, v);
    else if (flag === '--eta') a.eta = positiveNumber(flag, v);
    else if (flag === '--epsilon') a.epsilon = positiveNumber(flag, v);
    else if (flag === '--batch') a.batch = v.split(',').map((x) => positiveInt(flag, x));
    else if (flag === '--horizon') a.horizon = v.split(',').map((x) => positiveInt(flag, x));
    else if (flag === '--epochs') a.epochs = v.split(',').map((x) => positiveInt(flag, x));
    else if (flag === '--advantage') a.advantage = oneOf(flag, v, ['outcome', 'reward-to-go'] as const);
    else if (flag === '--baseline') a.baseline = oneOf(flag, v, ['batch-mean', 'value'] as const);
    else if (flag === '--granularities') a.granularities = oneOf(flag, v, ['token', 'sample', 'batch', 'gram', 'sample-mix'] as const);
    else if (flag === '--noon') a.noon = oneOf(flag, v, ['on', 'off'] as const).map((x) => x === 'on');
    else if (flag === '--out') a.out = v;
    else fail(`unknown option ${flag}`);
  }
  return a;
};

const args = parseArgs(process.argv.slice(2));
const bandits = fc.sample(sampledBanditArb(), { seed: args.seed, numRuns: args.bandits });

const median = (xs: number[]): string => {
  if (xs.length === 0) return '–';
  const s = [...xs].sort((x, y) => x - y);
  return String(s[Math.floor((s.length - 1) / 2)]);
};

const rows: string[] = [];
const started = Date.now();
for (const batch of args.batch) {
  for (const horizon of args.horizon) {
    // With T = 1 the two estimators coincide: run only 'outcome'.
    const estimators = horizon === 1 ? args.advantage.filter((x, _, all) => x === 'outcome' || !all.includes('outcome')) : args.advantage;
    for (const advantage of estimators) {
      for (const baseline of args.baseline) {
        for (const epochs of args.epochs) {
          for (const granularity of args.granularities) {
            for (const noon of args.noon) {
              const outcomes: SampledOutcome[] = bandits.map((bandit, r) =>
                runSampledBandit(bandit, {
                  granularity,
                  noon,
                  batch,
                  horizon,
                  advantage,
                  baseline,
                  epochs,
                  eta: args.eta,
                  steps: args.steps,
                  epsilon: args.epsilon,
                  seed: r + 1,
                }),
              );
              const count = (v: string) => outcomes.filter((x) => x.verdict === v).length;
              const reached = outcomes.filter((x) => x.verdict === 'stationary').map((x) => x.stationaryAt);
              const updates = outcomes.reduce((s, x) => s + x.updates, 0);
              const zeroed = outcomes.reduce((s, x) => s + x.zeroedUpdates, 0);
              const zeroedShare = `${((100 * zeroed) / Math.max(1, updates)).toFixed(1)} %`;
              const row = `| ${batch} | ${horizon} | ${horizon === 1 ? '(T = 1)' : advantage} | ${baseline} | ${epochs} | ${granularity} | ${noon ? 'on' : 'off'} | ${count('stationary')} | ${count('stalled')} | ${count('wanders')} | ${median(reached)} | ${outcomes.filter((x) => x.stationaryAtEnd).length} | ${outcomes.filter((x) => x.dominated).length} | ${zeroedShare} |`;
              rows.push(row);
              console.error(`${row}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
            }
          }
        }
      }
    }
  }
}

const table = [
  `${args.bandits} generated bandits (fast-check seed ${args.seed}; K 2..5 arms, N 2..3 objectives, Bernoulli means on quarters), η = ${args.eta}, budget ${args.steps} updates, ε = ${args.epsilon} on the true gradients.`,
  '',
  '| B | T | advantage | baseline | epochs | granularity | Noon | certified ε-stationary | stalled | wanders | median first step | ε-stationary at S | dominated at S | updates zeroed by the combine |',
  '|---:|---:|:---|:---|---:|:---|:---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
].join('\n');
if (args.out !== null) {
  const tmp = `${args.out}.tmp-${process.pid}`;
  writeFileSync(tmp, table);
  renameSync(tmp, args.out);
}
console.log(table);
