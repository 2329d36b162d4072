// Matrix products that never ask a backend for a transposed operand.
//
// The WebAssembly backend multiplies fast only when neither operand is transposed: measured on the
// default LM head (512×64 · 64×2000), a·b takes 19 ms but a·bᵀ 209 ms, and tf.matMul's own gradient
// (da = dy·bᵀ, db = aᵀ·dy) hits that slow path for every dense layer. Here the transposes are explicit
// (a cheap copy) and the products plain, forward and backward; the CPU backend is unaffected either way.
import * as tf from '@tensorflow/tfjs-core';

function swapLastTwo<T extends tf.Tensor>(x: T): T {
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm) as T;
}

const plainProduct = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  const value = tf.matMul(a, b);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => [
    tf.matMul(dy, swapLastTwo(saved[1])),
    tf.matMul(swapLastTwo(saved[0]), dy),
  ];
  return { value, gradFunc };
});

/**
 * a · b for rank-2 to rank-4 operands with equal batch dimensions, differentiable in both.
 *
 * @example
 * plainMatMul(tf.ones([2, 3]), tf.ones([3, 4])); // 2×4, every entry 3
 */
export function plainMatMul<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return plainProduct(a, b) as T;
}

/**
 * a · bᵀ (last two axes of b swapped) through an explicit transpose.
 *
 * @example
 * plainMatMulTransposed(tf.ones([2, 3]), tf.ones([4, 3])); // 2×4, every entry 3
 */
export function plainMatMulTransposed<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return plainProduct(a, swapLastTwo(b)) as T;
}

/**
 * x N×Din · W Din×Dout + bias → N×Dout: one fused product-plus-bias kernel forward; the gradient is
 * written out with plain products (dx = dy·Wᵀ, dW = xᵀ·dy, dbias = Σ_rows dy), so a dense layer
 * records one op on the tape instead of a product, a broadcast add and their reshapes.
 */
export const affine = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, weight, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, weight]);
  const value = tf.fused.matMul({ a: x, b: weight, bias });
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [savedX, savedWeight] = saved;
    return [tf.matMul(dy, tf.transpose(savedWeight)), tf.matMul(tf.transpose(savedX), dy), tf.sum(dy, 0)];
  };
  return { value, gradFunc };
}) as (x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/**
 * x N×D · tableᵀ + bias → N×V for a V×D table (an output layer tied to an embedding table). The
 * table's gradient is formed directly in its own layout, dtable = dyᵀ·x (V×D), which also gives
 * dbias as row sums of the same dyᵀ; the product's right operand is then the small N×D x, which the
 * WebAssembly backend repacks on every call, rather than the large N×V dy.
 */
export const affineTransposed = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, table, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, table]);
  const value = tf.fused.matMul({ a: x, b: tf.transpose(table), bias });
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [savedX, savedTable] = saved;
    const dyT = tf.transpose(dy);
    return [tf.matMul(dy, savedTable), tf.matMul(dyT, savedX), tf.sum(dyT, 1)];
  };
  return { value, gradFunc };
}) as (x: tf.Tensor2D, table: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;
