// Adam with global gradient-norm clipping and fully explicit state. tfjs's own Adam rebuilds its bias
// correction on restore as pow(β, t+1) while a continuous run accumulates it by repeated float32
// products, so a resumed run drifts in the last bits; here the bias corrections are computed in
// float64 from the step count, identically in both cases, so resume is exact.
import * as tf from '@tensorflow/tfjs-core';
import { tuneWasmKernels } from '../backends/wasm-kernel-tuning.js';
import { TrainingError, requireFinite } from './training-error.js';

/** Options of {@link createClippedAdam}. */
export interface AdamOptions {
  readonly learningRate: number;
  /** First-moment decay (default 0.9). */
  readonly beta1?: number;
  /** Second-moment decay (default 0.999). */
  readonly beta2?: number;
  /** Denominator floor (default 1e-8). */
  readonly epsilon?: number;
  /** Global L2 norm the gradients are clipped to; Infinity or undefined disables clipping. */
  readonly maxGradNorm?: number;
}

/** An optimizer's whole state, for a checkpoint. */
export interface AdamState {
  /** Updates applied so far. */
  readonly step: number;
  /** First and second moments per variable, in the order of the variables the optimizer was built with (names without their scope prefix). */
  readonly moments: ReadonlyArray<{ readonly name: string; readonly m: Float32Array; readonly v: Float32Array }>;
}

/** Adam with global gradient-norm clipping; its state restores exactly. */
export interface ClippedAdam {
  /** Updates applied so far. */
  readonly step: number;
  /** Clips the gradients to the global norm, applies one Adam update; resolves to the norm before clipping. */
  apply(gradients: readonly tf.Tensor[]): Promise<number>;
  /** The state to checkpoint (reads the moments off the device). */
  getState(): Promise<AdamState>;
  /** Restores a checkpointed state; throws when it does not fit the variables. */
  setState(state: AdamState): void;
  /** Frees the moment tensors. */
  dispose(): void;
}

/**
 * A variable's name without its first path segment: models prefix their variables with a
 * process-dependent scope (so two models can coexist), which must not tie a checkpoint to a process.
 *
 * @example
 * stableVariableName('pvm3/block0/attention.query'); // 'block0/attention.query'
 */
