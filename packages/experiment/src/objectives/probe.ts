// Before any training, every objective's source scores one probe batch: a module that does not load,
// a server that does not answer, a wrong count or a non-finite score stops the command with one line
// naming the objective.
import type { RewardItem, RewardSource } from 'pama-rewards';
import { ExperimentError } from '../experiment-error.js';
import type { EffectiveObjective } from './effective-objectives.js';
import { describeSource } from './objective-sources.js';

/** Why a source failed, without the source name pama-rewards puts first (the caller names it). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { kind?: string; error?: unknown } }).cause;
  const inner = cause?.kind === 'function-threw' && cause.error instanceof Error ? cause.error.message : message;
  return inner.replace(/\s+/g, ' ').trim();
}

/** Scores `items` with each source in turn; throws a one-line ExperimentError at the first failure. */
export async function probeObjectives(
  objectives: readonly EffectiveObjective[],
  sources: readonly RewardSource[],
  items: readonly RewardItem[],
): Promise<void> {
  for (let j = 0; j < sources.length; j++) {
    const what = `objective '${objectives[j].name}' (${describeSource(objectives[j].spec)})`;
    let result: Awaited<ReturnType<ReturnType<RewardSource['score']>>>;
    try {
      result = await sources[j].score(items)();
    } catch (error) {
      throw new ExperimentError(`${what} failed the probe batch: ${reasonOf(error)}`);
    }
    if (result._tag === 'Left') throw new ExperimentError(`${what} failed the probe batch: ${reasonOf(result.left)}`);
    const scores = result.right;
    if (scores.length !== items.length)
      throw new ExperimentError(`${what} returned ${scores.length} scores for a probe batch of ${items.length}`);
    const bad = Array.from(scores).findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new ExperimentError(`${what} returned the non-finite score ${scores[bad]} for probe item ${bad}`);
  }
}

/** The probe batch: up to 8 held-out prompts, each answered by the next one's text. */
export function probeItems(prompts: readonly string[]): RewardItem[] {
  const n = Math.min(8, prompts.length);
  return Array.from({ length: n }, (_, i) => ({ prompt: prompts[i], response: prompts[(i + 1) % prompts.length] }));
}
