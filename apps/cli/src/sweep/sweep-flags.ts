// The sweep's own flags: --weights (a count or explicit vectors), --methods, --reference.
import { objectiveWeightsError } from 'pama-tfjs/settings';
import { CliError } from '../cli-error.js';
import { renderValue } from 'pama-core/support';
import { simplexGrid, SWEEP_METHODS, type SweepMethod } from 'pama-experiment';

export const DEFAULT_WEIGHT_COUNT = 5;
export const QUICK_WEIGHT_COUNT = 3;
const MAX_WEIGHT_VECTORS = 200;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numberIn(flag: string, whole: string, text: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new CliError(`--${flag}`, whole, `${renderValue(t)} is not a number`);
  return Number(t);
}

/**
 * `--weights K` (a uniform simplex grid of K vectors; Das–Dennis for N ≥ 3) or explicit vectors
 * `"0.2,0.8;0.5,0.5"`, each with N entries ≥ 0 summing to 1.
 * @example parseWeights('0.2,0.8;0.5,0.5', 2) // [[0.2, 0.8], [0.5, 0.5]]
 */
export function parseWeights(text: string | undefined, n: number, quick: boolean): number[][] {
  if (text === undefined) return simplexGrid(n, quick ? QUICK_WEIGHT_COUNT : DEFAULT_WEIGHT_COUNT);
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const k = Number(t);
    if (k < 2 || k > MAX_WEIGHT_VECTORS)
      throw new CliError('--weights', text, `a count from 2 to ${MAX_WEIGHT_VECTORS}, or vectors like "0.2,0.8;0.5,0.5"`);
    return simplexGrid(n, k);
  }
  const vectors = t.split(';').map((part, i) => {
    const w = part.split(',').map((x) => numberIn('weights', text, x));
    if (w.length !== n) throw new CliError('--weights', text, `vector ${i + 1} has ${w.length} entries, there are ${n} objectives`);
    if (w.some((x) => x < 0)) throw new CliError('--weights', text, `vector ${i + 1} has a negative entry`);
    // The trainer's rule for MORLHF weights, applied here so a bad vector stops the sweep before any run.
    if (objectiveWeightsError(w, n) !== null) {
      throw new CliError('--weights', text, `vector ${i + 1} sums to ${w.reduce((s, x) => s + x, 0)}, not 1`);
    }
    return w;
  });
  if (vectors.length > MAX_WEIGHT_VECTORS)
    throw new CliError('--weights', `${vectors.length} vectors`, `at most ${MAX_WEIGHT_VECTORS} vectors`);
  const seen = new Set(vectors.map((w) => w.join(',')));
  if (seen.size !== vectors.length) throw new CliError('--weights', text, 'a vector is repeated');
  return vectors;
}

/** `--methods morlhf,pama-pref,pama,mgda-ub` (default: all four). */
export function parseSweepMethods(text: string | undefined): SweepMethod[] {
  if (text === undefined) return [...SWEEP_METHODS];
  const list = text.split(',').map((s) => s.trim());
  for (const m of list) {
    if (!(SWEEP_METHODS as readonly string[]).includes(m))
      throw new CliError('--methods', text, `${renderValue(m)} is not one of ${SWEEP_METHODS.join(', ')}`);
  }
  if (new Set(list).size !== list.length) throw new CliError('--methods', text, 'a method is repeated');
  return list as SweepMethod[];
}

/**
 * The largest magnitude of a reference entry: with scores bounded alike (MAX_ABS_SCORE in objectives/in-flight.ts), the
 * hypervolume of up to 8 objectives stays far inside float64's range.
 */
export const MAX_ABS_REFERENCE = 1e15;

/** `--reference "a,b"`: the hypervolume reference point, one finite number per objective, checked before any training. */
export function parseReference(text: string | undefined, n: number): number[] | null {
  if (text === undefined) return null;
  const r = text.split(',').map((x) => numberIn('reference', text, x));
  if (r.length !== n) throw new CliError('--reference', text, `${r.length} entries, there are ${n} objectives`);
  const bad = r.findIndex((x) => !(Math.abs(x) <= MAX_ABS_REFERENCE));
  if (bad >= 0) throw new CliError('--reference', text, `entry ${bad + 1} is not a finite number from -1e15 to 1e15`);
  return r;
}
