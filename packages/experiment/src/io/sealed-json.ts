// JSON files the CLI writes and later trusts (run progress, run results, the pre-training cache)
// carry a SHA-256 of their own contents, so a changed byte, a truncation or a hand edit is found
// on reading instead of silently changing later results.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ExperimentError } from '../experiment-error.js';
import { writeJsonAtomic } from './atomic-write.js';
import { parseJsonBounded } from './read-json.js';
import { readBoundedText } from './bounded-read.js';

/** The key holding the hash; it is not part of the hashed value. */
export const SEAL_KEY = 'sha256';

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Writes `value` (an object) atomically with the hash of its JSON under SEAL_KEY. */
export function writeSealedJson(path: string, value: object): void {
  if (Object.hasOwn(value, SEAL_KEY)) throw new Error(`writeSealedJson: ${SEAL_KEY} is reserved`);
  writeJsonAtomic(path, { ...value, [SEAL_KEY]: digest(value) });
}

/** Why a sealed file cannot be trusted; `remedy` says what the user should do about it. */
export class IntegrityError extends ExperimentError {
  override readonly name: string = 'IntegrityError';
  constructor(path: string, reason: string, remedy: string) {
    super(`${path}: ${reason}; ${remedy}`);
  }
}

/**
 * Reads a file written by writeSealedJson and returns the value without its seal, or null when the
 * file does not exist. Anything else (not JSON, truncated, no seal, hash mismatch) is an
 * IntegrityError naming the file, the reason and `remedy`.
 *
 * @example readSealedJson('runs/pama-sample-seed1/progress.json', 'delete that run directory and rerun with --resume')
 */
export function readSealedJson(path: string, remedy: string): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = parseJsonBounded(readBoundedText(path, 'state file'), path);
  } catch (e) {
    if (e instanceof ExperimentError)
      throw new IntegrityError(path, e.message.startsWith(path) ? e.message.slice(path.length).replace(/^[:\s]+/, '') : e.message, remedy);
    throw e;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new IntegrityError(path, 'not a JSON object', remedy);
  const { [SEAL_KEY]: seal, ...value } = parsed as Record<string, unknown>;
  if (typeof seal !== 'string')
    throw new IntegrityError(path, `no "${SEAL_KEY}" integrity record (written by an older pama, or edited)`, remedy);
  if (digest(value) !== seal) throw new IntegrityError(path, 'contents do not match their sha256 (corrupt or edited)', remedy);
  return value;
}
