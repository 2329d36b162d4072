// Runs the built `pama` executable as a child process (tests exercise the real binary).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const pamaBin = fileURLToPath(new URL('../../apps/cli/dist/bin.js', import.meta.url));

export interface PamaResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runPamaSync(args: string[], input?: string): PamaResult {
  const r = spawnSync(process.execPath, [pamaBin, ...args], { cwd: repoRoot, input, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runPama(
  args: string[],
  options: { onStdout?: (chunk: string, kill: () => void) => void } = {},
): Promise<PamaResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [pamaBin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout, () => child.kill('SIGKILL'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/**
 * Runs a command to its end without blocking the test worker (a long spawnSync starves vitest's
 * own messages), with `input` on its stdin.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PamaResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // A command that exits without reading its stdin closes the pipe first (EPIPE); its exit status
    // and output, which the test checks, tell what happened.
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs a command with its stderr on a real pipe (through bash) and its stdout to a file, as from a
 * terminal's `… 2>&1 | less` or a CI log: a Node parent's 'pipe' is a socket, on which pama cannot
 * set native output aside. Resolves once the command and everything holding its stderr are done.
 */
export async function runPiped(command: string, args: string[], options: { cwd?: string; input?: string } = {}): Promise<PamaResult> {
  const stdoutFile = join(mkdtempSync(join(tmpdir(), 'pama-piped-')), 'stdout');
  const r = await runCommand(
    'bash',
    ['-c', 'out=$1; shift; "$@" 2>&1 >"$out" | cat; exit $PIPESTATUS', 'bash', stdoutFile, command, ...args],
    options,
  );
  const stdout = readFileSync(stdoutFile, 'utf8');
  rmSync(dirname(stdoutFile), { recursive: true, force: true });
  return { status: r.status, stdout, stderr: r.stdout };
}

/** `pama` (the built CLI) through {@link runPiped}. */
export function runPamaPiped(args: string[]): Promise<PamaResult> {
  return runPiped(process.execPath, [pamaBin, ...args]);
}
