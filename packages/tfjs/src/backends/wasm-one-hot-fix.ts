// tfjs-backend-wasm 4.22's OneHot kernel ignores the requested dtype: asked for float32 it writes
// int32 bit patterns, so a 1 reads back as 1.4e-45 and anything multiplied by the one-hot (a
// cross-entropy, a log-prob gather) silently becomes ~0 with zero gradient. selectBackend checks for
// the fault and, when present, replaces the kernel with int32 OneHot (which is right) plus a Cast.
import * as tf from '@tensorflow/tfjs-core';

function floatOneHotWorks(): boolean {
  // GPU→CPU read: synchronous, but only ever on the wasm backend (its memory is the CPU's), once at start-up.
  return tf.tidy(() => tf.oneHot(tf.tensor1d([1], 'int32'), 2, 1, 0, 'float32').dataSync()[1] === 1);
}

/** On the wasm backend, makes float OneHot correct if it is not; returns true when it patched the kernel. */
export function fixWasmFloatOneHot(): boolean {
  if (tf.getBackend() !== 'wasm' || floatOneHotWorks()) return false;
  const oneHot = tf.getKernel(tf.OneHot, 'wasm');
  const castKernel = tf.getKernel(tf.Cast, 'wasm');
  if (oneHot === undefined || castKernel === undefined) {
    throw new Error('wasm backend: OneHot returns wrong float values and the kernels needed to work around it are missing');
  }
  tf.unregisterKernel(tf.OneHot, 'wasm');
  tf.registerKernel({
    kernelName: tf.OneHot,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const requested = (attrs as unknown as tf.OneHotAttrs).dtype;
      if (requested === 'int32') return oneHot.kernelFunc({ inputs, attrs, backend });
      const intAttrs = { ...attrs, dtype: 'int32' } as unknown as tf.NamedAttrMap;
      const asInt = oneHot.kernelFunc({ inputs, attrs: intAttrs, backend }) as tf.TensorInfo;
      const castAttrs = { dtype: requested } as unknown as tf.NamedAttrMap;
      const result = castKernel.kernelFunc({ inputs: { x: asInt }, attrs: castAttrs, backend });
      (backend as tf.KernelBackend).disposeData(asInt.dataId);
      return result;
    },
  });
  if (!floatOneHotWorks()) throw new Error('wasm backend: OneHot returns wrong float values even after the workaround');
  return true;
}
