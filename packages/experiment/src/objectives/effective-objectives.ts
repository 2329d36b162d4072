// The objectives a config trains on, with everything defaulted: the `objectives` key when given,
// else the built-in pair (sentiment, length) shaped by the older `rewards.*` keys.
import type { AlignConfig } from '../config/align-config.js';
import type { Normalization, ObjectiveSpec } from './objective-spec.js';

export interface EffectiveObjective {
  readonly spec: ObjectiveSpec;
  readonly name: string;
  /** PAMA target (null: never met). */
  readonly target: number | null;
  /** MORLHF weight; the weights of a config sum to 1. */
  readonly weight: number;
  readonly normalize: Normalization;
}

/** The objectives of the config before `objectives` existed: `rewards.*` shapes them. */
export function legacyObjectives(config: AlignConfig): ObjectiveSpec[] {
  const r = config.rewards;
  const length: ObjectiveSpec = {
    name: 'length',
    source: 'length',
    low: r.length.low,
    high: r.length.high,
    ...(r.length.scale === null ? {} : { scale: r.length.scale }),
  };
  return [
    { name: 'sentiment', source: 'sentiment', target: r.pamaTargets[0], weight: r.morlhfWeights[0] },
    { ...length, target: r.pamaTargets[1], weight: r.morlhfWeights[1] },
  ];
}

/**
 * @example effectiveObjectives(DEFAULT_ALIGN_CONFIG).map((o) => o.name) // ['sentiment', 'length']
 */
export function effectiveObjectives(config: AlignConfig): EffectiveObjective[] {
  const specs = config.objectives ?? legacyObjectives(config);
  const raw = specs.map((s) => s.weight ?? 1);
  const sum = raw.reduce((a, b) => a + b, 0);
  return specs.map((spec, i) => ({
    spec,
    name: spec.name,
    target: spec.target ?? null,
    weight: raw[i] / sum,
    normalize: spec.normalize ?? 'none',
  }));
}

export function objectiveNames(config: AlignConfig): string[] {
  return (config.objectives ?? legacyObjectives(config)).map((s) => s.name);
}
