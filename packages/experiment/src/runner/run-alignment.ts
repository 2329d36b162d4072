// What `pama align` does, as one call: checks what depends on the corpus and the model before any
// work, locks the out dir, removes temporary files an interrupted write left, checks a resume
// against the interrupted run's config (or refuses an out dir that already holds a run), seals the
// input files, writes config.json, then runs the pipeline (runs/, metrics.json, report.html).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkPretrainedConfig } from '../align/pretrained-dir.js';
import type { AlignConfig } from '../config/align-config.js';
import { corpusFitIssue } from '../config/corpus-fit.js';
import { issueError } from '../config/validate.js';
import { ExperimentError } from '../experiment-error.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { lockOrExplain } from '../io/dir-lock.js';
import { ensureDir } from '../io/make-dir.js';
import { parseJsonBounded } from '../io/read-json.js';
import { removeStaleTempFiles } from '../io/temp-files.js';
import type { Metrics } from '../report/metrics.js';
import { firstDifference, shownValue } from './first-difference.js';
import { sealInputs } from './input-seal.js';
import type { Shard } from './run-matrix.js';

/** The out dir's lock file: present while a process (`pama align`, `pama sweep`, `pama pretrain`) works in it. */
export const OUT_DIR_LOCK = '.pama.lock';

/** How runAlignment runs a config; none of it changes a result (config.json is the same whatever they are). */
export interface AlignmentOptions {
  /** Where config.json, runs/, metrics.json and report.html go (made if missing); default config.outDir. */
  readonly outDir?: string;
  /** Runs at once: 1 = in this process, one after another (the default); N ≥ 2 = N worker processes. */
  readonly jobs?: number;
  /** Only the K-th of N slices of the method × seed runs (`pama merge` joins the shards). */
  readonly shard?: Shard | null;
  /** A `pama pretrain --out` directory whose model every run starts from (else pre-train, or reuse the cache). */
  readonly pretrainedDir?: string | null;
  /** Continue the interrupted run in outDir: its finished runs are reused, the others resume from their checkpoint. */
  readonly resume?: boolean;
  /** With resume: continue although a lexicon, module or data file changed since the run started. */
  readonly acceptChangedInputs?: boolean;
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

/** A resume needs the config of the interrupted run in the out dir, and it must match. */
function checkResume(outDir: string, config: AlignConfig): void {
  const saved = join(outDir, 'config.json');
  if (!existsSync(saved)) throw new ExperimentError(`--resume: no interrupted run in ${outDir} (missing config.json)`);
  const previous = parseJsonBounded(readFileSync(saved, 'utf8'), `--resume: ${saved}`);
  const current: unknown = JSON.parse(JSON.stringify(config));
  const difference = firstDifference(comparable(current), comparable(previous));
  if (difference !== undefined) {
    throw new ExperimentError(
      `--resume: ${difference.path} is ${shownValue(difference.a)} but the interrupted run used ${shownValue(difference.b)} (${saved}); rerun with the same flags`,
    );
  }
}

/**
 * Whether the out dir holds work of a run (not only the config.json of a start that failed before any).
 *
 * @example
 * import { mkdirSync, writeFileSync } from 'node:fs';
 * mkdirSync('started/runs/pama-sample-seed1', { recursive: true });
 * holdsRunWork('started'); // false
 * writeFileSync('started/runs/pama-sample-seed1/progress.json', '{}');
 * holdsRunWork('started'); // true
 */
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

/**
 * Runs an alignment experiment as `pama align` does, with the same files and the same
 * metrics.json: pre-training (or the cached model, or `pretrainedDir`'s), then every method × seed
 * of the config, each evaluated before and after on the held-out prompts. Resolves to the metrics
 * it wrote; bad input throws an {@link ExperimentError} naming the field or file.
 *
 * @example
 * const config = resolveAlignConfig(undefined, { methods: ['pama'], seeds: [1], steps: 2 }, true);
 * const metrics = await runAlignment(config, { outDir: 'runs/example' });
 * metrics.runs.map((r) => `${r.method}-seed${r.seed}`); // ['pama-seed1']
 */
export async function runAlignment(config: AlignConfig, options: AlignmentOptions = {}): Promise<Metrics> {
  const given = options.outDir ?? config.outDir;
  if (given === null || given === undefined) throw new ExperimentError('outDir', given, 'the directory the run writes to');
  if (options.acceptChangedInputs && !options.resume)
    throw new ExperimentError('acceptChangedInputs', true, 'only with resume (a fresh start records the files as they are)');
  const runner = { jobs: options.jobs ?? 1, shard: options.shard ?? null, pretrainedDir: options.pretrainedDir ?? null };
  if (!Number.isSafeInteger(runner.jobs) || runner.jobs < 1) throw new ExperimentError('jobs', runner.jobs, 'a whole number ≥ 1');
  if (runner.pretrainedDir !== null) checkPretrainedConfig(runner.pretrainedDir, config);
  const outDir = resolve(given);
  if (config.model.path !== null && !existsSync(join(config.model.path, 'config.json')))
    throw new ExperimentError(
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
  try {
    const removed = removeStaleTempFiles(outDir);
    if (removed.length > 0) process.stdout.write(`removed ${removed.length} temporary file(s) left by an interrupted write\n`);
    if (options.resume) checkResume(outDir, config);
    else if (existsSync(join(outDir, 'config.json'))) {
      if (holdsRunWork(outDir))
        throw new ExperimentError(`out dir ${outDir} already holds a run; use --resume to continue it or choose another --out`);
      process.stdout.write(`out dir ${outDir} holds only the config of a start that did no work; starting afresh\n`);
    }
    sealInputs(outDir, config, { resume: options.resume === true, accept: options.acceptChangedInputs === true });
    writeJsonAtomic(join(outDir, 'config.json'), config);
    // Loaded only now, so a bad config is reported without loading TensorFlow.js.
    const { alignPipeline } = await import('./align-pipeline.js');
    return await alignPipeline(config, outDir, runner);
  } finally {
    lock.release();
  }
}
