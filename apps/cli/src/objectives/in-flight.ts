// Which objectives are being scored right now. If the command's event loop ever runs empty while its
// work is unfinished (a source whose promise can never settle), bin.ts names them in its one line
// instead of letting the process exit 0 with nothing done.
import type { RewardSource } from 'pama-rewards';

const inFlight = new Map<string, number>();

/** The same source, counted in {@link objectivesInFlight} while a call of it is unsettled. */
export function trackedSource(source: RewardSource): RewardSource {
  return {
    name: source.name,
    score: (items) => async () => {
      inFlight.set(source.name, (inFlight.get(source.name) ?? 0) + 1);
      try {
        return await source.score(items)();
      } finally {
        const left = (inFlight.get(source.name) ?? 1) - 1;
        if (left === 0) inFlight.delete(source.name);
        else inFlight.set(source.name, left);
      }
    },
  };
}

/** Names of the objectives with a call in flight, in the order they started. */
export function objectivesInFlight(): string[] {
  return [...inFlight.keys()];
}
