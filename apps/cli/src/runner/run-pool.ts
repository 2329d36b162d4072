// Runs alignment runs in worker processes, at most `jobs` at a time, one process per run.
// A run whose process throws, aborts (out of memory) or is killed fails alone: the others go on,
// and the caller gets the failures with a reason each (its finished runs are on disk already).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunMetrics } from '../report/metrics.js';
import type { JobBar, JobProgress } from '../progress/job-progress.js';
import type { WorkerMessage, WorkerTask } from './worker-protocol.js';

export interface PoolJob {
  /** The run's name (its directory under runs/), used on every line about it. */
  readonly label: string;
  readonly task: WorkerTask;
}

export interface PoolFailure {
  readonly label: string;
  readonly reason: string;
}

export interface PoolOutcome {
  readonly results: ReadonlyMap<string, RunMetrics>;
  readonly failures: readonly PoolFailure[];
  /** Peak resident set size of each finished run's process, in bytes. */
  readonly peakRss: ReadonlyMap<string, number>;
}

const workerPath = fileURLToPath(new URL('./run-worker.js', import.meta.url));

/** What ended a worker that sent no result, in words. */
function exitReason(code: number | null, signal: NodeJS.Signals | null, error: string | undefined, stderrTail: string): string {
  if (error !== undefined) return error;
  const last = stderrTail.trim().split('\n').filter((l) => l.trim() !== '').at(-1);
  const said = last ? `; last output: ${last.trim().slice(0, 160)}` : '';
  if (signal === 'SIGKILL') return `its process was killed (SIGKILL; the kernel sends it when memory runs out)${said}`;
  if (signal !== null) return `its process ended on ${signal}${/heap out of memory|allocation failed/i.test(stderrTail) ? ' (out of memory)' : ''}${said}`;
  return `its process exited with code ${code} before reporting a result${said}`;
}

function runOne(job: PoolJob, display: JobProgress): Promise<{ result?: RunMetrics; peakRss?: number; reason?: string }> {
  return new Promise((resolve) => {
    const child = fork(workerPath, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    display.note(job.label, `running in process ${child.pid}`);
    let bar: JobBar | undefined;
    let outcome: { result: RunMetrics; peakRss: number } | undefined;
    let error: string | undefined;
    let stderrTail = '';
    // A worker writes nothing to stdout by design; anything it does print is shown under its name.
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) if (line.trim() !== '') display.note(job.label, line);
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-4000);
      if (process.env.PAMA_DEBUG) process.stderr.write(text);
    });
    child.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'start':
          bar = display.start(job.label, message.total, message.startAt);
          break;
        case 'update':
          bar?.update(message.done, message.status);
          break;
        case 'finish':
          bar?.finish(message.summary);
          bar = undefined;
          break;
        case 'result':
          outcome = { result: message.result, peakRss: message.peakRssBytes };
          break;
        case 'error':
          error = message.message;
          break;
      }
    });
    child.on('error', (e) => {
      error ??= `cannot start its process: ${e.message}`;
    });
    child.on('close', (code, signal) => {
      bar?.remove();
      if (outcome && code === 0) resolve(outcome);
      else resolve({ reason: exitReason(code, signal, error, stderrTail) });
    });
    child.send(job.task);
  });
}

/**
 * Runs every job, `jobs` at a time, in start order; never rejects.
 * @example
 *   const { results, failures } = await runPool(jobsToRun, 2, startJobProgress());
 */
export async function runPool(pending: readonly PoolJob[], jobs: number, display: JobProgress): Promise<PoolOutcome> {
  const results = new Map<string, RunMetrics>();
  const peakRss = new Map<string, number>();
  const failures: PoolFailure[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < pending.length) {
      const job = pending[next++];
      const done = await runOne(job, display);
      if (done.result) {
        results.set(job.label, done.result);
        peakRss.set(job.label, done.peakRss ?? 0);
        display.note(job.label, `peak RSS of its process ${((done.peakRss ?? 0) / 2 ** 20).toFixed(0)} MiB`);
      } else {
        failures.push({ label: job.label, reason: done.reason ?? 'unknown' });
        display.note(job.label, `FAILED: ${done.reason}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, pending.length) }, lane));
  display.stop();
  return { results, failures, peakRss };
}
