import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noonPpoCombine, paretoStationarity, type Granularity } from '../src/index.js';
import { ascend, gradients, softmax, type Bandit } from './bandit.js';
import { unwrap } from './unwrap.js';

// Rewards on a grid of quarters in [0, 1]: ties and exact dominance occur often, as they do in
// practice, and shrunk counterexamples stay readable.
const banditArb = (maxK = 5, maxN = 3): fc.Arbitrary<Bandit> =>
  fc.integer({ min: 2, max: maxK }).chain((K) =>
    fc.integer({ min: 2, max: maxN }).chain((N) =>
      fc.record({
        rewards: fc.array(
          fc.array(
            fc.integer({ min: 0, max: 4 }).map((x) => x / 4),
            { minLength: K, maxLength: K },
          ),
          { minLength: N, maxLength: N },
        ),
      }),
    ),
  );

const run = { steps: 3000, eta: 0.5, epsilon: 0.02 };

describe('multi-objective softmax bandits, exact expected gradients, ascent per granularity', () => {
  // The ascent properties run 40 seeded bandits each (3000 steps is the costly part); the rates
  // measured over 300 bandits are in the README.
  it('gram without Noon (exact MGDA on the true gradients π ⊙ A^i), η = 0.5: the iterates reach certified ε-Pareto stationarity (ε = 0.02) within 3000 steps', () => {
    fc.assert(
      fc.property(banditArb(), (bandit) => {
        expect(ascend(bandit, 'gram', { ...run, noon: false }).stationaryAt).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40, seed: 2026 },
    );
  });

  for (const g of ['sample', 'batch', 'sample-mix'] as Granularity[]) {
    it(`${g} without Noon, η = 0.5: the iterates reach certified ε-Pareto stationarity (ε = 0.02) within 3000 steps`, () => {
      fc.assert(
        fc.property(banditArb(), (bandit) => {
          expect(ascend(bandit, g, { ...run, noon: false }).stationaryAt).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 40, seed: 2027 },
      );
    });

    it(`${g} with Noon, η = 0.5: the ascent never stalls short of ε-Pareto stationarity (a zero direction only occurs at a stationary point) within 3000 steps`, () => {
      fc.assert(
        fc.property(banditArb(), (bandit) => {
          expect(ascend(bandit, g, { ...run, noon: true }).stalledAt).toBe(-1);
        }),
        { numRuns: 40 },
      );
    });
  }

  it("sample and batch coincide on bandits (one response, B = 1); so does sample-mix, whose consensus is then the one response's weights", () => {
    fc.assert(
      fc.property(banditArb(), (bandit) => {
        const a = ascend(bandit, 'sample', { ...run, steps: 50, noon: true });
        const b = ascend(bandit, 'batch', { ...run, steps: 50, noon: true });
        expect(a.theta).toEqual(b.theta);
        const mix = ascend(bandit, 'sample-mix', { ...run, steps: 50, noon: true });
        mix.theta.forEach((x, k) => expect(x).toBeCloseTo(a.theta[k], 9));
      }),
      { numRuns: 30 },
    );
  });

  it('limitation (shrunk counterexample): batch with Noon zig-zags on rewards [[½,¾,1,1],[0,0,0,¾],[¾,¾,¼,½]] — not ε-stationary after 3000 steps, stationary only after 14 705', () => {
    const bandit = {
      rewards: [
        [0.5, 0.75, 1, 1],
        [0, 0, 0, 0.75],
        [0.75, 0.75, 0.25, 0.5],
      ],
    };
    expect(ascend(bandit, 'batch', { ...run, noon: true }).stationaryAt).toBe(-1);
    expect(ascend(bandit, 'batch', { ...run, steps: 16000, noon: true }).stationaryAt).toBe(14705);
  });

  it('limitation (shrunk counterexample): gram with Noon stalls at the uniform policy of rewards [[½,0,1],[1,1,¼]] — the min-norm mix of the clamped vectors is a constant advantage (a baseline), whose policy gradient is 0 — though the point is certified not ε-stationary', () => {
    const bandit = {
      rewards: [
        [0.5, 0, 1],
        [1, 1, 0.25],
      ],
    };
    const out = ascend(bandit, 'gram', { ...run, noon: true });
    expect(out.stalledAt).toBe(0);
    const check = unwrap(paretoStationarity(gradients(bandit, softmax([0, 0, 0])), { tolerance: run.epsilon }));
    expect(check.certifiedNonStationary).toBe(true);
    expect(check.norm).toBeCloseTo(0.0566, 3);
  });

  it('token with Noon: at any policy where no arm beats the mean in every objective, the combined advantage is all zeros (the ascent stalls there)', () => {
    const state = banditArb().chain((bandit) =>
      fc.record({
        bandit: fc.constant(bandit),
        theta: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
          minLength: bandit.rewards[0].length,
          maxLength: bandit.rewards[0].length,
        }),
      }),
    );
    fc.assert(
      fc.property(state, ({ bandit, theta }) => {
        const pi = softmax(theta);
        const grads = gradients(bandit, pi);
        const K = pi.length;
        const N = grads.length;
        fc.pre(Array.from({ length: K }, (_, k) => grads.some((g) => g[k] <= 0)).every(Boolean));
        const data = new Float64Array(K * N);
        for (let k = 0; k < K; k++) for (let i = 0; i < N; i++) data[k * N + i] = grads[i][k];
        const { combined } = unwrap(noonPpoCombine({ advantages: { data, shape: [1, K, N] }, clipEpsilon: 0.2, granularity: 'token' }));
        expect(combined.every((x) => x === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('limitation (shrunk counterexample): token with Noon stalls at the uniform policy of rewards [[0,0,0,¼],[0,0,0,¼],[0,½,1,0]], which is certified not ε-stationary', () => {
    const bandit = {
      rewards: [
        [0, 0, 0, 0.25],
        [0, 0, 0, 0.25],
        [0, 0.5, 1, 0],
      ],
    };
    const out = ascend(bandit, 'token', { ...run, noon: true });
    expect(out.stalledAt).toBe(0);
    const check = unwrap(paretoStationarity(gradients(bandit, softmax([0, 0, 0, 0])), { tolerance: run.epsilon }));
    expect(check.certifiedNonStationary).toBe(true);
    expect(check.norm).toBeCloseTo(0.0399, 3);
  });

  it('limitation (shrunk counterexample): token without Noon stalls at the uniform policy of rewards [[¼,0,½,¼],[0,¾,0,0],[0,0,0,½]] (every arm has advantages of both signs, so s* = 0 on every token)', () => {
    const bandit = {
      rewards: [
        [0.25, 0, 0.5, 0.25],
        [0, 0.75, 0, 0],
        [0, 0, 0, 0.5],
      ],
    };
    const out = ascend(bandit, 'token', { ...run, noon: false });
    expect(out.stalledAt).toBe(0);
    const check = unwrap(paretoStationarity(gradients(bandit, softmax([0, 0, 0, 0])), { tolerance: run.epsilon }));
    expect(check.certifiedNonStationary).toBe(true);
  });

  it('limitation (shrunk counterexample): gram with Noon on rewards [[0,1,0,1],[0,0,¾,¼]] converges to a policy that is not Pareto stationary — arm 4 dominates arm 2 but both keep equal mass, and the min-norm stays ≈ 0.030', () => {
    const bandit = {
      rewards: [
        [0, 1, 0, 1],
        [0, 0, 0.75, 0.25],
      ],
    };
    const early = ascend(bandit, 'gram', { ...run, steps: 2000, noon: true });
    const late = ascend(bandit, 'gram', { ...run, steps: 8000, noon: true });
    for (const out of [early, late]) {
      expect(out.stationaryAt).toBe(-1);
      expect(out.finalNorm).toBeGreaterThan(0.029);
      const pi = softmax(out.theta);
      // Both arms are below the mean in objective 2, so Noon zeroes what tells them apart.
      expect(pi[1]).toBe(pi[3]);
    }
    expect(Math.abs(late.finalNorm - early.finalNorm)).toBeLessThan(1e-3);
    const check = unwrap(paretoStationarity(gradients(bandit, softmax(late.theta)), { tolerance: run.epsilon }));
    expect(check.certifiedNonStationary).toBe(true);
  });
});
