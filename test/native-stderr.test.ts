// pama sets aside what native code writes to descriptor 2 (Dawn's adapter warnings, a driver's
// messages, Node's own fatal reports): dropped after a clean exit, shown after a failure or a crash,
// while pama's own stderr lines always reach the user. A child process stands in for pama: it hides
// descriptor 2 as bin.ts does, then writes to descriptor 2 directly, as native code does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-pama.js';

const moduleUrl = pathToFileURL(join(repoRoot, 'apps/cli/dist/io/native-stderr.js')).href;

/**
 * Runs the stand-in with its stderr on a real pipe (bash's `|`), read to its end: the end comes once
 * both the child and its keeper have closed it, so what the keeper prints after the exit is there.
 */
function child(ending: string, stderrTo: 'pipe' | 'socket' = 'pipe') {
  const script = `
    import { writeSync } from 'node:fs';
    import { hideNativeStderr } from ${JSON.stringify(moduleUrl)};
    const hidden = hideNativeStderr();
    writeSync(2, 'Warning: native chatter\\n');
    process.stderr.write('pama: own line' + (hidden ? '' : ' (not hidden)') + '\\n');
    console.log(process.pid);
    ${ending}`;
  if (stderrTo === 'socket') {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stderr: r.stderr, pid: Number(r.stdout) };
  }
  const pidFile = join(dir, `pid-${Math.random()}`);
  const r = spawnSync(
    'bash',
    ['-c', '"$0" --input-type=module -e "$1" 2>&1 >"$2" | cat; exit $PIPESTATUS', process.execPath, script, pidFile],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: r.status, stderr: r.stdout, pid: Number(readFileSync(pidFile, 'utf8')) };
}

const dir = mkdtempSync(join(tmpdir(), 'pama-native-stderr-'));

describe('native stderr', () => {
  it('is dropped on a clean exit (0, bad input 2, locked 3) while pama’s own lines are kept', () => {
    for (const code of [0, 2, 3]) {
      const r = child(`process.exitCode = ${code};`);
      expect(r.status).toBe(code);
      expect(r.stderr).toBe('pama: own line\n');
      expect(existsSync(join(tmpdir(), `pama-${r.pid}-native-stderr.log`))).toBe(false);
    }
  });

  it('is shown, under a heading, after a failure (exit 1)', () => {
    const r = child('process.exitCode = 1;');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pama: own line\npama: the native error stream .*\nWarning: native chatter\n$/);
  });

  it('is shown after an uncaught exception, with Node’s own report of it', () => {
    const r = child(`setTimeout(() => { throw new Error('boom in a callback'); }, 1);`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Warning: native chatter');
    expect(r.stderr).toContain('Error: boom in a callback');
  });

  it('is shown when the process is killed (nothing in it ran at exit)', () => {
    const r = child(`process.kill(process.pid, 'SIGKILL');`);
    expect(r.status).toBe(128 + 9);
    expect(r.stderr).toContain('pama: own line');
    expect(r.stderr).toContain('Warning: native chatter');
  });

  it('is left alone where stderr is a socket (a Node parent’s pipe), which cannot be reopened by path', () => {
    const r = child('', 'socket');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('Warning: native chatter\npama: own line (not hidden)\n');
  });
});
