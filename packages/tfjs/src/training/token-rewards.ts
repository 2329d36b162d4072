// Per-objective KL-penalised token rewards (docs/design.md §2.1):
//   r^i_t = −β·(log π_old(a_t|s_t) − log π_ref(a_t|s_t)) + [t is the last response token]·R_i(x, y).
import { TrainingError, requireAllFinite, requireFinite, requireLength } from './training-error.js';

/** Input of {@link klPenalisedTokenRewards}. */
export interface TokenRewardInput {
  /** log π_old of each response token, B×T row-major. */
  readonly logProbsOld: ArrayLike<number>;
  /** log π_ref of each response token, B×T row-major. */
  readonly logProbsRef: ArrayLike<number>;
  /** 1 for response tokens, 0 for padding, B×T row-major. */
  readonly mask: ArrayLike<number>;
  /** Sequence-level scores R_i, B×N row-major. */
  readonly scores: ArrayLike<number>;
  readonly batchSize: number;
  readonly length: number;
  readonly nObjectives: number;
  /** KL coefficient β ≥ 0. */
  readonly beta: number;
}

/**
 * Index of the last valid position of row b, or −1 when the row has none.
 *
 * @example
 * lastValidIndex([1, 1, 0, 1, 1, 1], 0, 3); // 1 (row 0 is [1, 1, 0])
 */
export function lastValidIndex(mask: ArrayLike<number>, b: number, length: number): number {
  for (let t = length - 1; t >= 0; t--) if (mask[b * length + t] !== 0) return t;
  return -1;
}

/**
 * Returns B×T×N token rewards: −β·(log π_old − log π_ref) at every response token, plus R_i at
 * the last one; padded positions hold 0.
 *
 * @example
 * klPenalisedTokenRewards({ logProbsOld: [-1, -2], logProbsRef: [-1, -1], mask: [1, 1], scores: [0.5], batchSize: 1, length: 2, nObjectives: 1, beta: 0.1 });
 * // Float32Array [0, 0.6]: the last token gets −0.1·(−2 − (−1)) + 0.5
 */
export function klPenalisedTokenRewards(input: TokenRewardInput): Float32Array {
  const { batchSize: B, length: T, nObjectives: N } = input;
  const beta = requireFinite('beta', input.beta);
  if (beta < 0) throw new TrainingError('beta', beta, 'must be ≥ 0');
  requireLength('logProbsOld', input.logProbsOld, B * T);
  requireLength('logProbsRef', input.logProbsRef, B * T);
  requireLength('mask', input.mask, B * T);
  requireLength('scores', input.scores, B * N);
  requireAllFinite('scores', input.scores);
  const out = new Float32Array(B * T * N);
  for (let b = 0; b < B; b++) {
    const last = lastValidIndex(input.mask, b, T);
    if (last < 0) throw new TrainingError(`mask[row ${b}]`, 0, 'a response needs at least one valid token');
    for (let t = 0; t < T; t++) {
      const k = b * T + t;
      if (input.mask[k] === 0) continue;
      const kl = input.logProbsOld[k] - input.logProbsRef[k];
      if (!Number.isFinite(kl)) throw new TrainingError(`logProbs[${k}]`, kl, 'log-probability difference must be finite');
      for (let i = 0; i < N; i++) {
        out[k * N + i] = -beta * kl + (t === last ? input.scores[b * N + i] : 0);
      }
    }
  }
  return out;
}
