// Runs alignment runs in worker processes, at most `jobs` at a time: `jobs` lanes, each with one
// worker process that takes the lane's next run when it finishes one. A run whose process throws,
// aborts (out of memory) or is killed fails alone: its lane starts a fresh worker for its next run,
// the other lanes go on, and the caller gets the failures with a reason each (finished runs are
// on disk already).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunMetrics } from '../report/metrics.js';
import type { JobBar, JobProgress } from '../progress/job-progress.js';
import type { WorkerMessage, WorkerTask } from './worker-protocol.js';

/**
 * Node's options for a worker: the parent's, without those that say what to run (`-e CODE`,
 * `--input-type`), which would make the worker run the parent's script (a library caller's
 * `node -e` one-liner) instead of its own entry file.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const withValue = new Set(['-e', '--eval', '-p', '--print']);
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i];
    if (withValue.has(arg)) i++;
    else if (!/^(--eval|--print|--input-type)=/.test(arg) && arg !== '-') out.push(arg);
  }
  return out;
}

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
  /** Peak resident set size of the worker process when each run finished, in bytes. */
  readonly peakRss: ReadonlyMap<string, number>;
}

type RunEnd = { readonly result: RunMetrics; readonly peakRss: number } | { readonly reason: string };

/** Set by the bundler (`npm run bundle`), whose worker entry sits beside the bundle's main file. */
declare const PAMA_BUNDLED_WORKER: string | undefined;

const workerPath = fileURLToPath(
  new URL(typeof PAMA_BUNDLED_WORKER === 'string' ? PAMA_BUNDLED_WORKER : './run-worker.js', import.meta.url),
);

/** What ended a worker that sent no result, in words. */
function exitReason(code: number | null, signal: NodeJS.Signals | null, error: string | undefined, stderrTail: string): string {
  if (error !== undefined) return error;
  const last = stderrTail
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .at(-1);
  const said = last ? `; last output: ${last.trim().slice(0, 160)}` : '';
  if (signal === 'SIGKILL') return `its process was killed (SIGKILL; the kernel sends it when memory runs out)${said}`;
  if (signal !== null)
    return `its process ended on ${signal}${/heap out of memory|allocation failed/i.test(stderrTail) ? ' (out of memory)' : ''}${said}`;
  return `its process exited with code ${code} before reporting a result${said}`;
}

/** One worker process and the run it is doing. */
class Worker {
  private readonly child: ChildProcess;
  private current: { label: string; bar?: JobBar; error?: string; settle: (end: RunEnd) => void } | null = null;
  private stderrTail = '';
  private ended = false;

  constructor(private readonly display: JobProgress) {
    this.child = fork(workerPath, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json', execArgv: workerExecArgv() });
    // A worker writes nothing to stdout by design; anything it does print is shown under its run's name.
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) if (line.trim() !== '') display.note(this.current?.label ?? `process ${this.child.pid}`, line);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      if (process.env.PAMA_DEBUG || process.env.PAMA_VERBOSE) process.stderr.write(text);
    });
    this.child.on('message', (message: WorkerMessage) => this.receive(message));
    this.child.on('error', (e) => {
      if (this.current) this.current.error ??= `cannot start its process: ${e.message}`;
    });
    this.child.on('close', (code, signal) => {
      this.ended = true;
      const run = this.current;
      if (!run) return;
      this.current = null;
      run.bar?.remove();
      run.settle({ reason: exitReason(code, signal, run.error, this.stderrTail) });
    });
  }

  private receive(message: WorkerMessage): void {
    const run = this.current;
    if (!run) return;
    switch (message.type) {
      case 'start':
        run.bar = this.display.start(run.label, message.total, message.startAt);
        break;
      case 'update':
        run.bar?.update(message.done, message.status);
        break;
      case 'finish':
        run.bar?.finish(message.summary);
        run.bar = undefined;
        break;
      case 'result':
        this.current = null;
        run.settle({ result: message.result, peakRss: message.peakRssBytes });
        break;
      case 'error':
        // The worker exits next; the run settles on 'close' with this reason.
        run.error = message.message;
        break;
    }
  }

  get alive(): boolean {
    return !this.ended;
  }

  run(job: PoolJob): Promise<RunEnd> {
    return new Promise((settle) => {
      this.current = { label: job.label, settle };
      this.display.note(job.label, `running in process ${this.child.pid}`);
      if (this.ended) {
        this.current = null;
        settle({ reason: exitReason(null, null, undefined, this.stderrTail) });
      } else this.child.send(job.task);
    });
  }

  /** After a failed run: the process may hold broken state, so it is not reused. */
  discard(): void {
    if (!this.ended) this.child.kill('SIGKILL');
  }

  /** No more runs: closing the channel makes an idle worker exit. */
  close(): void {
    if (!this.ended) this.child.disconnect();
  }
}

/**
 * Runs every job, `jobs` at a time, in start order; never rejects.
 * @example
 *   // Each job is one run (its spec, the config, the out dir, the pre-training cache file); none here.
 *   const { results, failures } = await runPool([], 2, startJobProgress());
 *   [results.size, failures.length]; // [0, 0]
 */
export async function runPool(pending: readonly PoolJob[], jobs: number, display: JobProgress): Promise<PoolOutcome> {
  const results = new Map<string, RunMetrics>();
  const peakRss = new Map<string, number>();
  const failures: PoolFailure[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    let worker: Worker | null = null;
    while (next < pending.length) {
      const job = pending[next++];
      if (worker === null || !worker.alive) worker = new Worker(display);
      const end = await worker.run(job);
      if ('result' in end) {
        results.set(job.label, end.result);
        peakRss.set(job.label, end.peakRss);
        display.note(job.label, `peak RSS of its process ${(end.peakRss / 2 ** 20).toFixed(0)} MiB`);
      } else {
        failures.push({ label: job.label, reason: end.reason });
        display.note(job.label, `FAILED: ${end.reason}`);
        worker.discard();
        worker = null;
      }
    }
    worker?.close();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, pending.length) }, lane));
  display.stop();
  return { results, failures, peakRss };
}
