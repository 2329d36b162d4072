// Creating a directory and its missing parents without Node's recursive mkdir, which spins
// forever on paths the kernel refuses with ENOENT (e.g. under /proc). Each missing level is
// created once, from the deepest existing ancestor down; any refusal fails at once, naming it.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExperimentError } from '../experiment-error.js';
import { describeFsError } from './fs-error.js';

/**
 * Makes `path` (and its missing parents) a directory, or throws a one-line ExperimentError naming the
 * level that could not be created. `role` names it for the user ("out dir", "cache dir").
 *
 * @example ensureDir('runs/today', 'out dir');
 */
export function ensureDir(path: string, role: string): string {
  const target = resolve(path);
  const missing: string[] = [];
  for (let current = target; ; current = dirname(current)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(current) !== current) {
        missing.push(current);
        continue;
      }
      throw new ExperimentError(`cannot create ${role} ${target}: ${describeFsError(error) ?? String(error)}`);
    }
    if (!isDirectory) throw new ExperimentError(`cannot create ${role} ${target}: ${current} exists and is not a directory`);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another process may create the same level at the same moment; that is fine.
      if (code === 'EEXIST' && statSync(level).isDirectory()) continue;
      // ENOENT although the parent exists: a file system that refuses new entries (e.g. /proc).
      const reason =
        code === 'ENOENT' ? `${dirname(level)} does not accept new directories (ENOENT)` : (describeFsError(error) ?? String(error));
      throw new ExperimentError(`cannot create ${role} ${target}: ${reason}`);
    }
  }
  return target;
}
