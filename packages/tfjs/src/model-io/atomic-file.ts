// One file written whole or not at all: into a temporary sibling, fsynced, then renamed over the target.
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file through `write`, which receives an open handle of a temporary sibling; once it
 * resolves the file is fsynced and renamed to `path`. On failure the temporary file is removed.
 *
 * @example
 * await writeThroughTemporary('out/x.bin', (handle) => handle.write(bytes));
 */
export async function writeThroughTemporary(path: string, write: (handle: FileHandle) => Promise<unknown>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await write(handle);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}

/**
 * Writes `contents` to `path` atomically (see {@link writeThroughTemporary}).
 *
 * @example
 * await writeFileAtomic('out/config.json', '{}\n');
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  return writeThroughTemporary(path, (handle) => handle.writeFile(contents));
}
