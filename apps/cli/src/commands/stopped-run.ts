// How `pama align` and `pama sweep` end when their pipeline stops with a known remedy: a full or
// read-only disk (named with its file), or a reward source that stopped answering.
import { CliError } from '../cli-error.js';
import { describeFsError } from 'pama-experiment/io';
import { describeRewardFailure } from 'pama-experiment/objectives';

/**
 * The one line (exit code 1) such a stop ends with, followed by how to resume; any other error as it is.
 * @example throw stoppedRunError(error, 'resume with: pama align --out runs/x --resume');
 */
export function stoppedRunError(error: unknown, resume: string): unknown {
  const line = describeFsError(error, resume) ?? describeRewardFailure(error, resume);
  return line === null ? error : new CliError(line, 1);
}
