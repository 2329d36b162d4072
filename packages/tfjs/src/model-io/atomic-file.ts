// One file written whole or not at all: into a temporary sibling, fsynced, then renamed over the target.
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file through `write`, which receives an open handle of a temporary sibling; once it
 * resolves the file is fsynced and renamed to `path`. On failure the temporary file is removed.
 *
 * @example
 * import { mkdtempSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const path = join(mkdtempSync(join(tmpdir(), 'pama-')), 'x.bin');
 * await writeThroughTemporary(path, (handle) => handle.write(Uint8Array.of(1, 2, 3)));
 * Array.from(readFileSync(path)); // [1, 2, 3]
 */
export async function writeThroughTemporary(path: string, write: (handle: FileHandle) => Promise<unknown>): Promise<void> {
  // `.<name>.<pid>.<ms>.tmp`: the pattern the command line's cleanup of interrupted writes recognises.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await write(handle);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    // A failed write (e.g. ENOSPC) carries no path of its own: name the file.
    if (error !== null && typeof error === 'object' && (error as { path?: unknown }).path === undefined)
      (error as { path?: string }).path = path;
    throw error;
  }
}

/**
 * Writes `contents` to `path` atomically (see {@link writeThroughTemporary}).
 *
 * @example
 * import { mkdtempSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const path = join(mkdtempSync(join(tmpdir(), 'pama-')), 'config.json');
 * await writeFileAtomic(path, '{}\n');
 * readFileSync(path, 'utf8'); // '{}\n'
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  return writeThroughTemporary(path, (handle) => handle.writeFile(contents));
}
