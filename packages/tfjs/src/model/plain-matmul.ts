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
