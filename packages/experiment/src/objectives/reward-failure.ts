// A reward source that fails during training (after its own retries) stops the run: the step in
// flight is dropped, the checkpoint of the last finished step stays, and `--resume` continues from
// there once the source answers again. This turns such a failure into that one line.
import { renderValue } from 'pama-core/support';
import { RewardSourceError } from 'pama-tfjs';

/** A reward source failed while scoring training or evaluation responses; `cause` is its own error. */
export class RewardFailure extends Error {
  override readonly name = 'RewardFailure';

  constructor(
    readonly objective: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`objective '${objective}' failed: ${reason}`, options);
  }
}

/** The objective and reason of a reward failure, or null for any other error. */
export function rewardFailureOf(error: unknown): RewardFailure | null {
  if (error instanceof RewardFailure) return error;
  if (!(error instanceof RewardSourceError)) return null;
  const cause = error.cause as { message?: unknown; cause?: { kind?: string; error?: unknown } } | undefined;
  // A scoring function that threw is described by its own message (`gave no answer within 3000 ms …`).
  const own = cause?.cause?.kind === 'function-threw' && cause.cause.error instanceof Error ? cause.cause.error.message : cause?.message;
  const reason = typeof own === 'string' ? own : `${error.reason} (got ${renderValue(error.value)})`;
  return new RewardFailure(error.objective, reason.replace(/\s+/g, ' '), { cause: error });
}

/** The one line a reward failure ends `pama align` with. */
export function describeRewardFailure(error: unknown, resume: string): string | null {
  const failure = rewardFailureOf(error);
  if (failure === null) return null;
  return `${failure.message}; the run stopped at its last checkpoint, and once the source answers again, ${resume}`;
}
