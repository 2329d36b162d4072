// What `pama sweep` does, as one call: checks what depends on the corpus before any work, locks the
// out dir, removes temporary files an interrupted write left, checks a resume against the saved
// plan (or refuses an out dir that holds another run), seals the input files, writes config.json
// ({ align, plan }), then runs every method × preference × seed and writes the sweep's metrics.json
// and report.html.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AlignConfig } from '../config/align-config.js';
import { corpusFitIssue } from '../config/corpus-fit.js';
import { issueError } from '../config/validate.js';
import { ExperimentError } from '../experiment-error.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { lockOrExplain } from '../io/dir-lock.js';
import { ensureDir } from '../io/make-dir.js';
import { parseJsonBounded } from '../io/read-json.js';
import { removeStaleTempFiles } from '../io/temp-files.js';
import type { SweepMetrics } from '../sweep/sweep-metrics.js';
import { firstDifference, shownValue } from './first-difference.js';
import { sealInputs } from './input-seal.js';
import { holdsRunWork, OUT_DIR_LOCK } from './run-alignment.js';
import type { SweepPlan } from './sweep-pipeline.js';

/** How runSweep runs; none of it changes a result. */
export interface SweepOptions {
  /** Where config.json, runs/, metrics.json and report.html go (made if missing); default config.outDir. */
  readonly outDir?: string;
  /** Runs at once: 1 = in this process (the default); N ≥ 2 = N worker processes. */
  readonly jobs?: number;
  /** Continue the interrupted sweep in outDir: its finished runs are reused. */
  readonly resume?: boolean;
  /** With resume: continue although a lexicon, module or data file changed since the sweep started. */
  readonly acceptChangedInputs?: boolean;
}

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
  if (!existsSync(saved)) throw new ExperimentError(`--resume: no interrupted sweep in ${outDir} (missing config.json)`);
  const previous = parseJsonBounded(readFileSync(saved, 'utf8'), `--resume: ${saved}`) as Record<string, unknown>;
  if (savedKind(previous) === 'align')
    throw new ExperimentError(
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
    throw new ExperimentError(
      `--resume: ${d.path} is ${shownValue(d.a)} but the interrupted sweep used ${shownValue(d.b)} (${saved}); rerun with the same flags`,
    );
}

/** A fresh start in an out dir that has a config.json: refused unless no run did any work there. */
function refuseFreshStart(outDir: string): void {
  const saved = join(outDir, 'config.json');
  const kind = savedKind(parseJsonBounded(readFileSync(saved, 'utf8'), saved));
  if (kind === 'align') throw new ExperimentError(`out dir ${outDir} holds a pama align run, not a sweep; choose another --out`);
  if (kind === 'other') throw new ExperimentError(`out dir ${outDir} holds a config.json that is not a sweep's; choose another --out`);
  if (holdsRunWork(outDir))
    throw new ExperimentError(`out dir ${outDir} already holds a sweep; use --resume to continue it or choose another --out`);
  process.stdout.write(`out dir ${outDir} holds only the config of a start that did no work; starting afresh\n`);
}

/**
 * Runs a preference sweep as `pama sweep` does, with the same files and the same metrics.json:
 * each method of the plan at each preference vector and seed, then the hypervolumes, the
 * bootstrap intervals and PAMA's placement against the MORLHF front. `config.methods` must list
 * the align methods the plan's methods train with.
 *
 * @example
 * const config = resolveAlignConfig(undefined, { methods: ['morlhf'], seeds: [1], steps: 1 }, true);
 * const plan = { methods: ['morlhf'], weights: [[1, 0], [0, 1]], reference: null };
 * const metrics = await runSweep(config, plan, { outDir: 'runs/sweep-example' });
 * metrics.runs.length; // 2
 */
export async function runSweep(config: AlignConfig, plan: SweepPlan, options: SweepOptions = {}): Promise<SweepMetrics> {
  const given = options.outDir ?? config.outDir;
  if (given === null || given === undefined) throw new ExperimentError('outDir', given, 'the directory the sweep writes to');
  if (options.acceptChangedInputs && !options.resume)
    throw new ExperimentError('acceptChangedInputs', true, 'only with resume (a fresh start records the files as they are)');
  const jobs = options.jobs ?? 1;
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new ExperimentError('jobs', jobs, 'a whole number ≥ 1');
  const outDir = resolve(given);
  const fit = await corpusFitIssue(config);
  if (fit) throw issueError('config', fit);
  const saved: SavedSweep = { align: config, plan };

  ensureDir(outDir, 'out dir');
  const lock = lockOrExplain(join(outDir, OUT_DIR_LOCK), `out dir ${outDir}`, 'pama sweep');
  try {
    removeStaleTempFiles(outDir);
    if (options.resume) checkResume(outDir, saved);
    else if (existsSync(join(outDir, 'config.json'))) refuseFreshStart(outDir);
    sealInputs(outDir, config, { resume: options.resume === true, accept: options.acceptChangedInputs === true });
    writeJsonAtomic(join(outDir, 'config.json'), saved);
    // Loaded only now, so bad input is reported without loading the training code.
    const { sweepPipeline } = await import('./sweep-pipeline.js');
    return await sweepPipeline(config, plan, outDir, jobs);
  } finally {
    lock.release();
  }
}
