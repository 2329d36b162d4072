// `pama sweep`: validates flags and config before any work, locks the out dir, checks a resume
// against the saved plan, then runs the sweep pipeline (loaded only then, so bad input is reported
// without loading TensorFlow.js).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignConfigFromFlags, issueError, corpusFitIssue } from 'pama-experiment/config';
import type { AlignConfig, Method } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import { writeJsonAtomic, ensureDir, lockOrExplain, removeStaleTempFiles, parseJsonBounded } from 'pama-experiment/io';
import { resumeCommand, sayHowToResumeOnSignal } from './align-command.js';
import { holdsRunWork, OUT_DIR_LOCK } from 'pama-experiment/runner';
import { stoppedRunError } from './stopped-run.js';
import { runnerOptionsFromFlags, firstDifference, shownValue, ACCEPT_CHANGED_INPUTS, sealInputs } from 'pama-experiment/runner';
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

/** Saved as config.json: what a --resume must match. */
interface SavedSweep {
  readonly align: unknown;
  readonly plan: SweepPlan;
}

/** What the out dir's config.json belongs to: a sweep, an align run, or neither. */
function savedKind(saved: unknown): 'sweep' | 'align' | 'other' {
  if (saved === null || typeof saved !== 'object') return 'other';
  if ('plan' in saved && 'align' in saved) return 'sweep';
  return 'methods' in saved && 'steps' in saved ? 'align' : 'other';
}

function checkResume(outDir: string, current: SavedSweep): void {
  const saved = join(outDir, 'config.json');
  if (!existsSync(saved)) throw new CliError(`--resume: no interrupted sweep in ${outDir} (missing config.json)`);
  const previous = parseJsonBounded(readFileSync(saved, 'utf8'), `--resume: ${saved}`) as Record<string, unknown>;
  if (savedKind(previous) === 'align')
    throw new CliError(
      `--resume: out dir ${outDir} holds a pama align run, not a sweep; resume it with pama align, or choose another --out`,
    );
  // The reference point only enters the summary, not any run: a resume may correct it.
  const strip = (s: unknown): unknown => {
    const o = (s ?? {}) as { align?: Record<string, unknown>; plan?: Record<string, unknown> };
    return {
      ...o,
      plan: { ...(o.plan ?? {}), reference: undefined },
      align: {
        ...(o.align ?? {}),
        outDir: undefined,
        cacheDir: typeof o.align?.cacheDir === 'string' ? resolve(o.align.cacheDir) : o.align?.cacheDir,
      },
    };
  };
  const d = firstDifference(strip(JSON.parse(JSON.stringify(current))), strip(previous));
  if (d !== undefined)
    throw new CliError(
      `--resume: ${d.path} is ${shownValue(d.a)} but the interrupted sweep used ${shownValue(d.b)} (${saved}); rerun with the same flags`,
    );
}

/** A fresh start in an out dir that has a config.json: refused unless no run did any work there. */
function refuseFreshStart(outDir: string): void {
  const saved = join(outDir, 'config.json');
  const kind = savedKind(parseJsonBounded(readFileSync(saved, 'utf8'), saved));
  if (kind === 'align') throw new CliError(`out dir ${outDir} holds a pama align run, not a sweep; choose another --out`);
  if (kind === 'other') throw new CliError(`out dir ${outDir} holds a config.json that is not a sweep's; choose another --out`);
  if (holdsRunWork(outDir))
    throw new CliError(`out dir ${outDir} already holds a sweep; use --resume to continue it or choose another --out`);
  process.stdout.write(`out dir ${outDir} holds only the config of a start that did no work; starting afresh\n`);
}

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
  const fit = await corpusFitIssue(config);
  if (fit) throw issueError('config', fit);
  const plan: SweepPlan = { methods, weights, reference };
  const saved: SavedSweep = { align: config, plan };

  ensureDir(outDir, 'out dir');
  const lock = lockOrExplain(join(outDir, OUT_DIR_LOCK), `out dir ${outDir}`, 'pama sweep');
  const resume = resumeCommand(argv, flags, outDir, 'sweep');
  const stopListening = sayHowToResumeOnSignal(resume);
  try {
    removeStaleTempFiles(outDir);
    if (flags.resume) checkResume(outDir, saved);
    else if (existsSync(join(outDir, 'config.json'))) refuseFreshStart(outDir);
    sealInputs(outDir, config, { resume: flags.resume === true, accept: flags.acceptChangedInputs === true });
    writeJsonAtomic(join(outDir, 'config.json'), saved);
    const { sweepPipeline } = await import('pama-experiment/runner');
    try {
      await sweepPipeline(config, plan, outDir, runner.jobs);
    } catch (error) {
      throw stoppedRunError(error, `resume with: ${resume}`);
    }
    return 0;
  } finally {
    stopListening();
    lock.release();
  }
}
