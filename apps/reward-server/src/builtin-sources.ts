import { lengthReward, sentimentReward, type RewardSource } from 'pama-rewards';
import { ServerOptionError } from './server-options.js';

/** The built-in sources the server can serve by name (`--sources`). */
export const builtinSourceNames = ['length', 'sentiment', 'sentiment-vader', 'sentiment-afinn'] as const;
export type BuiltinSourceName = (typeof builtinSourceNames)[number];

const factories: Record<BuiltinSourceName, () => RewardSource> = {
  // The paper's clipped length, over words.
  length: () => lengthReward({ name: 'length' }),
  sentiment: () => sentimentReward({ name: 'sentiment' }),
  'sentiment-vader': () => sentimentReward({ name: 'sentiment-vader', analyser: 'vader' }),
  'sentiment-afinn': () => sentimentReward({ name: 'sentiment-afinn', analyser: 'afinn' }),
};

export function isBuiltinSourceName(name: string): name is BuiltinSourceName {
  return (builtinSourceNames as ReadonlyArray<string>).includes(name);
}

/** Builds sources from a comma-separated list such as `length,sentiment`. */
export function builtinSources(list: string): RewardSource[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0)
    throw new ServerOptionError('sources', list, `expected a comma-separated list of ${builtinSourceNames.join(', ')}`);
  const seen = new Set<string>();
  return names.map((name) => {
    if (!isBuiltinSourceName(name))
      throw new ServerOptionError('sources', list, `unknown source "${name}"; known: ${builtinSourceNames.join(', ')}`);
    if (seen.has(name)) throw new ServerOptionError('sources', list, `"${name}" is listed twice`);
    seen.add(name);
    return factories[name]();
  });
}
