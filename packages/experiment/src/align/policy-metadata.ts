// What a saved policy (OUT/pretrained, OUT/runs/<run>/policy) records about itself in model.json's
// userDefinedMetadata: how it was made, its objectives, and the sampling settings and prompt length
// it was trained with (`pama generate` and `pama eval` use them as defaults).
import type { AlignConfig } from '../config/align-config.js';
import { objectiveNames } from './objectives.js';

export function policyMetadata(config: AlignConfig, made: Record<string, unknown>): Record<string, unknown> {
  return {
    ...made,
    objectives: objectiveNames(config),
    generation: config.generation,
    promptWords: config.prompts.words,
    data: config.data,
  };
}
