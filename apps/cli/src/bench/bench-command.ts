// `pama bench [core|rewards|trainer|all]`: loads each package's benchmark entry point at run
// time and prints its tables; a suite whose entry point is not there is reported, not fatal.
import { CliError } from '../cli-error.js';
import { formatBenchResult } from './format-bench-result.js';

interface Suite {
  readonly name: string;
  readonly module: string;
  readonly entry: string;
  /** The package's own table formatter for the entry's result, when it exports one. */
  readonly formatter: string;
}

export const SUITES: readonly Suite[] = [
  { name: 'core', module: 'pama-core/bench', entry: 'runCoreBenchmarks', formatter: 'formatBenchTable' },
  { name: 'rewards', module: 'pama-reward-server/bench', entry: 'runRewardsBenchmarks', formatter: 'formatRewardsBenchmarkMarkdown' },
  { name: 'trainer', module: 'pama-tfjs', entry: 'runTrainerBenchmarks', formatter: 'formatTrainerBenchmark' },
];

type Fn = (...args: unknown[]) => unknown;

async function loadEntry(suite: Suite): Promise<{ run: Fn; format: Fn | null } | string> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(suite.module)) as Record<string, unknown>;
  } catch (e) {
    return `cannot load ${suite.module} (${(e as Error).message.split('\n')[0]}); build it first with npm run build`;
  }
  const run = mod[suite.entry];
  if (typeof run !== 'function') return `${suite.module} has no ${suite.entry} export yet`;
  const format = mod[suite.formatter];
  return { run: run as Fn, format: typeof format === 'function' ? (format as Fn) : null };
}

/** `backends`: the trainer suite's backends (e.g. 'webgpu,wasm'); the other suites take none. */
export async function benchCommand(which: string, options: { backends?: string } = {}): Promise<number> {
  const names = SUITES.map((s) => s.name);
  if (which !== 'all' && !names.includes(which)) throw new CliError(`bench: unknown suite ${JSON.stringify(which)} (one of ${names.join(', ')}, all)`);
  const selected = SUITES.filter((s) => which === 'all' || s.name === which);
  let missing = 0;
  for (const suite of selected) {
    process.stdout.write(`\n## ${suite.name}\n\n`);
    const entry = await loadEntry(suite);
    if (typeof entry === 'string') {
      process.stdout.write(`skipped: ${entry}\n`);
      missing++;
      continue;
    }
    const trainerOptions = suite.name === 'trainer' && options.backends !== undefined ? [{ backends: options.backends.split(',').map((b) => b.trim()) }] : [];
    const result = await entry.run(...trainerOptions);
    const text = entry.format ? String(entry.format(result, `pama bench ${suite.name}`)) : formatBenchResult(result);
    if (text) process.stdout.write(`${text}\n`);
  }
  // A single named suite that is missing is an error; with `all`, the others still ran.
  return which !== 'all' && missing > 0 ? 1 : 0;
}
