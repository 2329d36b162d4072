// The objectives of a run: the config's `objectives` (any N from 1 to 8, each with its reward
// source), or by default the embedded task's two, lexicon sentiment and the paper's clipped length
// scaled to this model's response lengths. See ../objectives/ for the sources, the probe and the
// per-objective normalisation.
import type { RewardSource } from 'pama-rewards';
import type { Tokenizer } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { objectiveNames } from '../objectives/effective-objectives.js';
import { budgetLengthScale, buildObjectiveSources } from '../objectives/objective-sources.js';

export { effectiveObjectives, objectiveNames, type EffectiveObjective } from '../objectives/effective-objectives.js';

/**
 * The default length objective's scale: `rewards.length.scale`, else two thirds of the response
 * budget (the paper rewards clip(l / 140, 70/140, 210/140) for responses of up to ~210 tokens).
 */
export function lengthScale(config: AlignConfig): number {
  return config.rewards.length.scale ?? budgetLengthScale(config);
}

/** The policy's value heads: one per objective under GAE, none under the critic-free group estimator. */
export function valueHeadCount(config: AlignConfig): number {
  return config.estimator.kind === 'gae' ? objectiveNames(config).length : 0;
}

/** One reward source per objective, in the config's order. */
export function objectiveSources(config: AlignConfig, tokenizer: Tokenizer): RewardSource[] {
  return buildObjectiveSources(config, tokenizer);
}
