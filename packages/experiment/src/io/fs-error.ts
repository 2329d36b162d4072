// Turns file-system errors (errno codes) into one line a user can act on: the path, what went
// wrong in words, and the code, so "unexpected failure: ENOSPC: …" never reaches a user.

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'path too long',
  ELOOP: 'too many symbolic links',
  EXDEV: 'crosses file systems',
  EBUSY: 'resource busy',
};

/** What to do next, by code; the caller may add a command-specific step (e.g. resume). */
const REMEDIES: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space',
  EDQUOT: 'free some space',
  EACCES: 'check the permissions or choose another path',
  EPERM: 'check the permissions or choose another path',
  EROFS: 'choose a writable path',
  ENOENT: 'check the path',
  ENOTDIR: 'check the path',
  EISDIR: 'give a file path',
  EMFILE: 'close other programs or raise the open-file limit',
  ENFILE: 'close other programs or raise the open-file limit',
  EIO: 'check the disk',
  ENAMETOOLONG: 'choose a shorter path',
};

export interface FsErrorLike {
  readonly code: string;
  readonly path?: string;
  readonly syscall?: string;
}

/** The error as an errno error (with a string code such as ENOSPC), or null when it is not one. */
export function asFsError(error: unknown): FsErrorLike | null {
  if (error === null || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  return error as FsErrorLike;
}

/**
 * One line for an errno error, e.g.
 * `cannot write runs/x/ckpt-000003.bin: no space left on the device (ENOSPC); free some space`.
 * Returns null for anything that is not an errno error.
 */
export function describeFsError(error: unknown, nextStep?: string): string | null {
  const fsError = asFsError(error);
  if (fsError === null) return null;
  const verb =
    fsError.syscall === undefined
      ? 'cannot access'
      : /^(open|write|rename|mkdir|unlink|fsync|close|copyfile|link)$/.test(fsError.syscall)
        ? 'cannot write'
        : 'cannot read';
  const reason = REASONS[fsError.code] ?? (error as Error).message?.split('\n')[0] ?? fsError.code;
  const remedy = [REMEDIES[fsError.code], nextStep].filter((s) => s !== undefined).join(', then ');
  return `${verb} ${fsError.path ?? '(unknown path)'}: ${reason} (${fsError.code})${remedy ? `; ${remedy}` : ''}`;
}
