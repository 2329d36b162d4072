#!/usr/bin/env node
// The `pama` executable: runs a subcommand; expected failures print one line, never a stack trace.
import { runCli } from './run-cli.js';
import { ExperimentError, type ExperimentErrorKind } from 'pama-experiment';

import { CliError } from './cli-error.js';
import { describeFsError, parseMaxFileSize } from 'pama-experiment/io';
import { exitQuietlyWhenReaderLeaves } from './io/closed-pipe.js';
import { hideNativeStderr } from './io/native-stderr.js';
import { objectivesInFlight, rewardFailureOf } from 'pama-experiment/objectives';
import { FieldError } from 'pama-core/support';

/** The exit code of each kind of the library's errors: bad input 2, failed runs 1, an out dir or cache in use 3. */
const EXIT_CODES: Readonly<Record<ExperimentErrorKind, number>> = { input: 2, failed: 1, busy: 3 };

/** Commands that may load native code (tfjs backends, Dawn): their stray stderr output is set aside. */
const NATIVE_COMMANDS = new Set(['align', 'sweep', 'pretrain', 'generate', 'eval', 'bench']);

// `--verbose`, accepted by every command before a `--`, shows native libraries' own messages.
const argv = process.argv.slice(2);
const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
const verbose = argv.slice(0, end).includes('--verbose');
let args = argv.filter((arg, i) => i >= end || arg !== '--verbose');
if (verbose) process.env.PAMA_VERBOSE = '1'; // worker processes forward their stderr too

// `--max-file-size MB`, accepted by every command, sets the limit on files pama reads (io/bounded-read.ts).
const flagsEnd = args.includes('--') ? args.indexOf('--') : args.length;
const sizeAt = args.findIndex((arg, i) => i < flagsEnd && (arg === '--max-file-size' || arg.startsWith('--max-file-size=')));
if (sizeAt >= 0) {
  const inline = args[sizeAt].startsWith('--max-file-size=');
  const value = inline ? args[sizeAt].slice('--max-file-size='.length) : args[sizeAt + 1];
  try {
    process.env.PAMA_MAX_FILE_MB = String(parseMaxFileSize(value ?? ''));
  } catch (error) {
    process.stderr.write(`pama: ${(error as Error).message}\n`);
    process.exit(2);
  }
  args = args.filter((_, i) => i !== sizeAt && (inline || i !== sizeAt + 1));
}
if (NATIVE_COMMANDS.has(args[0] ?? '') && !process.env.PAMA_VERBOSE && !process.env.PAMA_DEBUG) hideNativeStderr();

exitQuietlyWhenReaderLeaves();

// A command whose event loop runs empty before it settles (something it awaits can never finish)
// must not exit 0 as if done: say so, naming the objectives being scored then.
let settled = false;
process.once('beforeExit', () => {
  if (settled) return;
  const scoring = objectivesInFlight();
  const which =
    scoring.length > 0
      ? `objective ${scoring.map((n) => `'${n}'`).join(', ')} never answered (its promise can never settle)`
      : 'a step it awaited can never finish';
  process.stderr.write(`pama: ${args[0] ?? 'pama'} stopped with its work unfinished: ${which}; nothing was written as a result\n`);
  process.exitCode = scoring.length > 0 ? 2 : 1;
});

runCli(args).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    if (error instanceof ExperimentError) {
      process.stderr.write(`pama: ${error.message}\n`);
      process.exitCode = error instanceof CliError ? error.exitCode : EXIT_CODES[error.kind];
      return;
    }
    const fsLine = describeFsError(error);
    if (fsLine !== null) {
      process.stderr.write(`pama: ${fsLine}\n`);
      process.exitCode = 1;
      return;
    }
    // A reward source that failed while scoring (pama eval, a run's evaluation): a run-time failure
    // of the objective, named, like an outage during training.
    const failure = rewardFailureOf(error);
    if (failure !== null) {
      process.stderr.write(`pama: ${failure.message}\n`);
      process.exitCode = 1;
      return;
    }
    // A backend that is not installed or cannot start on this machine: the user's choice to change.
    if (error instanceof FieldError && error.field === 'backend') {
      process.stderr.write(`pama: --backend: ${error.reason} (got ${JSON.stringify(error.value)})\n`);
      process.exitCode = 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`pama: unexpected failure: ${message.split('\n')[0]}\n`);
    if (process.env.PAMA_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
