// `pama sweep`: the methods, preference vectors and reference point from the flags, the config,
// then pama-experiment's runSweep; an interrupted or stopped sweep says how to resume it.
import { join, resolve } from 'node:path';
import { alignConfigFromFlags } from 'pama-experiment/config';
import type { AlignConfig, Method } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import { resumeCommand, sayHowToResumeOnSignal } from './align-command.js';
import { stoppedRunError } from './stopped-run.js';
import { runnerOptionsFromFlags, ACCEPT_CHANGED_INPUTS } from 'pama-experiment/runner';
import { objectiveNames } from 'pama-experiment/align';
import { parseReference, parseSweepMethods, parseWeights } from '../sweep/sweep-flags.js';
import type { SweepPlan } from 'pama-experiment/runner';

export interface SweepFlags {
  readonly config?: string;
  readonly weights?: string;
  readonly methods?: string;
  readonly seeds?: string;
  readonly steps?: string;
  readonly jobs?: string;
  readonly out?: string;
  readonly resume?: boolean;
  /** With --resume: continue although a lexicon, module or data file changed since the sweep started. */
  readonly acceptChangedInputs?: boolean;
  readonly quick?: boolean;
  readonly reference?: string;
  readonly backend?: string;
}

/** The align methods the sweep's methods train with (config.methods must list them). */
const ALIGN_METHOD: Record<string, Method> = { morlhf: 'morlhf', 'pama-pref': 'pama', pama: 'pama', 'mgda-ub': 'mgda-ub' };

/**
 * Runs `pama sweep` with parsed flags; returns the exit code.
 * @example await sweepCommand({ quick: true, out: 'runs/sweep' })
 */
export async function sweepCommand(flags: SweepFlags, argv: readonly string[] = []): Promise<number> {
  const methods = parseSweepMethods(flags.methods);
  if (flags.acceptChangedInputs && !flags.resume)
    throw new CliError(`${ACCEPT_CHANGED_INPUTS} goes with --resume (a fresh start records the files as they are)`);
  const base = alignConfigFromFlags({
    config: flags.config,
    seeds: flags.seeds,
    steps: flags.steps,
    out: flags.out,
    quick: flags.quick,
    backend: flags.backend,
  });
  const config: AlignConfig = { ...base, methods: [...new Set(methods.map((m) => ALIGN_METHOD[m]))] };
  // The preference vectors and the reference point have one entry per configured objective.
  const names = objectiveNames(config);
  const nObjectives = names.length;
  if (nObjectives < 2)
    throw new CliError(
      `pama sweep needs 2 or more objectives to trade off (the config has ${nObjectives}: ${names.map((n) => `'${n}'`).join(', ')}); train one objective with pama align`,
    );
  const weights = parseWeights(flags.weights, nObjectives, flags.quick === true);
  const reference = parseReference(flags.reference, nObjectives);
  const runner = runnerOptionsFromFlags({ jobs: flags.jobs });
  if (flags.resume && config.outDir === null) throw new CliError('--resume needs --out DIR (the directory of the interrupted sweep)');
  const outDir = resolve(config.outDir ?? join('runs', `sweep-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  const plan: SweepPlan = { methods, weights, reference };
  const { runSweep } = await import('pama-experiment/runner');
  const resume = resumeCommand(argv, flags, outDir, 'sweep');
  const stopListening = sayHowToResumeOnSignal(resume);
  try {
    await runSweep(config, plan, {
      outDir,
      jobs: runner.jobs,
      resume: flags.resume === true,
      acceptChangedInputs: flags.acceptChangedInputs === true,
    });
    return 0;
  } catch (error) {
    throw stoppedRunError(error, `resume with: ${resume}`);
  } finally {
    stopListening();
  }
}
