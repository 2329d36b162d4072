// Every file a user names is read with a size limit decided before reading: a regular file larger
// than the limit is refused from its size alone, and one that grows while read (or a /proc file
// that reports size 0) is cut off at the limit. Files that never end or block on open — character
// and block devices (/dev/zero, /dev/urandom), FIFOs, sockets — are refused before opening.
// The limit is 256 MiB; `--max-file-size MB` (any command; kept in PAMA_MAX_FILE_MB for the
// `--jobs` worker processes) raises or lowers it.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { ExperimentError } from '../experiment-error.js';

export const DEFAULT_MAX_FILE_MB = 256;
/** Node cannot hold a string much beyond 512 MiB, so a text file beyond it could not be decoded anyway. */
export const MAX_FILE_MB_LIMIT = 512;
const MIB = 1024 * 1024;

/** The limit in bytes: `--max-file-size` (through PAMA_MAX_FILE_MB) or the default. */
export function maxFileBytes(): number {
  const mb = Number(process.env.PAMA_MAX_FILE_MB ?? DEFAULT_MAX_FILE_MB);
  return Math.floor(mb * MIB);
}

/** `--max-file-size MB`: checked before any command runs. */
export function parseMaxFileSize(text: string): number {
  const mb = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(mb > 0) || mb > MAX_FILE_MB_LIMIT)
    throw new ExperimentError('--max-file-size', text, `a size in MiB above 0 and at most ${MAX_FILE_MB_LIMIT}`);
  return mb;
}

function kindOf(stats: Stats): string | null {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return null;
}

const mib = (bytes: number): string => `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;

function tooLarge(what: string, path: string, size: string): ExperimentError {
  const limit = maxFileBytes();
  return new ExperimentError(
    `${what} ${path} is larger than the ${mib(limit)} limit on files pama reads (${size}); raise it with --max-file-size MB (at most ${MAX_FILE_MB_LIMIT})`,
  );
}

/**
 * Refuses a path that is not a file that ends (a device, FIFO or socket) or that exceeds the limit;
 * file-system errors (ENOENT, EACCES…) are thrown as they are, for the caller's own message.
 * @example checkReadableFile('/dev/zero', 'lexicon'); // throws: lexicon /dev/zero is a character device, not a regular file
 */
export function checkReadableFile(path: string, what: string): Stats {
  const stats = statSync(path);
  const kind = kindOf(stats);
  if (kind !== null) throw new ExperimentError(`${what} ${path} is ${kind}, not a regular file; save its content to a file and name that`);
  if (stats.isFile() && stats.size > maxFileBytes()) throw tooLarge(what, path, mib(stats.size));
  return stats;
}

/** Reads `fd` to its end, failing once more than the limit has been read. */
function readAll(fd: number, what: string, path: string, sizeHint: number): Buffer {
  const limit = maxFileBytes();
  const chunkSize = Math.min(Math.max(sizeHint + 1, 64 * 1024), 16 * MIB);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkSize);
    const n = readSync(fd, chunk, 0, chunkSize, null);
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooLarge(what, path, `more than ${mib(limit)} read`);
    chunks.push(n === chunkSize ? chunk : chunk.subarray(0, n));
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/**
 * The bytes of `path`, read with the limit; `what` names the file's role in messages ("config file").
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('lexicon.txt', 'good\t2\n');
 * readBoundedFile('lexicon.txt', 'lexicon').toString(); // 'good\t2\n'
 */
export function readBoundedFile(path: string, what: string): Buffer {
  checkReadableFile(path, what);
  const fd = openSync(path, 'r');
  try {
    return readAll(fd, what, path, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** {@link readBoundedFile} decoded as UTF-8 (invalid bytes replaced, as readFileSync(path, 'utf8') does). */
export function readBoundedText(path: string, what: string): string {
  return readBoundedFile(path, what).toString('utf8');
}

/** Standard input (a pipe or a file) with the same limit: `pama solve < /dev/zero` stops at the limit. */
export function readBoundedStdin(what: string): string {
  return readAll(0, what, 'stdin', 0).toString('utf8');
}
