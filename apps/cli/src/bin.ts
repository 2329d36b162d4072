#!/usr/bin/env node
// The `pama` executable: runs a subcommand; expected failures print one line, never a stack trace.
import { runCli } from './run-cli.js';
import { CliError } from './cli-error.js';
import { describeFsError } from './io/fs-error.js';
import { exitQuietlyWhenReaderLeaves } from './io/closed-pipe.js';

exitQuietlyWhenReaderLeaves();

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`pama: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const fsLine = describeFsError(error);
    if (fsLine !== null) {
      process.stderr.write(`pama: ${fsLine}\n`);
      process.exitCode = 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`pama: unexpected failure: ${message.split('\n')[0]}\n`);
    if (process.env.PAMA_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
