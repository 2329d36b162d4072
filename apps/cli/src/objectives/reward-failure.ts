// A reward source that fails during training (after its own retries) stops the run: the step in
// flight is dropped, the checkpoint of the last finished step stays, and `--resume` continues from
// there once the source answers again. This turns such a failure into that one line.
import { FieldError, renderValue } from 'pama-core/support';

/** A reward source failed while scoring evaluation responses. */
export class RewardFailure extends Error {
  constructor(
    readonly objective: string,
    readonly reason: string,
  ) {
    super(`objective '${objective}' failed: ${reason}`);
    this.name = 'RewardFailure';
  }
}

// pama-tfjs names a failing source in the field of its TrainingError: `rewardSources[i] (name)`,
// with the source's own message as the value, or `rewardSources[i] (name).length` for a wrong count.
const TRAINER_FAILURE = /^rewardSources\[\d+\] \((.+?)\)(\.length)?$/s;

/** The objective and reason of a reward failure, or null for any other error. */
export function rewardFailureOf(error: unknown): RewardFailure | null {
  if (error instanceof RewardFailure) return error;
  if (!(error instanceof FieldError) || error.name !== 'TrainingError') return null;
  const m = TRAINER_FAILURE.exec(error.field);
  if (m === null) return null;
  const reason = m[2] === undefined && typeof error.value === 'string' ? error.value : `${error.reason} (got ${renderValue(error.value)})`;
  return new RewardFailure(m[1], reason.replace(/\s+/g, ' '));
}

/** The one line a reward failure ends `pama align` with. */
export function describeRewardFailure(error: unknown, resume: string): string | null {
  const failure = rewardFailureOf(error);
  if (failure === null) return null;
  return `${failure.message}; the run stopped at its last checkpoint, and once the source answers again, ${resume}`;
}
