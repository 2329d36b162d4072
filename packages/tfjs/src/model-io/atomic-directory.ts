// A directory written whole or not at all: its files go into a temporary sibling, which is then
// renamed into place (an existing directory is moved aside first, since rename cannot replace a
// non-empty one). Temporary siblings left by a killed writer are removed by the next writer.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes temporary siblings of `name` in `parent` left by writers that were killed (their pid no longer runs). */
async function removeAbandoned(parent: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(entry.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsGone(pid))
      await rm(join(parent, entry), { recursive: true, force: true });
  }
}

/**
 * Builds directory `dir` through `write`, which fills a fresh temporary sibling; once it resolves the
 * sibling replaces `dir` (any directory there before is removed). On failure nothing changes at `dir`.
 *
 * @example
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { writeFile } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const dir = join(mkdtempSync(join(tmpdir(), 'pama-')), 'policy');
 * await writeDirectoryThroughTemporary(dir, async (tmp) => {
 *   await writeFile(join(tmp, 'config.json'), '{}');
 * });
 * readdirSync(dir); // ['config.json']
 */
export async function writeDirectoryThroughTemporary(dir: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  await removeAbandoned(parent, basename(dir));
  // The 'd' keeps these directory names apart from single-file temporaries (`.<name>.<pid>.<ms>.tmp`).
  const tag = `${process.pid}.${Date.now()}.d${randomBytes(4).toString('hex')}`;
  const temporary = join(parent, `.${basename(dir)}.${tag}.tmp`);
  await mkdir(temporary);
  try {
    await write(temporary);
    if (await exists(dir)) {
      const old = join(parent, `.${basename(dir)}.${tag}.old.tmp`);
      await rename(dir, old);
      await rename(temporary, dir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, dir);
    }
  } catch (e) {
    await rm(temporary, { recursive: true, force: true });
    throw e;
  }
}
