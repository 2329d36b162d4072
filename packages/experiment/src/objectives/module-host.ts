// A user's scoring module runs in a worker thread of its own, so that whatever it does cannot take
// the run with it: a call that never settles (or spins) is stopped after its timeout by terminating
// the thread; `process.exit()` inside the module ends only its thread (Node's rule for workers); an
// exception thrown from a timer of the module is that thread's 'error'. Each becomes a rejected call
// with a sentence saying what happened, and the next call starts a fresh thread.
//
// A thread rather than a child process: scoring batches go back and forth every training step, and
// a thread starts in milliseconds and passes { prompt, response } arrays by structured clone, with
// no serialisation of our own; the isolation needed here is from the module's control flow (hangs,
// exits, stray timers), which a thread gives. Out-of-memory in the module still aborts the process.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { RewardItem } from 'pama-rewards';

/** A call's default time limit: generous enough for a real reward model scoring a batch on a CPU. */
export const DEFAULT_MODULE_TIMEOUT_MS = 300_000;

// The thread's code, given inline (`eval`) so the built CLI and the single-file bundle need no extra
// entry file. It loads the module once, then answers { id, items } with { id, scores } or { id, error }.
const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const firstLine = (e) => String(e && e.message !== undefined ? (e.name ? e.name + ': ' : '') + e.message : e).split('\\n')[0];
const loaded = (async () => {
  let mod;
  try {
    mod = await import(workerData.url);
  } catch (e) {
    throw Object.assign(new Error('cannot load module ' + workerData.path + ': ' + (e && e.code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : firstLine(e))), { own: 'load' });
  }
  const names = workerData.exportName === null ? ['default', 'score'] : [workerData.exportName];
  for (const name of names) if (typeof mod[name] === 'function') return mod[name];
  const wanted = workerData.exportName === null ? 'a default export or an export named score' : 'an export named ' + workerData.exportName;
  throw Object.assign(new Error('module ' + workerData.path + ' has no ' + wanted + ' that is a function (exports: ' + (Object.keys(mod).join(', ') || 'none') + ')'), { own: 'load' });
})();
loaded.catch(() => {});
parentPort.on('message', async ({ id, items }) => {
  try {
    const fn = await loaded;
    const out = await fn(items);
    if (out === null || typeof out !== 'object' || typeof out.length !== 'number') {
      throw Object.assign(new Error('returned ' + (out === null ? 'null' : typeof out) + ', not an array of numbers'), { own: true });
    }
    const scores = Array.from(out, (x) => (typeof x === 'number' ? x : Number.NaN));
    parentPort.postMessage({ id, scores });
  } catch (e) {
    parentPort.postMessage({ id, error: e && e.own ? e.message : firstLine(e), loadFailed: e && e.own === 'load' });
  }
});
`;

type Reply =
  | { readonly id: number; readonly scores: number[] }
  | { readonly id: number; readonly error: string; readonly loadFailed: boolean };

interface Pending {
  readonly id: number;
  readonly worker: Worker;
  readonly resolve: (scores: number[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface ModuleHostOptions {
  readonly path: string;
  readonly exportName?: string;
  /** Time limit of one call, the module's loading included on the first (ms). */
  readonly timeoutMs?: number;
}

/** The scoring function of a module in its own thread; one call at a time, as the trainer makes them. */
export interface ModuleHost {
  score(items: ReadonlyArray<RewardItem>): Promise<number[]>;
  /** Ends the thread (a call in flight is rejected). */
  close(): Promise<void>;
}

/**
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { resolve } from 'node:path';
 * writeFileSync('reward.mjs', 'export default (items) => items.map((i) => i.response.length / 10);');
 * const host = moduleHost({ path: resolve('reward.mjs'), timeoutMs: 60_000 });
 * await host.score([{ prompt: 'Hi', response: 'Hello!' }]); // [0.6]
 * await host.close();
 */
export function moduleHost(options: ModuleHostOptions): ModuleHost {
  const timeoutMs = options.timeoutMs ?? DEFAULT_MODULE_TIMEOUT_MS;
  let worker: Worker | undefined;
  let pending: Pending | undefined;
  let nextId = 0;

  /** Rejects the call in flight and forgets the thread (the next call starts a new one). */
  const fail = (failed: Worker, why: string): void => {
    if (worker === failed) worker = undefined;
    const p = pending;
    if (p?.worker === failed) {
      pending = undefined;
      clearTimeout(p.timer);
      p.reject(new Error(why));
    }
  };

  const start = (): Worker => {
    const w = new Worker(THREAD_CODE, {
      eval: true,
      workerData: { url: pathToFileURL(options.path).href, path: options.path, exportName: options.exportName ?? null },
    });
    w.on('message', (reply: Reply) => {
      const p = pending;
      if (!p || p.worker !== w || reply.id !== p.id) return;
      pending = undefined;
      clearTimeout(p.timer);
      if ('error' in reply) {
        // A module that did not load is loaded afresh next time, so one fixed on disk is picked up.
        if (reply.loadFailed && worker === w) {
          worker = undefined;
          void w.terminate();
        }
        p.reject(new Error(reply.error));
      } else p.resolve(reply.scores);
    });
    w.on('error', (error) => fail(w, `threw outside a call (${error.name}: ${error.message.split('\n')[0]}); its thread was stopped`));
    w.on('exit', (code) => fail(w, `ended its thread (process.exit(${code}) in the module?) before answering`));
    // The thread never keeps the process alive: a module's stray timer must not hold a finished
    // run open. While a call is in flight, its timeout timer keeps the event loop busy instead.
    // (After the listeners: adding a 'message' listener refs the thread again.)
    w.unref();
    return w;
  };

  return {
    score(items) {
      if (pending) return Promise.reject(new Error('a call is already in flight (calls are one at a time)'));
      worker ??= start();
      const w = worker;
      const id = nextId++;
      return new Promise<number[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          fail(w, `gave no answer within ${timeoutMs} ms (timeoutMs); its thread was stopped`);
          void w.terminate();
        }, timeoutMs);
        pending = { id, worker: w, resolve, reject, timer };
        w.postMessage({ id, items: items.map(({ prompt, response }) => ({ prompt, response })) });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) {
        fail(w, 'was closed');
        await w.terminate();
      }
    },
  };
}
