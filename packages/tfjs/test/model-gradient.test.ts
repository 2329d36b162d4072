// Finite-difference check of the transformer's and value heads' gradients (CPU backend, float32).
//
// Step and tolerance: the objective is a fixed random linear functional of all logits and values,
// f = Σ logits·R1 + Σ values·R2, summed in float64 from the float32 outputs. Its float32 rounding
// noise is about 1e-6 relative, so a central difference with step h has round-off error near
// 1e-6·|f|/h and truncation error O(h²·f'''). h = 1e-2 on weights of scale 0.3 balances the two
// (≈1e-4 each here). We divide by the step actually taken in float32 (fround(w ± h)), and accept
// |g_autodiff − g_fd| ≤ 2e-3 + 2e-2·|g_fd|: far tighter than any real error (a dropped term, a
// transposed weight, a wrong scale) which shows up at the size of the gradient itself.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPolicyValueModel, createRng, nextStandardNormal } from '../src/index.js';
import { randomiseWeights, randomTokens, TINY_CONFIG, useCpuBackend } from './model-fixtures.js';

beforeAll(useCpuBackend);

const STEP = 1e-2;
const ABS_TOL = 2e-3;
const REL_TOL = 2e-2;
const SAMPLES_PER_VARIABLE = 4;

describe('gradient check', () => {
  it('tf.variableGrads matches central differences on sampled entries of every variable', () => {
    const config = { ...TINY_CONFIG, contextLength: 6 };
    const model = createPolicyValueModel(config, { seed: 51 });
    randomiseWeights(model, 52);
    const batch = 2;
    const length = 6;
    const tokenRows = randomTokens(batch, length, config.vocabSize, 53);
    tokenRows[1][4] = tokenRows[0][1]; // a repeated id: its embedding gradient is a sum over positions
    const usedIds = [...new Set(tokenRows.flat())];
    const tokens = tf.tensor2d(tokenRows, undefined, 'int32');
    const rng = createRng(54);
    const draw = (n: number): Float32Array => Float32Array.from({ length: n }, () => nextStandardNormal(rng));
    const r1 = tf.tensor3d(draw(batch * length * config.vocabSize), [batch, length, config.vocabSize]);
    const r2 = tf.tensor3d(draw(batch * length * config.nValueHeads), [batch, length, config.nValueHeads]);

    const objective = (): tf.Scalar => {
      const out = model.forward(tokens);
      return tf.add(tf.sum(tf.mul(out.logits, r1)), tf.sum(tf.mul(out.values, r2)));
    };
    const objectiveIn64 = (): number =>
      tf.tidy(() => {
        const out = model.forward(tokens);
        const logits = out.logits.dataSync();
        const values = out.values.dataSync();
        const w1 = r1.dataSync();
        const w2 = r2.dataSync();
        let f = 0;
        for (let i = 0; i < logits.length; i++) f += logits[i] * w1[i];
        for (let i = 0; i < values.length; i++) f += values[i] * w2[i];
        return f;
      });

    const { grads } = tf.variableGrads(objective, model.trainableVariables as tf.Variable[]);
    let checked = 0;
    let worst = 0;
    for (const variable of model.trainableVariables) {
      const grad = grads[variable.name].dataSync();
      const original = Float32Array.from(variable.dataSync() as Float32Array);
      for (let s = 0; s < SAMPLES_PER_VARIABLE; s++) {
        // Token-embedding rows of unused ids have zero gradient both ways: sample used rows only.
        const index = variable.name.endsWith('embedding.token')
          ? usedIds[rng.nextUint32() % usedIds.length] * config.dModel + (rng.nextUint32() % config.dModel)
          : rng.nextUint32() % original.length;
        const w = original[index];
        const plus = Math.fround(w + STEP);
        const minus = Math.fround(w - STEP);
        const evaluate = (value: number): number => {
          const data = Float32Array.from(original);
          data[index] = value;
          tf.tidy(() => variable.assign(tf.tensor(data, variable.shape)));
          return objectiveIn64();
        };
        const fd = (evaluate(plus) - evaluate(minus)) / (plus - minus);
        tf.tidy(() => variable.assign(tf.tensor(original, variable.shape)));
        const error = Math.abs(grad[index] - fd);
        worst = Math.max(worst, error / (ABS_TOL + REL_TOL * Math.abs(fd)));
        expect(error, `${variable.name}[${index}]: autodiff ${grad[index]} vs finite difference ${fd}`).toBeLessThanOrEqual(
          ABS_TOL + REL_TOL * Math.abs(fd),
        );
        checked++;
      }
    }
    expect(checked).toBe(model.trainableVariables.length * SAMPLES_PER_VARIABLE);
    // The check is not vacuous: gradients are non-trivial in size.
    const norms = model.trainableVariables.map((v) => tf.tidy(() => tf.norm(grads[v.name]).dataSync()[0]));
    expect(norms.every((n) => n > 1e-3)).toBe(true);
    console.log(`gradient check: ${checked} entries, worst error / tolerance = ${worst.toFixed(3)}`);
    tf.dispose([tokens, r1, r2, ...Object.values(grads)]);
    model.dispose();
  });
});
