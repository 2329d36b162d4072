// Files written safely and read with limits: atomic writes, directory locks, bounded reads, JSON with duplicate-key checks, sealed (checksummed) JSON, temp files and file-system error lines.
export * from './atomic-write.js';
export * from './bounded-read.js';
export * from './dir-lock.js';
export * from './duplicate-keys.js';
export * from './fs-error.js';
export * from './make-dir.js';
export * from './read-json.js';
export * from './run-dir-above.js';
export * from './sealed-json.js';
export * from './temp-files.js';
