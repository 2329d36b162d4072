import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { RewardError } from './reward-error.js';

/** One thing to score: the prompt and the policy's response to it. */
export interface RewardItem {
  readonly prompt: string;
  readonly response: string;
}

/**
 * One objective's reward. `score` returns one finite score per item, in item order; it never
 * rejects (failures are a `Left`).
 */
export interface RewardSource {
  /** The objective's name (a column of the reward matrix). */
  readonly name: string;
  /** One finite score per item, in item order, or a {@link RewardError}; the task never rejects. */
  score(items: ReadonlyArray<RewardItem>): TaskEither<RewardError, Float64Array>;
}
