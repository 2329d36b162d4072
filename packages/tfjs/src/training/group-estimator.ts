// The critic-free estimator (TrainerOptions.estimator = 'group'), as GRPO and TRL's GRPOTrainer do it:
// the batch holds B/G prompts, each answered G times in consecutive rows; objective i's advantage of
// response b is its sequence reward minus the mean over b's group, the same at every response token,
// then (in the combiner's prepare) scaled per TRL's `scale_rewards`: by the group's standard deviation
// ('group'), the batch's ('batch', here of the group-centred values), or not at all ('none'). No value
// head is read or trained. A missing reward (NaN) takes no part in its group's statistics and gets
// advantage 0; a response whose rewards are all missing gets advantage 0 everywhere.
import { TrainingError } from './training-error.js';

/** How group-relative advantages are scaled (TRL's `scale_rewards`). */
export type GroupScale = 'group' | 'batch' | 'none';
/** Every {@link GroupScale}. */
export const GROUP_SCALES: readonly GroupScale[] = ['group', 'batch', 'none'];
/** Advantage estimators: per-objective GAE with N value heads, or group-relative without a critic. */
export type Estimator = 'gae' | 'group';
/** Every {@link Estimator}. */
export const ESTIMATORS: readonly Estimator[] = ['gae', 'group'];

/** TRL's guard against a zero standard deviation: x / (std + 1e-4). */
const STD_EPSILON = 1e-4;

/** Input of {@link groupAdvantages}. */
export interface GroupAdvantageInput {
  /** Sequence rewards B×N row-major (NaN = missing). */
  readonly rewards: ArrayLike<number>;
  /** B×T response mask. */
  readonly mask: ArrayLike<number>;
  readonly batchSize: number;
  readonly length: number;
  readonly nObjectives: number;
  /** G: responses per prompt, consecutive rows; must divide the batch. */
  readonly groupSize: number;
  readonly scale: GroupScale;
}

/** Output of {@link groupAdvantages}. */
export interface GroupAdvantages {
  /** Group-centred advantages B×T×N, the same at every valid token of a response; 0 where missing or masked. */
  readonly raw: Float32Array;
  /** The scaling of a B×T×n stream made from `raw` (the combiner's normalise). */
  readonly normalise: (values: Float32Array, n: number) => Float32Array;
  /** The mean factor `normalise` applies to the objectives (reward units → advantage units). */
  readonly rewardScale: number;
}

/** Sample standard deviation (n − 1, as torch.std) of xs; 0 for fewer than two. */
function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (xs.length - 1));
}

/**
 * Group-relative per-objective advantages and their scaling.
 *
 * @example
 * const { raw } = groupAdvantages({ rewards: [1, 3], mask: [1, 1], batchSize: 2, length: 1, nObjectives: 1, groupSize: 2, scale: 'none' });
 * // raw = Float32Array [-1, 1]
 */
export function groupAdvantages(input: GroupAdvantageInput): GroupAdvantages {
  const { batchSize: B, length: T, nObjectives: N, groupSize: G, mask } = input;
  if (!Number.isInteger(G) || G < 1 || B % G !== 0) {
    throw new TrainingError('groupSize', G, `must be a positive integer dividing the batch size ${B}`);
  }
  const present = new Uint8Array(B * N);
  const centred = new Float64Array(B * N);
  for (let g = 0; g < B; g += G) {
    for (let i = 0; i < N; i++) {
      let sum = 0;
      let count = 0;
      for (let b = g; b < g + G; b++) {
        const r = input.rewards[b * N + i];
        if (Number.isNaN(r)) continue;
        if (!Number.isFinite(r)) throw new TrainingError(`rewards[${b * N + i}]`, r, 'must be finite (NaN marks a missing reward)');
        sum += r;
        count++;
      }
      for (let b = g; b < g + G; b++) {
        const r = input.rewards[b * N + i];
        if (Number.isNaN(r)) continue;
        present[b * N + i] = 1;
        centred[b * N + i] = r - sum / count;
      }
    }
  }
  const raw = broadcast(centred, mask, B, T, N);
  const responsePresent = (b: number, n: number, j: number): boolean => {
    if (n === N) return present[b * N + j] === 1;
    for (let i = 0; i < N; i++) if (present[b * N + i] === 1) return true;
    return false;
  };
  const normalise = (values: Float32Array, n: number): Float32Array => {
    if (input.scale === 'none') return values;
    const factors = scaleFactors(values, mask, B, T, n, G, input.scale, responsePresent);
    const out = new Float32Array(values.length);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        if (mask[b * T + t] === 0) continue;
        for (let j = 0; j < n; j++) out[(b * T + t) * n + j] = values[(b * T + t) * n + j] * factors[b * n + j];
      }
    }
    return out;
  };
  let rewardScale = 1;
  if (input.scale !== 'none') {
    const factors = scaleFactors(raw, mask, B, T, N, G, input.scale, responsePresent);
    rewardScale = factors.reduce((a, x) => a + x, 0) / factors.length;
  }
  return { raw, normalise, rewardScale };
}

/** Per response and column, the factor 1 / (std + 1e-4) of its group's (or the batch's) present responses. */
function scaleFactors(
  values: Float32Array,
  mask: ArrayLike<number>,
  B: number,
  T: number,
  n: number,
  G: number,
  scale: 'group' | 'batch',
  present: (b: number, n: number, j: number) => boolean,
): Float64Array {
  const first = firstValid(mask, B, T);
  const span = scale === 'group' ? G : B;
  const factors = new Float64Array(B * n);
  for (let g = 0; g < B; g += span) {
    for (let j = 0; j < n; j++) {
      const xs: number[] = [];
      for (let b = g; b < g + span; b++) if (first[b] >= 0 && present(b, n, j)) xs.push(values[(b * T + first[b]) * n + j]);
      const factor = 1 / (sampleStd(xs) + STD_EPSILON);
      for (let b = g; b < g + span; b++) factors[b * n + j] = factor;
    }
  }
  return factors;
}

function firstValid(mask: ArrayLike<number>, B: number, T: number): Int32Array {
  const out = new Int32Array(B).fill(-1);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      if (mask[b * T + t] !== 0) {
        out[b] = t;
        break;
      }
    }
  }
  return out;
}

/** B×N per-response values at every valid token of the response: B×T×N. */
function broadcast(perResponse: Float64Array, mask: ArrayLike<number>, B: number, T: number, N: number): Float32Array {
  const out = new Float32Array(B * T * N);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      if (mask[b * T + t] === 0) continue;
      for (let i = 0; i < N; i++) out[(b * T + t) * N + i] = perResponse[b * N + i];
    }
  }
  return out;
}
