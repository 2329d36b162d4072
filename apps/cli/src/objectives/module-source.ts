// A `module` objective: the user's ES module, whose default export (or named export `score`, or the
// export the config names) maps a batch of { prompt, response } to one number each, sync or async.
// The module is imported on first use, so building sources stays synchronous (a worker process
// builds them from the config like the parent); the probe batch imports it before any training.
import { pathToFileURL } from 'node:url';
import { functionReward, type RewardItem, type RewardSource } from 'pama-rewards';

export type BatchFunction = (items: ReadonlyArray<RewardItem>) => ArrayLike<number> | PromiseLike<ArrayLike<number>>;

/** Imports the module and picks its scoring function; rejects with a sentence saying what is wrong. */
export async function loadScoreFunction(path: string, exportName?: string): Promise<BatchFunction> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
    throw new Error(`cannot load module ${path}: ${why.split('\n')[0]}`);
  }
  const candidates = exportName === undefined ? ['default', 'score'] : [exportName];
  for (const name of candidates) {
    if (typeof mod[name] === 'function') return mod[name] as BatchFunction;
  }
  const wanted = exportName === undefined ? 'a default export or an export named score' : `an export named ${exportName}`;
  throw new Error(`module ${path} has no ${wanted} that is a function (exports: ${Object.keys(mod).join(', ') || 'none'})`);
}

/**
 * @example moduleSource('helpful', '/abs/path/reward.mjs') // imported when first scored
 */
export function moduleSource(name: string, path: string, exportName?: string): RewardSource {
  let loaded: Promise<BatchFunction> | undefined;
  return functionReward({
    name,
    scoreBatch: async (items) => {
      loaded ??= loadScoreFunction(path, exportName);
      const fn = await loaded.catch((error: unknown) => {
        loaded = undefined; // a module fixed on disk loads on the next attempt (Node caches only successes)
        throw error;
      });
      return fn(items);
    },
  });
}
