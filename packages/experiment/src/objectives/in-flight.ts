// Which objectives are being scored right now. If the command's event loop ever runs empty while its
// work is unfinished (a source whose promise can never settle), bin.ts names them in its one line
// instead of letting the process exit 0 with nothing done. Scores are bounded here too: a finite
// but huge score (1e308) would overflow training's sums into Infinity and NaN far from its source.
import { RewardError, type RewardSource } from 'pama-rewards';

/** The largest score magnitude a source may return; anything larger is the source's failure. */
export const MAX_ABS_SCORE = 1e15;

const inFlight = new Map<string, number>();

/** The same source, counted in {@link objectivesInFlight} while a call of it is unsettled, its scores bounded by {@link MAX_ABS_SCORE}. */
export function trackedSource(source: RewardSource): RewardSource {
  return {
    name: source.name,
    score: (items) => async () => {
      inFlight.set(source.name, (inFlight.get(source.name) ?? 0) + 1);
      try {
        const result = await source.score(items)();
        if (result._tag === 'Left') return result;
        const huge = result.right.findIndex((x) => Math.abs(x) > MAX_ABS_SCORE);
        if (huge < 0) return result;
        const detail = `a score beyond ±1e15 (such magnitudes overflow training's arithmetic; rescale the scores)`;
        return {
          _tag: 'Left',
          left: new RewardError(
            source.name,
            { kind: 'bad-shape', field: `scores[${huge}]`, value: result.right[huge], detail },
            { item: huge },
          ),
        };
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