export function stableVariableName(name: string): string {
  const slash = name.indexOf('/');
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/**
 * An Adam optimizer over `variables` that clips the gradients to a global L2 norm first. Bias
 * corrections are computed in float64 from the step count, so a restored run continues bit for bit.
 *
 * @example
 * const w = tf.variable(tf.tensor1d([1, 1]), true, 'w');
 * const adam = createClippedAdam([w], { learningRate: 0.1, maxGradNorm: 1 });
 * const normBeforeClipping = await adam.apply([tf.tensor1d([3, 4])]); // gradients in the variables' order
 * normBeforeClipping; // 5
 */
export function createClippedAdam(variables: readonly tf.Variable[], options: AdamOptions): ClippedAdam {
  const lr = requireFinite('learningRate', options.learningRate);
  if (lr <= 0) throw new TrainingError('learningRate', lr, 'must be > 0');
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const maxNorm = options.maxGradNorm ?? Infinity;
  if (!(maxNorm > 0)) throw new TrainingError('maxGradNorm', maxNorm, 'must be > 0');
  // All variables' moments live in two flat vectors, and one update runs over all parameters at once
  // (their values concatenated, then split back): a few dozen kernels per step instead of a dozen per
  // variable, which at small sizes costs more in per-kernel overhead than the copies.
  tuneWasmKernels();
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const m = tf.variable(tf.zeros([total]), false);
  const s = tf.variable(tf.zeros([total]), false);
  const flatten = (xs: readonly tf.Tensor[]): tf.Tensor1D =>
    (xs.length === 1 ? tf.reshape(xs[0], [total]) : tf.concat(xs.map((x) => tf.reshape(x, [x.size])))) as tf.Tensor1D;
  let step = 0;

  return {
    get step() {
      return step;
    },
    async apply(gradients: readonly tf.Tensor[]): Promise<number> {
      if (gradients.length !== variables.length) {
        throw new TrainingError('gradients.length', gradients.length, `must equal ${variables.length}`);
      }
      const g = tf.tidy(() => flatten(gradients));
      let scale: number;
      let norm: number;
      try {
        const normSquaredTensor = tf.tidy(() => tf.sum(tf.square(g)));
        // GPU→CPU read: the clipping scale and the finiteness check are decided in JavaScript.
        const normSquared = (await normSquaredTensor.data())[0];
        normSquaredTensor.dispose();
        norm = Math.sqrt(normSquared);
        if (!Number.isFinite(norm)) throw new TrainingError('gradientNorm', norm, 'gradients must be finite');
        scale = Number.isFinite(maxNorm) && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
      } catch (error) {
        g.dispose();
        throw error;
      }
      step++;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      // The clipping scale and the bias corrections are folded into scalar coefficients:
      // m' = β1·m + (1−β1)·scale·g, s' = β2·s + (1−β2)·scale²·g²,
      // x' = x − (lr·√c2/c1)·m' / (√s' + ε·√c2), which is lr·(m'/c1)/(√(s'/c2) + ε) rearranged.
      const stepSize = (lr * Math.sqrt(correction2)) / correction1;
      const epsilonHat = epsilon * Math.sqrt(correction2);
      tf.tidy(() => {
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, (1 - beta1) * scale));
        const sNew = tf.add(tf.mul(s, beta2), tf.mul(tf.square(g), (1 - beta2) * scale * scale));
        m.assign(mNew);
        s.assign(sNew);
        const updated = tf.sub(flatten(variables), tf.div(tf.mul(mNew, stepSize), tf.add(tf.sqrt(sNew), epsilonHat)));
        // One slice per variable rather than tf.split: the wasm backend's SplitV copies its whole
        // input once per part (see backends/wasm-kernel-tuning.ts for the Slice that does not).
        let offset = 0;
        variables.forEach((v, k) => {
          v.assign(tf.reshape(variables.length === 1 ? updated : tf.slice(updated, [offset], [sizes[k]]), v.shape));
          offset += sizes[k];
        });
      });
      g.dispose();
      return norm;
    },
    async getState(): Promise<AdamState> {
      const stepAtRead = step;
      // GPU→CPU read: checkpoints hold the moments as plain data, per variable.
      const [mData, sData] = (await Promise.all([m.data(), s.data()])) as Float32Array[];
      let offset = 0;
      return {
        step: stepAtRead,
        moments: variables.map((v, k) => {
          const part = {
            name: stableVariableName(v.name),
            m: mData.slice(offset, offset + sizes[k]),
            v: sData.slice(offset, offset + sizes[k]),
          };
          offset += sizes[k];
          return part;
        }),
      };
    },
    setState(state: AdamState) {
      if (!Number.isInteger(state?.step) || state.step < 0) {
        throw new TrainingError('optimizer.step', state?.step, 'must be a non-negative integer');
      }
      if (!Array.isArray(state.moments) || state.moments.length !== variables.length) {
        throw new TrainingError('optimizer.moments.length', state.moments?.length, `must equal ${variables.length}`);
      }
      state.moments.forEach((entry, k) => {
        const expected = stableVariableName(variables[k].name);
        if (entry.name !== expected) {
          throw new TrainingError(`optimizer.moments[${k}].name`, entry.name, `must be ${expected}`);
        }
        if (entry.m.length !== variables[k].size || entry.v.length !== variables[k].size) {
          throw new TrainingError(`optimizer.moments[${k}].size`, entry.m.length, `must equal ${variables[k].size}`);
        }
      });
      const mData = new Float32Array(total);
      const sData = new Float32Array(total);
      let offset = 0;
      state.moments.forEach((entry, k) => {
        mData.set(entry.m, offset);
        sData.set(entry.v, offset);
        offset += sizes[k];
      });
      tf.tidy(() => {
        m.assign(tf.tensor1d(mData));
        s.assign(tf.tensor1d(sData));
      });
      step = state.step;
    },
    dispose() {
      m.dispose();
      s.dispose();
    },
  };
}
