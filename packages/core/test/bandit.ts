// Multi-objective bandits with a softmax policy and exact expected gradients.
//
// Mapping to noonPpoCombine: one episode is one decision, so the whole distribution over the K
// arms is one "response" of K tokens (B = 1, T = K), token k carrying the π-weighted advantage
// π_k·A^i_k with A^i_k = r_i(k) − E_π r_i. Then ∇_θ E_π r_i = π ⊙ A^i is exactly objective i's
// token vector, and a combined advantage ŝ (already π-weighted) gives the exact expected
// policy-gradient direction d = Σ_k ŝ_k (e_k − π) = ŝ − π·Σ_k ŝ_k. With B = 1, `sample` and
// `batch` coincide. Ratios are absent (on-policy, u = 1), so nothing is clipped.
import { noonPpoCombine, paretoStationarity, type Granularity } from '../src/index.js';
import { unwrap } from './unwrap.js';

export interface Bandit {
  /** rewards[i][k]: objective i's reward for arm k (maximised). */
  readonly rewards: readonly (readonly number[])[];
}

export const softmax = (theta: readonly number[]): number[] => {
  const top = Math.max(...theta);
  const e = theta.map((t) => Math.exp(t - top));
  const z = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / z);
};

export const gradients = (bandit: Bandit, pi: readonly number[]): number[][] =>
  bandit.rewards.map((r) => {
    const mean = r.reduce((s, x, k) => s + pi[k] * x, 0);
    return r.map((x, k) => pi[k] * (x - mean));
  });

export interface AscentOutcome {
  /** Step at which the iterate was certified ε-Pareto-stationary, or -1. */
  readonly stationaryAt: number;
  /** Step at which the combined direction was exactly 0 short of stationarity, or -1. */
  readonly stalledAt: number;
  /** Min-norm of the true gradients at the last iterate. */
  readonly finalNorm: number;
  readonly theta: number[];
}

export const ascend = (
  bandit: Bandit,
  granularity: Granularity,
  options: { noon: boolean; steps: number; eta: number; epsilon: number; theta0?: readonly number[] },
): AscentOutcome => {
  const K = bandit.rewards[0].length;
  const N = bandit.rewards.length;
  let theta = options.theta0 ? [...options.theta0] : new Array<number>(K).fill(0);
  let finalNorm = Infinity;
  for (let step = 0; step <= options.steps; step++) {
    const pi = softmax(theta);
    const grads = gradients(bandit, pi);
    const check = unwrap(paretoStationarity(grads, { tolerance: options.epsilon }));
    finalNorm = check.norm;
    if (check.stationary) return { stationaryAt: step, stalledAt: -1, finalNorm, theta };
    if (step === options.steps) break;
    const data = new Float64Array(K * N);
    for (let k = 0; k < K; k++) for (let i = 0; i < N; i++) data[k * N + i] = grads[i][k];
    const { combined } = unwrap(
      noonPpoCombine({ advantages: { data, shape: [1, K, N] }, clipEpsilon: 0.2, granularity, noon: options.noon }),
    );
    const total = combined.reduce((s, x) => s + x, 0);
    const direction = Array.from(combined, (s, k) => s - pi[k] * total);
    if (direction.every((x) => x === 0)) return { stationaryAt: -1, stalledAt: step, finalNorm, theta };
    theta = theta.map((t, k) => t + options.eta * direction[k]);
  }
  return { stationaryAt: -1, stalledAt: -1, finalNorm, theta };
};
