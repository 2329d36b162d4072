import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minNormElement, paretoStationarity } from '../src/index.js';
import { unwrap } from './unwrap.js';

/** f(x) = ½ (x − x*)ᵀ A (x − x*), A symmetric positive definite; objectives are minimised. */
interface Quadratic {
  readonly a: number[][];
  readonly center: number[];
}

const value = (q: Quadratic, x: readonly number[]) => {
  let s = 0;
  for (let r = 0; r < x.length; r++) for (let c = 0; c < x.length; c++) s += (x[r] - q.center[r]) * q.a[r][c] * (x[c] - q.center[c]);
  return s / 2;
};
const gradient = (q: Quadratic, x: readonly number[]) => q.a.map((row) => row.reduce((s, v, c) => s + v * (x[c] - q.center[c]), 0));

/** Frobenius norm ≥ spectral norm: a valid gradient-Lipschitz constant for f. */
const frobenius = (a: number[][]) => Math.sqrt(a.reduce((s, row) => s + row.reduce((t, v) => t + v * v, 0), 0));

const quadratic = (d: number) =>
  fc
    .record({
      b: fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }), { minLength: d, maxLength: d }),
      mu: fc.double({ min: 0.1, max: 1, noNaN: true }),
      center: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d }),
    })
    .map(
      ({ b, mu, center }): Quadratic => ({
        // A = BᵀB + μI
        a: b.map((_, r) => b.map((__, c) => b.reduce((s, row) => s + row[r] * row[c], 0) + (r === c ? mu : 0))),
        center,
      }),
    );

const problem = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.record({
    objectives: fc.array(quadratic(d), { minLength: 2, maxLength: 4 }),
    start: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
  }),
);

const minNormStep = (objectives: readonly Quadratic[], x: readonly number[]) => {
  const grads = objectives.map((q) => gradient(q, x));
  const sol = unwrap(minNormElement(grads));
  const w = x.map((_, k) => grads.reduce((s, g, i) => s + sol.weights[i] * g[k], 0));
  return { w, gap: sol.frankWolfeGap, grads };
};

describe("Theorem 2's conditions on generated convex quadratics", () => {
  it('for κ-smooth convex quadratics (κ = max Frobenius norm) and 0 < η ≤ 2/κ: one step along the min-norm direction increases no objective by more than η·frankWolfeGap + rounding', () => {
    fc.assert(
      fc.property(problem, fc.double({ min: 0.01, max: 1, noNaN: true }), ({ objectives, start }, fraction) => {
        const kappa = Math.max(...objectives.map((q) => frobenius(q.a)));
        const eta = (fraction * 2) / kappa;
        const { w, gap } = minNormStep(objectives, start);
        const next = start.map((x, k) => x - eta * w[k]);
        for (const q of objectives) {
          const before = value(q, start);
          expect(value(q, next)).toBeLessThanOrEqual(before + eta * gap + 1e-12 * (1 + before));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for κ-smooth convex quadratics and η = 1/κ: the iterates never increase any objective and end certified ε-Pareto-stationary (ε = 1e-2) within the 2κ·f_1(x₀)/ε² steps the descent bound allows', () => {
    const epsilon = 1e-2;
    fc.assert(
      fc.property(problem, ({ objectives, start }) => {
        const kappa = Math.max(...objectives.map((q) => frobenius(q.a)));
        const eta = 1 / kappa;
        const budget = Math.ceil((2 * kappa * value(objectives[0], start)) / (epsilon * epsilon)) + 1;
        let x = start;
        for (let step = 0; step <= budget; step++) {
          const grads = objectives.map((q) => gradient(q, x));
          const check = unwrap(paretoStationarity(grads, { tolerance: epsilon }));
          if (check.stationary) {
            expect(check.norm).toBeLessThanOrEqual(epsilon);
            return;
          }
          const { w, gap } = minNormStep(objectives, x);
          const next = x.map((v, k) => v - eta * w[k]);
          for (const q of objectives) {
            const before = value(q, x);
            expect(value(q, next)).toBeLessThanOrEqual(before + eta * gap + 1e-12 * (1 + before));
          }
          x = next;
        }
        expect.fail(`not ε-stationary after ${budget} steps`);
      }),
      { numRuns: 60 },
    );
  });

  it('for isotropic quadratics κ·½‖x − x_i‖² at a non-stationary point and η ∈ [2.5/κ, 6/κ] (well above 2/κ): some objective strictly increases after one min-norm step — the step-size condition matters', () => {
    const isotropic = fc.integer({ min: 1, max: 4 }).chain((d) => {
      const point = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d });
      return fc.record({
        kappa: fc.double({ min: 0.1, max: 10, noNaN: true }),
        centers: fc.array(point, { minLength: 1, maxLength: 4 }),
        start: point,
        factor: fc.double({ min: 2.5, max: 6, noNaN: true }),
      });
    });
    fc.assert(
      fc.property(isotropic, ({ kappa, centers, start, factor }) => {
        const objectives = centers.map((center) => ({ center, a: center.map((_, r) => center.map((__, c) => (r === c ? kappa : 0))) }));
        const { w } = minNormStep(objectives, start);
        const wNorm2 = w.reduce((s, v) => s + v * v, 0);
        fc.pre(wNorm2 > 1e-6);
        const eta = factor / kappa;
        const next = start.map((x, k) => x - eta * w[k]);
        const worst = Math.max(...objectives.map((q) => value(q, next) - value(q, start)));
        // Theory: an active objective changes by η‖w‖²(κη/2 − 1) ≥ 0.25·η‖w‖² > 0.
        expect(worst).toBeGreaterThan(0.2 * eta * wNorm2);
      }),
      { numRuns: 200 },
    );
  });

  it('for a single κ-smooth quadratic and η = 3/κ: gradient steps diverge (the objective grows 4× per step) and never become ε-stationary', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), (kappa, x0) => {
        const q = { a: [[kappa]], center: [0] };
        let x = [x0];
        for (let step = 0; step < 20; step++) {
          const check = unwrap(paretoStationarity([gradient(q, x)], { tolerance: 1e-2 }));
          expect(check.stationary).toBe(false);
          const before = value(q, x);
          x = [x[0] - (3 / kappa) * gradient(q, x)[0]];
          expect(Math.abs(value(q, x) - 4 * before)).toBeLessThanOrEqual(1e-12 * before);
        }
      }),
      { numRuns: 50 },
    );
  });
});
