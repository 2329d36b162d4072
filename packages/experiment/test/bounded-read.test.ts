import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReadableFile, parseMaxFileSize, readBoundedFile, readBoundedText } from '../src/io/bounded-read.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-bounded-read-'));

describe('bounded reads of user-named files', () => {
  afterEach(() => {
    delete process.env.PAMA_MAX_FILE_MB;
  });

  it('reads a regular file whole, in one chunk or many', () => {
    const small = join(dir, 'small.txt');
    writeFileSync(small, 'word 1\nother 2\n');
    expect(readBoundedText(small, 'lexicon')).toBe('word 1\nother 2\n');
    const large = join(dir, 'large.bin');
    const bytes = Buffer.alloc(40 * 1024 * 1024 + 3, 7);
    writeFileSync(large, bytes);
    expect(readBoundedFile(large, 'corpus').equals(bytes)).toBe(true);
  });

  it('refuses devices and FIFOs before opening them, naming the role and the path', () => {
    expect(() => readBoundedFile('/dev/zero', 'lexicon')).toThrow('lexicon /dev/zero is a character device, not a regular file');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => checkReadableFile(fifo, 'config file')).toThrow(`config file ${fifo} is a FIFO (named pipe), not a regular file`);
  });

  it('refuses a file above the limit from its size alone; the limit follows --max-file-size', () => {
    const file = join(dir, 'two-mib.txt');
    writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 97));
    process.env.PAMA_MAX_FILE_MB = '1';
    expect(() => readBoundedFile(file, '--prompts file')).toThrow(
      /--prompts file .*two-mib\.txt is larger than the 1\.0 MiB limit .*\(2\.0 MiB\); raise it with --max-file-size MB/,
    );
    process.env.PAMA_MAX_FILE_MB = '3';
    expect(readBoundedFile(file, '--prompts file')).toHaveLength(2 * 1024 * 1024);
  });

  it('--max-file-size: a size in MiB above 0 and at most 512', () => {
    expect(parseMaxFileSize('64')).toBe(64);
    expect(parseMaxFileSize('0.5')).toBe(0.5);
    for (const bad of ['0', '-1', 'x', '513', '', '1e3']) expect(() => parseMaxFileSize(bad)).toThrow(/--max-file-size: a size in MiB/);
  });

  it('file-system errors are left to the caller', () => {
    expect(() => readBoundedFile(join(dir, 'missing'), 'lexicon')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
