import { describe, expect, it } from 'vitest';
import { klPenalisedTokenRewards } from '../src/training/token-rewards.js';
import { TrainingError } from '../src/training/training-error.js';

describe('klPenalisedTokenRewards', () => {
  it('puts −β·(logπ_old − logπ_ref) on every valid token and R_i on the last one (hand-worked)', () => {
    // kl = [0.5, −1, ·]; β = 0.1 → −0.05 and +0.1; scores (2, −1) land on t = 1, the last valid token.
    const out = klPenalisedTokenRewards({
      logProbsOld: [-1, -2, -3],
      logProbsRef: [-1.5, -1, -3],
      mask: [1, 1, 0],
      scores: [2, -1],
      batchSize: 1,
      length: 3,
      nObjectives: 2,
      beta: 0.1,
    });
    expect(Array.from(out)).toEqual(Array.from(new Float32Array([-0.05, -0.05, 2.1, -0.9, 0, 0])));
  });

  it('handles rows of different lengths independently', () => {
    const out = klPenalisedTokenRewards({
      logProbsOld: [0, 0, 0, 0],
      logProbsRef: [0, 0, 0, 0],
      mask: [1, 0, 1, 1],
      scores: [3, 5],
      batchSize: 2,
      length: 2,
      nObjectives: 1,
      beta: 0.5,
    });
    expect(Array.from(out)).toEqual([3, 0, 0, 5]);
  });

  it('rejects a NaN score, naming its row and objective', () => {
    const call = () =>
      klPenalisedTokenRewards({
        logProbsOld: [0],
        logProbsRef: [0],
        mask: [1],
        scores: [Number.NaN],
        batchSize: 1,
        length: 1,
        nObjectives: 1,
        beta: 0.1,
      });
    expect(call).toThrow(TrainingError);
    expect(call).toThrow(/scores\[0\]/);
  });

  it('rejects a negative β and a row with no response tokens', () => {
    const base = { logProbsOld: [0], logProbsRef: [0], scores: [1], batchSize: 1, length: 1, nObjectives: 1 };
    expect(() => klPenalisedTokenRewards({ ...base, mask: [1], beta: -1 })).toThrow(/beta/);
    expect(() => klPenalisedTokenRewards({ ...base, mask: [0], beta: 0.1 })).toThrow(/mask\[row 0\]/);
  });
});
