// `pama align`: validates the config (including what depends on the corpus) and the out dir before
// any work, locks the out dir, removes temporary files of an interrupted write, then runs the
// pipeline (loaded only then, so a bad config is reported without loading TensorFlow.js).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignConfigFromFlags, type AlignFlags, issueError, corpusFitIssue } from 'pama-experiment/config';
import type { AlignConfig } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import { writeJsonAtomic, ensureDir, lockOrExplain, removeStaleTempFiles, parseJsonBounded } from 'pama-experiment/io';
import { stoppedRunError } from './stopped-run.js';

/** The out dir's lock file: present while a `pama align` process works in it. */
export const OUT_DIR_LOCK = '.pama.lock';
import {
  runnerOptionsFromFlags,
  type RunnerFlags,
  firstDifference,
  shownValue,
  ACCEPT_CHANGED_INPUTS,
  sealInputs,
} from 'pama-experiment/runner';
import { checkPretrainedConfig } from 'pama-experiment/align';

function defaultOutDir(): string {
  return join('runs', new Date().toISOString().replace(/[:.]/g, '-'));
}

/**
 * The config as the resume check compares it: directories by what they resolve to, not by their
 * spelling (`out/` and `./out` are one directory). The out dir itself is the directory being
 * resumed, so it is equal by construction.
 */
function comparable(config: unknown): unknown {
  if (config === null || typeof config !== 'object') return config;
  const c = config as Record<string, unknown>;
  return { ...c, outDir: undefined, cacheDir: typeof c.cacheDir === 'string' ? resolve(c.cacheDir) : c.cacheDir };
}

/** With --resume the out dir must hold the config of the interrupted run, and it must match. */
function checkResume(outDir: string, config: AlignConfig): void {
  const saved = join(outDir, 'config.json');
  if (!existsSync(saved)) throw new CliError(`--resume: no interrupted run in ${outDir} (missing config.json)`);
  const previous = parseJsonBounded(readFileSync(saved, 'utf8'), `--resume: ${saved}`);
  const current: unknown = JSON.parse(JSON.stringify(config));
  const difference = firstDifference(comparable(current), comparable(previous));
  if (difference !== undefined) {
    throw new CliError(
      `--resume: ${difference.path} is ${shownValue(difference.a)} but the interrupted run used ${shownValue(difference.b)} (${saved}); rerun with the same flags`,
    );
  }
}

/** Whether the out dir holds work of a run (not only the config.json of a start that failed before any). */
export function holdsRunWork(outDir: string): boolean {
  if (existsSync(join(outDir, 'metrics.json'))) return true;
  const runs = join(outDir, 'runs');
  if (!existsSync(runs)) return false;
  return readdirSync(runs).some((run) => {
    try {
      return readdirSync(join(runs, run)).some((f) => f === 'progress.json' || f === 'result.json' || /^ckpt-\d+\.bin$/.test(f));
    } catch {
      return false;
    }
  });
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command that resumes this run (or sweep): the same arguments, with --out and --resume. */
export function resumeCommand(
  argv: readonly string[],
  flags: { readonly out?: string; readonly resume?: boolean },
  outDir: string,
  command: 'align' | 'sweep' = 'align',
): string {
  const args = [...argv];
  if (flags.out === undefined) args.push('--out', outDir);
  if (!flags.resume) args.push('--resume');
  return ['pama', command, ...args].map(shellQuote).join(' ');
}

/** On SIGINT/SIGTERM: say how to resume, then exit (the lock is released on exit). */
export function sayHowToResumeOnSignal(resume: string): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\npama: interrupted by ${signal}; the finished steps are saved. Resume with:\n  ${resume}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function alignCommand(
  flags: AlignFlags & RunnerFlags & { readonly acceptChangedInputs?: boolean },
  argv: readonly string[] = [],
): Promise<number> {
  const config = alignConfigFromFlags(flags);
  if (flags.acceptChangedInputs && !flags.resume)
    throw new CliError(`${ACCEPT_CHANGED_INPUTS} goes with --resume (a fresh start records the files as they are)`);
  const runner = runnerOptionsFromFlags(flags);
  if (runner.pretrainedDir !== null) checkPretrainedConfig(runner.pretrainedDir, config);
  if (flags.resume && config.outDir === null) throw new CliError('--resume needs --out DIR (the directory of the interrupted run)');
  const outDir = resolve(config.outDir ?? defaultOutDir());
  if (config.model.path !== null && !existsSync(join(config.model.path, 'config.json')))
    throw new CliError(
      'model.path',
      config.model.path,
      'a Hugging Face model directory (config.json, safetensors weights, tokenizer.json)',
      {
        context: 'invalid config',
      },
    );
  // A Hugging Face model's prompts are counted under its own tokenizer, when the run context is built.
  const fit = config.model.path === null ? await corpusFitIssue(config) : null;
  if (fit) throw issueError('config', fit);

  ensureDir(outDir, 'out dir');
  const lock = lockOrExplain(join(outDir, OUT_DIR_LOCK), `out dir ${outDir}`, 'pama align');
  const stopListening = sayHowToResumeOnSignal(resumeCommand(argv, flags, outDir));
  try {
    const removed = removeStaleTempFiles(outDir);
    if (removed.length > 0) process.stdout.write(`removed ${removed.length} temporary file(s) left by an interrupted write\n`);
    if (flags.resume) checkResume(outDir, config);
    else if (existsSync(join(outDir, 'config.json'))) {
      if (holdsRunWork(outDir))
        throw new CliError(`out dir ${outDir} already holds a run; use --resume to continue it or choose another --out`);
      process.stdout.write(`out dir ${outDir} holds only the config of a start that did no work; starting afresh\n`);
    }
    sealInputs(outDir, config, { resume: flags.resume === true, accept: flags.acceptChangedInputs === true });
    writeJsonAtomic(join(outDir, 'config.json'), config);
    const { alignPipeline } = await import('pama-experiment/runner');
    try {
      await alignPipeline(config, outDir, runner);
    } catch (error) {
      throw stoppedRunError(error, `resume with: ${resumeCommand(argv, flags, outDir)}`);
    }
    return 0;
  } finally {
    stopListening();
    lock.release();
  }
}
