// Writes a file so that readers never see it half-written: a temporary file in the target's own
// directory, flushed, then renamed over the target (rename is atomic on one file system). The
// temporary file is removed on any failure; one left by a kill is removed by removeStaleTempFiles.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { ensureDir } from './make-dir.js';

/** The temporary name used for `path`: hidden, in the same directory, ending in `.tmp`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** A name written by tempPathFor (for any target), i.e. a leftover of an interrupted write. */
export const TEMP_FILE_PATTERN = /^\..+\.\d+\.\d+\.tmp$/;

export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  ensureDir(dirname(path), 'directory');
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'w');
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw e;
  }
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
