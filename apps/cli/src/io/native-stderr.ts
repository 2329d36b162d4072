// Native libraries that pama loads write to file descriptor 2 behind Node's back. Dawn (the `webgpu`
// package) prints "Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced …" on
// every adapter discovery through dawn::WarningLog, a plain fprintf(stderr) with no toggle, create()
// option or logging callback to turn it off (Dawn's logging callbacks only carry device messages),
// and Vulkan drivers and tfjs-node do the same. So pama sets descriptor 2 aside itself:
//
// - descriptor 2 becomes a temporary file (unlinked at once, so nothing is left behind), and
//   `process.stderr` — every line pama writes — goes to a reopened copy of the original stderr;
// - a small keeper process holds the file and learns through its IPC channel when pama is gone.
//   When pama exited cleanly (status 0, bad input 2, a locked out dir 3, a closed pipe 141, an
//   interrupt 130/143) its exit handler has marked the file and the keeper drops it; when pama
//   failed (status 1) or died (a crash, an abort, an out-of-memory kill) the keeper prints what was
//   written there — the driver's messages, Node's own report of an uncaught exception or a fatal
//   out-of-memory — so the last words before a failure are never lost.
//
// `--verbose` (or PAMA_VERBOSE / PAMA_DEBUG) leaves descriptor 2 alone. Only POSIX systems: Windows
// has no way to reopen a descriptor by path, so there the native messages stay visible.
import { spawn } from 'node:child_process';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isatty, WriteStream } from 'node:tty';

/** Written to the file at a clean exit; the keeper drops a file that holds it. */
const CLEAN_EXIT_MARK = '\u0000pama: clean exit\u0000';

/** Exit statuses after which the native messages are noise: success, bad input, locked, closed pipe, interrupted. */
const CLEAN_EXITS = new Set([0, 2, 3, 130, 141, 143]);

/** The keeper's source: it runs as `node --input-type=module -e`, so it names no module file (it also runs from the bundle). */
const KEEPER = `
import { readFileSync } from 'node:fs';
// A signal to the whole process group (Ctrl-C, a job scheduler's cancel) reaches the keeper too:
// pama was interrupted, it did not fail.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { interrupted = true; });
process.on('disconnect', () => {
  let text = '';
  try { text = readFileSync(0, 'utf8'); } catch {}
  if (!interrupted && !text.includes(${JSON.stringify(CLEAN_EXIT_MARK)}) && text.trim() !== '') {
    const tail = text.length > 65536 ? '…' + text.slice(-65536) : text;
    process.stderr.write('pama: the native error stream (GPU driver, tfjs, Node) before pama stopped:\\n' + tail + (tail.endsWith('\\n') ? '' : '\\n'));
  }
  process.exit(0);
});
`;

/** The directory where opening `<dir>/N` gives a new descriptor on what descriptor N points to. */
function descriptorDirectory(): string | undefined {
  if (process.platform === 'linux') return '/proc/self/fd';
  if (process.platform === 'darwin' || process.platform === 'freebsd') return '/dev/fd';
  return undefined;
}

/** A synchronous stream on `fd`, as Node's own stderr is for files and pipes on POSIX. */
function syncStream(fd: number): NodeJS.WriteStream {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        writeSync(fd, chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  return Object.assign(stream, { fd, isTTY: false }) as unknown as NodeJS.WriteStream;
}

/**
 * Points descriptor 2 away from the user (see the file comment) and `process.stderr` at the original
 * stderr. Call it first thing, before anything has written to stderr. Returns false, changing
 * nothing, where it cannot (Windows, a stderr that cannot be reopened such as a socket).
 *
 * @example
 * if (!verbose) hideNativeStderr();
 * // Dawn's adapter warnings now go to a file a keeper process drops on a clean exit
 */
export function hideNativeStderr(): boolean {
  const fdDir = descriptorDirectory();
  if (fdDir === undefined) return false;
  let original: number;
  try {
    original = openSync(`${fdDir}/2`, 'a');
  } catch {
    return false; // e.g. ENXIO: a socket cannot be reopened by path
  }
  // close(2), then open(): POSIX hands out the lowest free descriptor, 2 — a dup2 without native code.
  const logPath = join(tmpdir(), `pama-${process.pid}-native-stderr.log`);
  closeSync(2);
  let two = -1;
  let keeperInput: number;
  try {
    two = openSync(logPath, 'a+', 0o600);
    keeperInput = openSync(logPath, 'r');
    unlinkSync(logPath);
  } catch {
    if (two >= 0) closeSync(two);
    openSync(`${fdDir}/${original}`, 'a'); // back to descriptor 2
    closeSync(original);
    return false;
  }
  if (two !== 2) throw new Error(`hideNativeStderr: descriptor 2 was taken while it was closed (got ${two})`);
  const keeper = spawn(process.execPath, ['--input-type=module', '-e', KEEPER], {
    stdio: [keeperInput, 'ignore', original, 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  closeSync(keeperInput);
  keeper.on('error', () => {}); // without a keeper the messages are lost, never shown: acceptable
  keeper.unref();
  keeper.channel?.unref();

  const stream = isatty(original) ? new WriteStream(original) : syncStream(original);
  Object.defineProperty(process, 'stderr', { value: stream, configurable: true, enumerable: true, writable: true });
  process.on('exit', (code) => {
    if (CLEAN_EXITS.has(code)) {
      try {
        writeSync(2, CLEAN_EXIT_MARK);
      } catch {
        // the keeper will show the messages: harmless
      }
    }
  });
  return true;
}
