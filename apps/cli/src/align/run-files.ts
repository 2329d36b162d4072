// On-disk state of one alignment run inside the out dir, so an interrupted run resumes:
//   progress.json   steps done so far, the "before" evaluation, and the checkpoint that matches
//   ckpt-<step>.bin trainer checkpoint after <step> steps (older ones removed once superseded)
//   result.json     the finished run; its presence means the run is not redone
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMetrics, StepMetrics } from '../report/metrics.js';
import type { Evaluation } from './evaluate.js';
import { writeJsonAtomic } from '../io/atomic-write.js';

export interface RunProgress {
  readonly steps: StepMetrics[];
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

export function readResult(dir: string): RunMetrics | null {
  const path = join(dir, 'result.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunMetrics) : null;
}

export function writeResult(dir: string, result: RunMetrics): void {
  writeJsonAtomic(join(dir, 'result.json'), result);
  removeCheckpointsExcept(dir, null);
  rmSync(join(dir, 'progress.json'), { force: true });
}

export function readProgress(dir: string): RunProgress | null {
  const path = join(dir, 'progress.json');
  if (!existsSync(path)) return null;
  const progress = JSON.parse(readFileSync(path, 'utf8')) as RunProgress;
  return existsSync(join(dir, progress.checkpoint)) ? progress : null;
}

/** Records progress (after its checkpoint file is safely written), then drops older checkpoints. */
export function writeProgress(dir: string, progress: RunProgress): void {
  writeJsonAtomic(join(dir, 'progress.json'), progress);
  removeCheckpointsExcept(dir, progress.checkpoint);
}

function removeCheckpointsExcept(dir: string, keep: string | null): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (/^ckpt-\d+\.bin$/.test(f) && f !== keep) rmSync(join(dir, f), { force: true });
  }
}
