// Files a user names are read with a limit decided before reading: devices and FIFOs are refused at
// once (a lexicon or prompts file of /dev/zero used to grow to gigabytes), a file above the limit is
// one line naming it and the flag that raises the limit, and `pama generate` with more prompts than
// it samples in one command is one line. Every case runs the real binary, bounded by a deadline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneCleanLine, runChaos } from './support/chaos-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-bounded-inputs-'));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);

function configWith(objective: Record<string, unknown>): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2, 8)}.json`);
  writeFileSync(file, JSON.stringify(tinyConfig(dir, { objectives: [{ name: 'sentiment', source: 'sentiment' }, objective] })));
  return file;
}

async function expectRefused(args: string[], pattern: RegExp): Promise<void> {
  const r = await runChaos(args, { timeoutMs: 30_000 });
  expect(r.timedOut).toBe(false);
  expect(r.status).toBe(2);
  expect(oneCleanLine(r.stderr), r.stderr).toMatch(pattern);
}

describe('bounded inputs', () => {
  it.each([
    [
      'a lexicon of /dev/zero',
      () => ['score', '--config', configWith({ name: 'lex', source: 'lexicon', path: '/dev/zero' }), '--text', 'hi'],
      /objective 'lex': lexicon \/dev\/zero is a character device/,
    ],
    [
      'a FIFO lexicon',
      () => ['score', '--config', configWith({ name: 'lex', source: 'lexicon', path: fifo }), '--text', 'hi'],
      /lexicon .*fifo is a FIFO/,
    ],
    ['a config of /dev/zero', () => ['align', '--config', '/dev/zero'], /config file \/dev\/zero is a character device/],
    ['a FIFO config', () => ['align', '--config', fifo], /config file .*fifo is a FIFO/],
    [
      '--texts /dev/urandom',
      () => ['score', '--objectives', 'sentiment', '--texts', '/dev/urandom'],
      /--texts file \/dev\/urandom is a character device/,
    ],
    [
      'generate --prompts /dev/zero',
      () => ['generate', '--model', dir, '--prompts', '/dev/zero'],
      /--prompts file \/dev\/zero is a character device/,
    ],
    ['report of /dev/zero', () => ['report', '/dev/zero', '--out', join(dir, 'r.html')], /metrics \/dev\/zero is a character device/],
    ['solve of a FIFO', () => ['solve', fifo], /solve input .*fifo is a FIFO/],
  ] as const)('%s is refused at once', async (_, args, pattern) => {
    await expectRefused([...args()], pattern);
  });

  it('a file above --max-file-size is one line naming it and the flag; a raised limit reads it', async () => {
    const texts = join(dir, 'texts.txt');
    writeFileSync(texts, `${'a fine day\n'.repeat(200_000)}`); // 2.1 MiB
    await expectRefused(
      ['--max-file-size', '1', 'score', '--objectives', 'sentiment', '--texts', texts],
      /--texts file .*texts\.txt is larger than the 1\.0 MiB limit .*raise it with --max-file-size MB/,
    );
    const solveInput = join(dir, 'solve.json');
    writeFileSync(solveInput, JSON.stringify({ values: [0.5, -0.25] }).padEnd(1_500_000, ' '));
    await expectRefused(['solve', solveInput, '--max-file-size=1'], /solve input .*solve\.json is larger than the 1\.0 MiB limit/);
    const raised = await runChaos(['solve', solveInput, '--max-file-size=2'], { timeoutMs: 30_000 });
    expect(raised.stderr).toBe('');
    expect(raised.status).toBe(0);
  });

  it('solve of an endless stdin stops at the limit with one line', async () => {
    const r = await runChaos(['--max-file-size', '1', 'solve'], { input: ' '.repeat(3 * 1024 * 1024), timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(/solve input stdin is larger than the 1\.0 MiB limit/);
  });

  it('generate with more than a million prompts × --n is one line before the model loads', async () => {
    const prompts = join(dir, 'prompts.txt');
    writeFileSync(prompts, 'the jury said\n'.repeat(500_001));
    await expectRefused(
      ['generate', '--model', join(dir, 'no-model'), '--prompts', prompts, '--n', '2'],
      /--n: 500001 prompts × 2 is 1000002 responses; one command samples at most 1000000/,
    );
  });
});
