// On-disk state of one alignment run inside the out dir, so an interrupted run resumes:
//   progress.json   steps done so far, the "before" evaluation, and the checkpoint that matches
//   ckpt-<step>.bin trainer checkpoint after <step> steps (older ones removed once superseded)
//   result.json     the finished run; its presence means the run is not redone
// progress.json and result.json carry a SHA-256 of their contents and are validated field by field
// when read; the checkpoint has its own hash over header and payload (pama-tfjs). Anything that
// does not verify is refused with the file, the reason and the remedy.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, type Trainer, type TrainerCheckpoint } from 'pama-tfjs';
import type { RunMetrics, StepRecord } from '../report/metrics.js';
import type { Evaluation } from './evaluate.js';
import { readSealedJson, writeSealedJson, IntegrityError } from '../io/sealed-json.js';
import { checkEvaluation, checkRun, checkSteps, checkingFile } from '../report/metrics-schema.js';
import { ExperimentError } from '../experiment-error.js';

export interface RunProgress {
  readonly steps: StepRecord[];
  readonly before: Evaluation;
  /** File name of the checkpoint taken after steps.length steps. */
  readonly checkpoint: string;
  /** Seconds spent in this run so far, across interruptions. */
  readonly seconds: number;
}

export function runDirName(method: string, granularity: string | undefined, seed: number): string {
  return `${method}${granularity ? `-${granularity}` : ''}-seed${seed}`;
}

export function checkpointName(step: number): string {
  return `ckpt-${String(step).padStart(6, '0')}.bin`;
}

/** What to do about a run directory whose state cannot be trusted: redo that run only. */
export function redoRunRemedy(dir: string): string {
  return `delete ${dir} and rerun with --resume (that run starts over; finished runs are kept)`;
}

export function readResult(dir: string, objectives: readonly string[]): RunMetrics | null {
  const path = join(dir, 'result.json');
  const value = readSealedJson(path, redoRunRemedy(dir));
  if (value === null) return null;
  return checkingFile(`run result ${path}`, () => checkRun('', value, objectives));
}

export function writeResult(dir: string, result: RunMetrics): void {
  writeSealedJson(join(dir, 'result.json'), result);
  removeCheckpointsExcept(dir, null);
  rmSync(join(dir, 'progress.json'), { force: true });
}

function checkProgress(path: string, value: Record<string, unknown>, objectives: readonly string[]): RunProgress {
  return checkingFile(`run progress ${path}`, () => {
    const steps = checkSteps('steps', value.steps, objectives);
    checkEvaluation('before', value.before, objectives);
    // The checkpoint is a file of this run directory, named for the step count: never a path.
    const expected = checkpointName(steps.length);
    if (value.checkpoint !== expected) {
      throw new ExperimentError(
        'checkpoint',
        value.checkpoint,
        `${expected} (the checkpoint after ${steps.length} steps, in the run directory)`,
        {
          context: `invalid run progress ${path}`,
        },
      );
    }
    if (typeof value.seconds !== 'number' || !Number.isFinite(value.seconds) || value.seconds < 0) {
      throw new ExperimentError('seconds', value.seconds, 'a finite number ≥ 0', { context: `invalid run progress ${path}` });
    }
    return value as unknown as RunProgress;
  });
}

/** The run's progress, or null when the run has not started (or its checkpoint is gone: it restarts). */
export function readProgress(dir: string, objectives: readonly string[]): RunProgress | null {
  const path = join(dir, 'progress.json');
  const value = readSealedJson(path, redoRunRemedy(dir));
  if (value === null) return null;
  let progress: RunProgress;
  try {
    progress = checkProgress(path, value, objectives);
  } catch (e) {
    throw e instanceof ExperimentError && !(e instanceof IntegrityError) ? new ExperimentError(`${e.message}; ${redoRunRemedy(dir)}`) : e;
  }
  return existsSync(join(dir, progress.checkpoint)) ? progress : null;
}

/** Records progress (after its checkpoint file is safely written), then drops older checkpoints. */
export function writeProgress(dir: string, progress: RunProgress): void {
  writeSealedJson(join(dir, 'progress.json'), progress);
  removeCheckpointsExcept(dir, progress.checkpoint);
}

/** Wording for a TrainingError-like failure: its message without the library's own advice. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return message.replace(/; pass \{ allowChangedSettings: true \}[^()]*/, '');
}

/**
 * Loads the run's checkpoint named by `progress` and restores `trainer` from it. A checkpoint that
 * does not verify, does not match progress.json, or was trained with other settings is refused
 * with one line naming the file and what to do (in CLI terms, not the library's options).
 */
export async function restoreRun(trainer: Trainer, dir: string, progress: RunProgress): Promise<void> {
  const path = join(dir, progress.checkpoint);
  let checkpoint: TrainerCheckpoint;
  try {
    checkpoint = await loadCheckpoint(path);
  } catch (e) {
    throw new IntegrityError(path, `not a usable checkpoint (${reasonOf(e)})`, redoRunRemedy(dir));
  }
  if (checkpoint.step !== progress.steps.length) {
    throw new IntegrityError(
      path,
      `holds step ${checkpoint.step} but progress.json records ${progress.steps.length} steps`,
      redoRunRemedy(dir),
    );
  }
  try {
    await trainer.restore(checkpoint);
  } catch (e) {
    const field = (e as { field?: unknown }).field;
    const what = typeof field === 'string' && field.startsWith('settings.') ? 'was trained with other settings' : 'does not fit this run';
    throw new ExperimentError(`${path} ${what}: ${reasonOf(e)}; rerun with the config of the interrupted run, or ${redoRunRemedy(dir)}`);
  }
}

function removeCheckpointsExcept(dir: string, keep: string | null): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (/^ckpt-\d+\.bin$/.test(f) && f !== keep) rmSync(join(dir, f), { force: true });
  }
}
