// Building blocks of the pre-trained decoders (GPT-2, Llama, Qwen2) beyond those the built-in
// transformer already has: RMSNorm, the activations their configs name, rotary position
// embeddings in Hugging Face's rotate-half layout, grouped-query head repetition, and a product
// with a frozen weight that does no gradient work for that weight.
import * as tf from '@tensorflow/tfjs-core';
import { ModelInputError } from './model-errors.js';
import { gelu } from './transformer-layers.js';

/**
 * RMSNorm over the last axis: weight · x / √(mean(x²) + ε) (Llama, Qwen2). The gradient is written
 * out: with r = 1/√(mean(x²) + ε), n = x·r and dn = dy·weight, dx = r·(dn − n·mean(dn·n)) and
 * dweight = Σ dy·n over all but the last axis.
 *
 * @example
 * rmsNorm(tf.ones([1, 2, 4]), tf.ones([4]), 1e-6); // ≈ ones
 */
export function rmsNorm(x: tf.Tensor3D, weight: tf.Tensor1D, epsilon: number): tf.Tensor3D {
  const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, w, save] = args as [tf.Tensor3D, tf.Tensor1D, tf.GradSaveFunc];
    const inverseRms = tf.rsqrt(tf.add(tf.mean(tf.square(input), -1, true), epsilon));
    const normed = tf.mul(input, inverseRms);
    save([normed, inverseRms, w]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [n, r, savedWeight] = saved;
      const dn = tf.mul(dy, savedWeight);
      const dx = tf.mul(tf.sub(dn, tf.mul(n, tf.mean(tf.mul(dn, n), -1, true))), r);
      return [dx, tf.sum(tf.mul(dy, n), [0, 1])];
    };
    return { value: tf.mul(normed, w), gradFunc };
  });
  return normalise(x, weight) as tf.Tensor3D;
}

/** x·Φ(x) with the exact normal CDF, 0.5·x·(1 + erf(x/√2)) (transformers' "gelu"). */
function geluExact(x: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)) as tf.Tensor3D;
}

function silu(x: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(x, tf.sigmoid(x)) as tf.Tensor3D;
}

/** The activations a config may name, by transformers' names. */
const ACTIVATIONS: Readonly<Record<string, (x: tf.Tensor3D) => tf.Tensor3D>> = {
  gelu_new: gelu,
  gelu_pytorch_tanh: gelu,
  gelu_fast: gelu,
  gelu: geluExact,
  relu: (x) => tf.relu(x),
  silu,
  swish: silu,
};

/** Names accepted by {@link activation}. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);

/**
 * The activation function a config names (`activation_function`, `hidden_act`).
 *
 * @example
 * const relu = activation('relu', 'config.json activation_function');
 * relu(tf.tensor3d([[[-1, 2]]])); // [[[0, 2]]]
 */
export function activation(name: unknown, field: string, context?: string): (x: tf.Tensor3D) => tf.Tensor3D {
  const fn = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  if (fn === undefined) throw new ModelInputError(field, name, `must be one of ${ACTIVATION_NAMES.join(', ')}`, context);
  return fn;
}

/**
 * x N×Din · weight Din×Dout (+ bias) where neither weight nor bias is trained: the only input of the
 * op is x, so backpropagation computes dx = dy·weightᵀ alone (from a transposed copy the caller
 * keeps, since the WebAssembly backend multiplies by a transposed operand ten times slower).
 *
 * @example
 * const weight = tf.tensor2d([[1, 2], [3, 4]]); // Din×Dout
 * const transposed = tf.transpose(weight) as tf.Tensor2D;
 * frozenProduct(tf.tensor2d([[1, 1]]), weight, () => transposed, tf.tensor1d([0.5, 0])); // [[4.5, 6]]
 */
export function frozenProduct(x: tf.Tensor2D, weight: tf.Tensor2D, transposed: () => tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input] = args as [tf.Tensor2D];
    const value = bias === undefined ? tf.matMul(input, weight) : tf.fused.matMul({ a: input, b: weight, bias });
    return { value, gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, transposed()) };
  });
  return op(x) as tf.Tensor2D;
}

/**
 * Grouped-query attention: each of the Hkv key/value heads serves H/Hkv query heads, in
 * Hugging Face's order (query head h uses key/value head ⌊h / (H/Hkv)⌋). B×Hkv×T×hd → B×H×T×hd.
 *
 * @example
 * const keys = tf.zeros([1, 2, 3, 4]) as tf.Tensor4D; // B×Hkv×T×hd, 2 key/value heads
 * repeatKeyValueHeads(keys, 4).shape; // [1, 8, 3, 4]
 */
export function repeatKeyValueHeads(x: tf.Tensor4D, groups: number): tf.Tensor4D {
  if (groups === 1) return x;
  const [b, h, t, d] = x.shape;
  // Rank 4 throughout: tfjs has no gradient for a rank-5 tile.
  const expanded = tf.reshape(x, [b, h, 1, t * d]);
  return tf.reshape(tf.tile(expanded, [1, 1, groups, 1]), [b, h * groups, t, d]) as tf.Tensor4D;
}

/**
 * cos and sin tables of rotary position embeddings for positions start..start+length−1, each
 * length×headDim, in the rotate-half layout (the frequencies repeated for both halves). The
 * inverse frequencies are 1/θ^(2i/headDim), computed in float32 as transformers does.
 *
 * @example
 * const { cos, sin } = rotaryTables(0, 5, 64, 10000);
 */
export function rotaryTables(start: number, length: number, headDim: number, theta: number): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const half = headDim / 2;
  const inverse = new Float32Array(half);
  for (let i = 0; i < half; i++) inverse[i] = Math.fround(1 / Math.fround(theta ** Math.fround((2 * i) / headDim)));
  const cos = new Float32Array(length * headDim);
  const sin = new Float32Array(length * headDim);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround((start + p) * inverse[i]);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[p * headDim + i] = c;
      cos[p * headDim + half + i] = c;
      sin[p * headDim + i] = s;
      sin[p * headDim + half + i] = s;
    }
  }
  return { cos: tf.tensor2d(cos, [length, headDim]), sin: tf.tensor2d(sin, [length, headDim]) };
}

/**
 * Rotates x B×H×L×hd by its positions: x·cos + rotate_half(x)·sin, rotate_half(x) = [−x₂, x₁].
 *
 * @example
 * const queries = tf.tensor4d([[[[1, 0], [1, 0]]]]); // B×H×L×hd: one head, two positions, hd 2
 * const { cos, sin } = rotaryTables(0, 2, 2, 10000);
 * applyRotary(queries, cos, sin); // [[[[1, 0], [0.5403023, 0.841471]]]]: position 1 turned by 1 radian
 */
export function applyRotary(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D): tf.Tensor4D {
  const [b, h, l, d] = x.shape;
  const half = d / 2;
  const first = tf.slice(x, [0, 0, 0, 0], [b, h, l, half]);
  const second = tf.slice(x, [0, 0, 0, half], [b, h, l, half]);
  const rotated = tf.concat([tf.neg(second), first], 3);
  return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor4D;
}
