// `pama align`: the config from the flags (and --config FILE), the runner options, then
// pama-experiment's runAlignment (loaded only then, so a bad config is reported without loading
// TensorFlow.js); an interrupted or stopped run says how to resume it.
import { join, resolve } from 'node:path';
import { alignConfigFromFlags, type AlignFlags } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import { stoppedRunError } from './stopped-run.js';

function defaultOutDir(): string {
  return join('runs', new Date().toISOString().replace(/[:.]/g, '-'));
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
  flags: AlignFlags & {
    readonly jobs?: string;
    readonly shard?: string;
    readonly pretrained?: string;
    readonly acceptChangedInputs?: boolean;
  },
  argv: readonly string[] = [],
): Promise<number> {
  const config = alignConfigFromFlags(flags);
  const { ACCEPT_CHANGED_INPUTS, runAlignment, runnerOptionsFromFlags } = await import('pama-experiment/runner');
  if (flags.acceptChangedInputs && !flags.resume)
    throw new CliError(`${ACCEPT_CHANGED_INPUTS} goes with --resume (a fresh start records the files as they are)`);
  const runner = runnerOptionsFromFlags(flags);
  if (flags.resume && config.outDir === null) throw new CliError('--resume needs --out DIR (the directory of the interrupted run)');
  const outDir = resolve(config.outDir ?? defaultOutDir());
  const stopListening = sayHowToResumeOnSignal(resumeCommand(argv, flags, outDir));
  try {
    await runAlignment(config, {
      ...runner,
      outDir,
      resume: flags.resume === true,
      acceptChangedInputs: flags.acceptChangedInputs === true,
    });
    return 0;
  } catch (error) {
    throw stoppedRunError(error, `resume with: ${resumeCommand(argv, flags, outDir)}`);
  } finally {
    stopListening();
  }
}
