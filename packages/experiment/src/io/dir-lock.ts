// An exclusive lock held by one process: a lock file created atomically (link of a fully written
// temporary file, which fails if the lock exists), recording who holds it. A lock whose process
// is gone (same host, pid no longer running) is stale and taken over; a live one is reported.
import { hostname } from 'node:os';
import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { ExperimentError } from '../experiment-error.js';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the holder took the lock. */
  readonly startedAt: string;
  readonly command: string;
}

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

function readOwner(path: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return Number.isInteger(o.pid) && typeof o.host === 'string' ? o : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Whether the recorded holder still runs; unknown (another host) counts as alive. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const sameOwner = (a: LockOwner | string, b: LockOwner): boolean =>
  typeof a === 'object' && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;

export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid} on ${owner.host} since ${owner.startedAt}`;
}

/**
 * Takes the lock at `path` or returns who holds it. A stale lock (its process is gone) is taken
 * over. A lock file that cannot be read is reported as held, so nothing is overwritten blindly.
 */
export function tryLock(path: string, command: string): HeldLock | { readonly heldBy: LockOwner | 'unknown' } {
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  // Not named like an atomic-write temporary, so removeStaleTempFiles never takes it mid-lock.
  const temp = `${path}.${process.pid}-${Date.now()}.new`;
  writeFileSync(temp, `${JSON.stringify(owner)}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, path);
        return heldLock(path, owner);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const current = readOwner(path);
      if (current === 'missing') continue;
      if (current === 'unreadable') return { heldBy: 'unknown' };
      if (isAlive(current)) return { heldBy: current };
      // Stale: move it aside (only one process can), check it was the one judged dead, retry.
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      const moved = readOwner(aside);
      if (!sameOwner(moved, current)) {
        // Someone took the lock between our read and the rename: put theirs back and report it.
        try {
          linkSync(aside, path);
        } catch {
          // a third process holds it now; it is reported on the next attempt
        }
        rmSync(aside, { force: true });
        if (typeof moved === 'object') return { heldBy: moved };
        continue;
      }
      rmSync(aside, { force: true });
    }
    return { heldBy: 'unknown' };
  } finally {
    rmSync(temp, { force: true });
  }
}

function heldLock(path: string, owner: LockOwner): HeldLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (sameOwner(readOwner(path), owner)) {
      try {
        unlinkSync(path);
      } catch {
        // gone already
      }
    }
  };
  // Released on every way out of the process, including process.exit() from a signal handler.
  process.on('exit', release);
  return { path, owner, release };
}

/**
 * Takes the lock or throws a one-line ExperimentError saying who holds it and what to do.
 *
 * @example
 * const lock = lockOrExplain('.pama.lock', 'out dir .', 'pama align');
 * lockOrExplain('.pama.lock', 'out dir .', 'pama align'); // throws: out dir . is in use by pama align
 * lock.release();
 */
export function lockOrExplain(path: string, what: string, command: string): HeldLock {
  const result = tryLock(path, command);
  if ('release' in result) return result;
  const holder =
    result.heldBy === 'unknown'
      ? 'another process (its lock file cannot be read)'
      : `${result.heldBy.command} (${describeOwner(result.heldBy)})`;
  throw new ExperimentError(`${what} is in use by ${holder}; wait for it to finish, or delete ${path} if that process is gone`, 'busy');
}
