// tfjs-backend-wasm 4.22's OneHot kernel ignores its dtype: asked for float32 it still writes
// int32 bit patterns (1 reads as 1.4e-45), so `oneHot(…, 'float32')` is all but zero and every
// gradient through it vanishes — on WebAssembly the policy would never learn. When the probe
// shows the fault, this wraps the kernel: compute int32 (which it does right), then cast.
import * as tf from '@tensorflow/tfjs-core';

function oneHotIsCorrect(): boolean {
  return tf.tidy(() => tf.oneHot(tf.tensor1d([1], 'int32'), 2, 1, 0, 'float32').dataSync()[1] === 1);
}

/** Repairs the WebAssembly OneHot kernel when it is faulty; returns whether it did. */
export function repairWasmOneHot(): boolean {
  if (tf.getBackend() !== 'wasm' || oneHotIsCorrect()) return false;
  const original = tf.getKernel(tf.OneHot, 'wasm');
  const cast = tf.getKernel(tf.Cast, 'wasm');
  if (!original || !cast) return false;
  tf.unregisterKernel(tf.OneHot, 'wasm');
  tf.registerKernel({
    kernelName: tf.OneHot,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as tf.OneHotAttrs;
      if (attrs.dtype === 'int32') return original.kernelFunc(args);
      const asInt = original.kernelFunc({ ...args, attrs: { ...attrs, dtype: 'int32' } as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
      const out = cast.kernelFunc({ inputs: { x: asInt }, backend: args.backend, attrs: { dtype: attrs.dtype } as unknown as tf.NamedAttrMap });
      (args.backend as tf.KernelBackend).disposeData(asInt.dataId);
      return out;
    },
  });
  if (!oneHotIsCorrect()) throw new Error('the WebAssembly OneHot kernel is faulty and could not be repaired');
  return true;
}
