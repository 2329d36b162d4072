// Which runs' final test rewards are non-dominated (rewards maximised), via pama-core.
import { nonDominatedSort } from 'pama-core';
import type { Metrics } from './metrics.js';

/** Indices into metrics.runs of the first non-dominated front over all objectives. */
export function nonDominatedRuns(metrics: Metrics): Set<number> {
  if (metrics.runs.length === 0) return new Set();
  const points = metrics.runs.map((r) => metrics.objectives.map((o) => r.test.after[o]));
  const fronts = nonDominatedSort(points);
  if (fronts._tag === 'Left') throw new Error(`non-dominated sort failed: ${fronts.left.message}`);
  return new Set(fronts.right[0] ?? []);
}
