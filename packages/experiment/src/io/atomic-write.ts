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

/** Errors of fd-based calls (write, fsync) carry no path; name the file being written. */
function withPath(error: unknown, path: string): unknown {
  if (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as { path?: unknown }).path === undefined
  ) {
    (error as { path?: string }).path = path;
  }
  return error;
}

export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  ensureDir(dirname(path), 'directory');
  const temp = tempPathFor(path);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (e) {
    throw withPath(e, path);
  }
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
    throw withPath(e, path);
  }
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw withPath(e, path);
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
