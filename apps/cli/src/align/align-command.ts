// `pama align`: validates the config and the out dir before any work, then runs the pipeline
// (loaded only then, so a bad config is reported without loading TensorFlow.js).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignConfigFromFlags, type AlignFlags } from '../config/resolve-align-config.js';
import type { AlignConfig } from '../config/align-config.js';
import { CliError } from '../cli-error.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { runnerOptionsFromFlags, type RunnerFlags } from '../runner/runner-options.js';
import { checkPretrainedConfig } from '../pretrain/pretrained-dir.js';

function defaultOutDir(): string {
  return join('runs', new Date().toISOString().replace(/[:.]/g, '-'));
}

/** Where two JSON values first differ: the dotted path and the value on each side (undefined = absent). */
function firstDifference(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown } | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    return JSON.stringify(a) === JSON.stringify(b) ? undefined : { path: path || '(root)', a, b };
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

const shown = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));

/** With --resume the out dir must hold the config of the interrupted run, and it must match. */
function checkResume(outDir: string, config: AlignConfig): void {
  const saved = join(outDir, 'config.json');
  if (!existsSync(saved)) throw new CliError(`--resume: no interrupted run in ${outDir} (missing config.json)`);
  let previous: unknown;
  try {
    previous = JSON.parse(readFileSync(saved, 'utf8'));
  } catch (error) {
    throw new CliError(`--resume: ${saved} is not valid JSON (${(error as Error).message})`);
  }
  const current: unknown = JSON.parse(JSON.stringify(config));
  const difference = firstDifference(current, previous);
  if (difference !== undefined) {
    throw new CliError(
      `--resume: ${difference.path} is ${shown(difference.a)} but the interrupted run used ${shown(difference.b)} (${saved}); rerun with the same flags`,
    );
  }
}

export async function alignCommand(flags: AlignFlags & RunnerFlags): Promise<number> {
  const config = alignConfigFromFlags(flags);
  const runner = runnerOptionsFromFlags(flags);
  if (runner.pretrainedDir !== null) checkPretrainedConfig(runner.pretrainedDir, config);
  if (flags.resume && config.outDir === null) throw new CliError('--resume needs --out DIR (the directory of the interrupted run)');
  const outDir = resolve(config.outDir ?? defaultOutDir());
  if (flags.resume) checkResume(outDir, config);
  else if (existsSync(join(outDir, 'config.json'))) throw new CliError(`out dir ${outDir} already holds a run; use --resume to continue it or choose another --out`);
  writeJsonAtomic(join(outDir, 'config.json'), config);
  const { alignPipeline } = await import('./align-pipeline.js');
  await alignPipeline(config, outDir, runner);
  return 0;
}
