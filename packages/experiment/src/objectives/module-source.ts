// A `module` objective: the user's ES module, whose default export (or named export `score`, or the
// export the config names) maps a batch of { prompt, response } to one number each, sync or async.
// The module runs in a thread of its own (module-host.ts) with a time limit per call, imported on
// first use, so building sources stays synchronous (a worker process builds them from the config like
// the parent); the probe batch imports it before any training.
import { functionReward, type RewardSource } from 'pama-rewards';
import { moduleHost } from './module-host.js';
import { checkReadableFile } from '../io/bounded-read.js';
import { ExperimentError } from '../experiment-error.js';

/** A device, FIFO or oversized file is refused before Node imports it; a missing one is the thread's own message. */
function refuseSpecialFile(path: string): void {
  try {
    checkReadableFile(path, 'module');
  } catch (error) {
    if (error instanceof ExperimentError) throw error;
  }
}

/**
 * @example moduleSource('helpful', '/abs/path/reward.mjs', { timeoutMs: 60_000 }) // imported when first scored
 */
export function moduleSource(
  name: string,
  path: string,
  options: { readonly exportName?: string; readonly timeoutMs?: number } = {},
): RewardSource {
  const host = moduleHost({ path, ...options });
  return functionReward({
    name,
    scoreBatch: (items) => {
      refuseSpecialFile(path);
      return host.score(items);
    },
  });
}
