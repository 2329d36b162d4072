// Entry of one worker process of `pama align --jobs N`: receives one run (WorkerTask), selects the
// parent's backend, rebuilds the run context from the config, loads the pre-trained weights from
// the cache file, runs alignRun with its progress sent to the parent, replies with the result.
//
// A worker is a child process, not a worker thread: each has its own tfjs backend and heap, and an
// out-of-memory abort, a native backend crash or a SIGKILL (the kernel's OOM killer) ends only that
// run. tfjs-node's native addon and the WebAssembly backend's module state are per process.
import { selectBackend } from 'pama-tfjs';
import { alignRun } from '../align/align-run.js';
import { readPretrainCache } from '../align/pretrain-cache.js';
import type { PhaseProgress } from '../progress/phase-progress.js';
import { prepareRunContext } from './run-context.js';
import type { WorkerMessage, WorkerTask } from './worker-protocol.js';

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

async function runTask(task: WorkerTask): Promise<void> {
  await selectBackend(task.backend, { fallback: false });
  const context = prepareRunContext(task.config);
  const pretrained = readPretrainCache(task.pretrainedPath);
  if (!pretrained) throw new Error(`cannot read the pre-trained model ${task.pretrainedPath}`);
  const result = await alignRun({
    config: task.config,
    method: task.method,
    seed: task.seed,
    modelConfig: context.modelConfig,
    pretrained: pretrained.weights,
    tokenizer: context.tokenizer,
    trainPrompts: context.trainPrompts,
    evalPrompts: context.evalPrompts,
    sources: context.sources,
    outDir: task.outDir,
    startProgress: (_name, total, startAt) => ipcProgress(total, startAt),
  });
  // maxRSS is in kibibytes.
  await send({ type: 'result', result, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
}

// Without its parent (killed, or the channel closed) a worker stops at once rather than keep
// writing checkpoints into a run directory a resumed command may be using.
process.on('disconnect', () => process.exit(130));

process.once('message', (task: WorkerTask) => {
  runTask(task).then(
    () => process.exit(0),
    async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      await send({ type: 'error', message: message.split('\n')[0] });
      if (process.env.PAMA_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      process.exit(1);
    },
  );
});
