// Entry of a worker process of `pama align --jobs N`: receives runs (WorkerTask) one at a time,
// selects the parent's backend once, rebuilds the run context from the config, loads the
// pre-trained weights from the cache file, runs alignRun with its progress sent to the parent and
// replies with the result. A worker is kept for the next run, so start-up (loading tfjs, compiling
// the WebAssembly module, building corpus and tokenizer) is paid once per worker, not once per run.
//
// A worker is a child process, not a worker thread: each has its own tfjs backend and heap, and an
// out-of-memory abort, a native backend crash or a SIGKILL (the kernel's OOM killer) ends only that
// process and the run it was doing. tfjs-node's native addon and the WebAssembly backend's module
// state are per process. After a failed run the parent replaces the worker rather than reuse it.
import { selectBackend, type WeightMap } from 'pama-tfjs';
import { alignRun } from '../align/align-run.js';
import { readPretrainCache } from '../align/pretrain-cache.js';
import type { PhaseProgress } from '../progress/phase-progress.js';
import { describeFsError } from '../io/fs-error.js';
import { runContextFor, runInputsFor, type RunContext } from './run-context.js';
import type { WorkerMessage, WorkerTask } from './worker-protocol.js';
import { rewardFailureOf } from '../objectives/reward-failure.js';

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function ipcProgress(total: number, startAt: number): PhaseProgress {
  void send({ type: 'start', total, startAt });
  return {
    update: (done, status) => void send({ type: 'update', done, status }),
    finish: (summary) => void send({ type: 'finish', summary }),
  };
}

let selected: string | null = null;
let context: { readonly key: string; readonly value: RunContext } | null = null;
let weights: { readonly path: string; readonly value: WeightMap } | null = null;

async function runTask(task: WorkerTask): Promise<void> {
  if (selected !== task.backend) {
    await selectBackend(task.backend, { fallback: false });
    selected = task.backend;
  }
  // The context depends on the config alone; a worker of one command sees one config.
  const key = JSON.stringify(task.config);
  if (context?.key !== key) context = { key, value: await runContextFor(task.config) };
  // A Hugging Face model is loaded by alignRun itself, from its directory.
  if (context.value.huggingFace === undefined && weights?.path !== task.pretrainedPath) {
    const cached = readPretrainCache(task.pretrainedPath);
    if (!cached) throw new Error(`cannot read the pre-trained model ${task.pretrainedPath}`);
    weights = { path: task.pretrainedPath, value: cached.weights };
  }
  const result = await alignRun({
    ...runInputsFor(context.value, weights?.value ?? {}, task),
    startProgress: (_name, total, startAt) => ipcProgress(total, startAt),
  });
  // maxRSS (kibibytes) is the process's peak so far: this run's, or an earlier one's in this worker.
  await send({ type: 'result', result, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
}

let busy = false;

// Without its parent (killed, or done and disconnected) a worker stops at once; when busy, it does
// not keep writing checkpoints into a run directory a resumed command may be using.
process.on('disconnect', () => process.exit(busy ? 130 : 0));

process.on('message', (task: WorkerTask) => {
  busy = true;
  runTask(task).then(
    () => {
      busy = false;
    },
    async (error: unknown) => {
      // A reward source's failure, or a file-system failure (ENOSPC, EACCES…) named with its file, as the serial path does.
      const message = rewardFailureOf(error)?.message ?? describeFsError(error) ?? (error instanceof Error ? error.message : String(error));
      await send({ type: 'error', message: message.split('\n')[0] });
      if (process.env.PAMA_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      process.exit(1);
    },
  );
});
