// Reads a user's text file as records: a .jsonl / .ndjson file holds one JSON object per line
// ({"text": …}; prompt files may say {"prompt": …}), any other file one text per non-blank line.
// Every failure (missing, empty, not UTF-8, a line that does not parse) is one line naming the
// file and, where there is one, the line number.
import { extname } from 'node:path';
import { ExperimentError } from '../experiment-error.js';
import { readBoundedFile } from '../io/bounded-read.js';

export interface TextRecord {
  readonly text: string;
  /** 1-based line number in the file. */
  readonly line: number;
}

export type TextFileFormat = 'jsonl' | 'text';

export function formatOf(path: string): TextFileFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'text';
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** The file's text; the first line holding invalid UTF-8 is named in the error. */
function decodeUtf8(bytes: Uint8Array, label: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          strict.decode(bytes.subarray(start, i));
        } catch {
          throw new ExperimentError(`${label}:${line}: not UTF-8 text`);
        }
        line++;
        start = i + 1;
      }
    }
    throw new ExperimentError(`${label}: not UTF-8 text`);
  }
}

/**
 * The records of `path`. `what` names the file's role in errors (e.g. "data.prompts"); `keys`
 * are the JSON fields accepted as the text of a JSONL record, in order of preference.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('prompts.jsonl', '{"prompt": "Tell me"}\n{"text": "Say"}\n');
 * readTextRecords('prompts.jsonl', 'data.prompts', ['text', 'prompt']); // [{ text: 'Tell me', line: 1 }, { text: 'Say', line: 2 }]
 */
export function readTextRecords(path: string, what: string, keys: readonly string[] = ['text']): TextRecord[] {
  const label = `${what} file ${path}`;
  let bytes: Uint8Array;
  try {
    bytes = readBoundedFile(path, `${what} file`);
  } catch (e) {
    if (e instanceof ExperimentError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExperimentError(
      `${label}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? String(e)})`}`,
    );
  }
  const text = decodeUtf8(bytes, label).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const records: TextRecord[] = [];
  const jsonl = formatOf(path) === 'jsonl';
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    if (!jsonl) {
      records.push({ text: raw.trim(), line });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new ExperimentError(`${label}:${line}: not a JSON line (${(e as Error).message.split('\n')[0]})`);
    }
    const key = value !== null && typeof value === 'object' && !Array.isArray(value) ? keys.find((k) => k in (value as object)) : undefined;
    const field = key === undefined ? undefined : (value as Record<string, unknown>)[key];
    if (typeof field !== 'string')
      throw new ExperimentError(`${label}:${line}`, value, `expected an object with a string ${keys.map((k) => `"${k}"`).join(' or ')}`);
    if (field.trim() !== '') records.push({ text: field.trim(), line });
  });
  if (records.length === 0) throw new ExperimentError(`${label}: empty (no ${jsonl ? 'records' : 'non-blank lines'})`);
  return records;
}
