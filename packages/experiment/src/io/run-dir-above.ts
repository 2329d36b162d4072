// The out dir of a run, sweep or shard that a path lies in (the path itself or a directory above it),
// so that commands writing elsewhere (`pama merge --out`, `pama report --out`) do not write into one.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Files that mark an out dir of `pama align` / `pama sweep` (config.json) or of a shard (shard.json). */
const MARKERS = ['shard.json', 'config.json'] as const;

/**
 * The nearest directory at or above `path` holding a run's config.json or a shard's shard.json, or null.
 * @example
 * import { mkdirSync, writeFileSync } from 'node:fs';
 * import { resolve } from 'node:path';
 * mkdirSync('runs/shard1/runs', { recursive: true });
 * writeFileSync('runs/shard1/shard.json', '{}');
 * runDirAbove('runs/shard1/runs') === resolve('runs/shard1'); // true
 */
export function runDirAbove(path: string): string | null {
  let dir = resolve(path);
  for (;;) {
    if (MARKERS.some((m) => existsSync(join(dir, m)) && existsSync(join(dir, 'runs')))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
