// Running the built `pama` under faults: a bounded child process (killed after a deadline), with
// optional stdin, extra Node flags (e.g. a preload that injects ENOSPC), a hook on stdout that may
// signal the child or close its stdout, and the exit status or signal.
import { spawn } from 'node:child_process';
import { pamaBin, repoRoot } from './run-pama.js';

export interface ChaosResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly pid: number;
}

export interface ChaosControl {
  /** Sends a signal to the child. */
  signal(name: NodeJS.Signals): void;
  /** Stops reading the child's stdout, as `| head` does. */
  closeStdout(): void;
}

export interface ChaosOptions {
  readonly input?: string;
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Deadline in ms; the child is SIGKILLed after it (default 90 s). */
  readonly timeoutMs?: number;
  readonly onStdout?: (text: string, control: ChaosControl) => void;
  readonly onSpawn?: (pid: number) => void;
}

export function runChaos(args: readonly string[], options: ChaosOptions = {}): Promise<ChaosResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), pamaBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...(options.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child.pid!);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 90_000);
    const control: ChaosControl = {
      signal: (name) => child.kill(name),
      closeStdout: () => child.stdout.destroy(),
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout, control);
    });
    child.stdout.on('error', () => undefined);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut, pid: child.pid! });
    });
  });
}

/** Exactly one `pama: …` line on stderr, with no stack trace or internal error name. */
export function oneCleanLine(stderr: string): string | null {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length !== 1 || !lines[0].startsWith('pama: ')) return null;
  if (/\n\s+at |node:internal|Maximum call stack|unexpected failure/.test(stderr)) return null;
  return lines[0];
}
