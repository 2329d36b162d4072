// `pama bench [core|rewards|trainer|all]`: loads each package's benchmark entry point at run
// time and prints its tables; a suite whose entry point is not there is reported, not fatal.
// With --json each suite's result is printed as one JSON object (one line) instead of tables; for the
// trainer its `trainTokensPerSecond` is the figure bench/torch_step.py measures for the same model.
import { CliError } from '../cli-error.js';
import { formatBenchResult } from '../bench/format-bench-result.js';

interface Suite {
  readonly name: string;
  readonly module: string;
  /** Imports `module` (by its literal name, so that a bundler includes it). */
  readonly load: () => Promise<unknown>;
  readonly entry: string;
  /** The package's own table formatter for the entry's result, when it exports one. */
  readonly formatter: string;
}

export const SUITES: readonly Suite[] = [
  {
    name: 'core',
    module: 'pama-core/bench',
    load: () => import('pama-core/bench'),
    entry: 'runCoreBenchmarks',
    formatter: 'formatBenchTable',
  },
  {
    name: 'rewards',
    module: 'pama-reward-server/bench',
    load: () => import('pama-reward-server/bench'),
    entry: 'runRewardsBenchmarks',
    formatter: 'formatRewardsBenchmarkMarkdown',
  },
  {
    name: 'trainer',
    module: 'pama-tfjs/bench',
    load: () => import('pama-tfjs/bench'),
    entry: 'runTrainerBenchmarks',
    formatter: 'formatTrainerBenchmark',
  },
];

type Fn = (...args: unknown[]) => unknown;

async function loadEntry(suite: Suite): Promise<{ run: Fn; format: Fn | null } | string> {
  let mod: Record<string, unknown>;
  try {
    mod = (await suite.load()) as Record<string, unknown>;
  } catch (e) {
    return `cannot load ${suite.module} (${(e as Error).message.split('\n')[0]}); build it first with npm run build`;
  }
  const run = mod[suite.entry];
  if (typeof run !== 'function') return `${suite.module} has no ${suite.entry} export yet`;
  const format = mod[suite.formatter];
  return { run: run as Fn, format: typeof format === 'function' ? (format as Fn) : null };
}

export interface BenchOptions {
  /** Print each suite's result as one JSON object instead of its tables. */
  readonly json?: boolean;
  /** Trainer only: the default model at this width (MLP 2·d, same depth). */
  readonly dModel?: string;
  /** Trainer only: just the isolated training minibatch step (the PyTorch peer's unit). */
  readonly trainStepOnly?: boolean;
  /** Trainer only: the backends to compare (e.g. 'webgpu,wasm'). */
  readonly backends?: string;
}

/** Arguments for a suite's entry point: only the trainer takes options. */
function entryArguments(suite: Suite, options: BenchOptions): unknown[] {
  if (suite.name !== 'trainer') return [];
  let dModel: number | undefined;
  if (options.dModel !== undefined) {
    dModel = Number(options.dModel);
    if (!Number.isInteger(dModel) || dModel < 1)
      throw new CliError(`bench: --d-model must be a positive integer (got ${JSON.stringify(options.dModel)})`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  return [
    {
      ...(dModel === undefined ? {} : { dModel }),
      ...(options.trainStepOnly ? { trainStepOnly: true } : {}),
      ...(options.backends !== undefined ? { backends: options.backends.split(',').map((b) => b.trim()) } : {}),
      log,
    },
  ];
}

export async function benchCommand(which: string, options: BenchOptions = {}): Promise<number> {
  const names = SUITES.map((s) => s.name);
  if (which !== 'all' && !names.includes(which))
    throw new CliError(`bench: unknown suite ${JSON.stringify(which)} (one of ${names.join(', ')}, all)`);
  if ((options.dModel !== undefined || options.trainStepOnly) && which !== 'trainer') {
    throw new CliError(`bench: --d-model and --train-step-only apply to the trainer suite only (got ${JSON.stringify(which)})`);
  }
  const selected = SUITES.filter((s) => which === 'all' || s.name === which);
  let missing = 0;
  for (const suite of selected) {
    if (!options.json) process.stdout.write(`\n## ${suite.name}\n\n`);
    const entry = await loadEntry(suite);
    if (typeof entry === 'string') {
      (options.json ? process.stderr : process.stdout).write(`skipped ${suite.name}: ${entry}\n`);
      missing++;
      continue;
    }
    const result = await entry.run(...entryArguments(suite, options));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      continue;
    }
    const text = entry.format ? String(entry.format(result, `pama bench ${suite.name}`)) : formatBenchResult(result);
    if (text) process.stdout.write(`${text}\n`);
  }
  // A single named suite that is missing is an error; with `all`, the others still ran.
  return which !== 'all' && missing > 0 ? 1 : 0;
}
