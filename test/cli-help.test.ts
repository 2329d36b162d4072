// `pama --help`, `pama <command> --help`/`-h` and `pama --version` on the real binary: each command
// prints its own usage, naming every flag its synopsis line in `pama --help` shows, and exits 0
// without doing any work.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runPamaSync } from './support/run-pama.js';

/** The top-level usage's synopsis, per command: every `--flag` on the command's lines. */
function synopsis(usage: string): Map<string, Set<string>> {
  const byCommand = new Map<string, Set<string>>();
  let current: string | undefined;
  for (const line of usage.split('\n')) {
    const head = /^ {2}pama ([a-z]+)\b/.exec(line);
    if (head) current = head[1];
    else if (!/^ {4,}/.test(line)) current = undefined;
    if (current === undefined) continue;
    const flags = byCommand.get(current) ?? new Set<string>();
    for (const m of line.matchAll(/--[a-z][a-z-]*/g)) flags.add(m[0]);
    byCommand.set(current, flags);
  }
  return byCommand;
}

describe('pama help and version', () => {
  const top = runPamaSync(['--help']);
  const commands = synopsis(top.stdout);

  it('pama --help lists every command and exits 0', () => {
    expect(top.status).toBe(0);
    expect([...commands.keys()].sort()).toEqual([
      'align',
      'bench',
      'eval',
      'generate',
      'merge',
      'pretrain',
      'report',
      'score',
      'solve',
      'sweep',
    ]);
  });

  it('pama <command> --help and -h print that command’s usage, with each flag of its synopsis, and exit 0', () => {
    for (const [command, flags] of commands) {
      for (const help of ['--help', '-h']) {
        const r = runPamaSync([command, help]);
        expect(r.status, `${command} ${help}`).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(new RegExp(`^usage: pama ${command}\\b`));
        for (const flag of flags) expect(r.stdout, `${command} ${help} names ${flag}`).toContain(flag);
      }
      expect(runPamaSync(['help', command]).stdout).toBe(runPamaSync([command, '--help']).stdout);
    }
  });

  it('--help wins over the other flags and does no work', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pama-help-')), 'out');
    const r = runPamaSync(['align', '--quick', '--out', out, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: pama align/);
    expect(existsSync(out)).toBe(false);
    // An unknown flag next to --help is not an error either: the user asked what the flags are.
    expect(runPamaSync(['generate', '--no-such-flag', '-h']).status).toBe(0);
  });

  it('a -h after -- is an argument, not a request for help', () => {
    const r = runPamaSync(['solve', '--', '-h']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pama: /);
  });

  it('pama --version prints the pama-cli package version', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'apps/cli/package.json'), 'utf8')) as { version: string };
    const r = runPamaSync(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });
});
