// Temporary files of interrupted atomic writes (`.ckpt-000003.bin.<pid>.<ms>.tmp`,
// `.progress.json.<pid>.<ms>.tmp`, …) are removed when the directory is next opened for writing.
// Only call this while holding the directory's lock, so no live writer's file is removed.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_FILE_PATTERN } from './atomic-write.js';

/**
 * Removes leftover temporary files in `dir` and, down to `depth` levels, its subdirectories; with
 * `target`, only those of writes to that file name. Returns their paths.
 */
export function removeStaleTempFiles(dir: string, depth = 2, target?: string): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (TEMP_FILE_PATTERN.test(name) && (target === undefined || name.startsWith(`.${target}.`))) {
      rmSync(path, { force: true });
      removed.push(path);
    } else if (depth > 0) {
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        continue;
      }
      if (isDir) removed.push(...removeStaleTempFiles(path, depth - 1, target));
    }
  }
  return removed;
}
