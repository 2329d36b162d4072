// Messages between `pama align --jobs N` and its worker processes (Node's IPC channel, JSON).
import type { AlignConfig, Method } from '../config/align-config.js';
import type { BackendName } from 'pama-tfjs';
import type { RunMetrics } from '../report/metrics.js';

/** Parent → worker: the one run this worker does, then it exits. */
export interface WorkerTask {
  readonly type: 'run';
  readonly config: AlignConfig;
  readonly method: Method;
  readonly seed: number;
  readonly outDir: string;
  /** The backend the parent selected; the worker selects the same one, with no fallback. */
  readonly backend: BackendName;
  /** The pre-training cache file holding the weights every run starts from. */
  readonly pretrainedPath: string;
  /** `pama sweep`: the run's preference and its directory name (see RunSpec). */
  readonly preference?: readonly number[];
  readonly label?: string;
}

/** Worker → parent. */
export type WorkerMessage =
  | { readonly type: 'start'; readonly total: number; readonly startAt: number }
  | { readonly type: 'update'; readonly done: number; readonly status: string }
  | { readonly type: 'finish'; readonly summary: string }
  | { readonly type: 'result'; readonly result: RunMetrics; readonly peakRssBytes: number }
  | { readonly type: 'error'; readonly message: string };
