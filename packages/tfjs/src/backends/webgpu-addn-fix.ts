// tfjs-backend-webgpu 4.22's AddN binds every input as its own storage buffer in one shader. With
// more inputs than the device's maxStorageBuffersPerShaderStage allows (8 by default: 7 inputs plus
// the output), pipeline creation fails validation, which WebGPU reports only as an uncaptured error,
// and the kernel silently returns a stale buffer (AddN of 1..8 gave 28 instead of 36 on lavapipe).
// The trainer's gradient-norm clipping sums one term per variable, so this would quietly break it.
// selectBackend replaces the kernel with one that adds at most as many inputs per pass as fit.
import * as tf from '@tensorflow/tfjs-core';

interface WebGpuBackendLike {
  readonly device?: { readonly limits?: { readonly maxStorageBuffersPerShaderStage?: number } };
  disposeData(dataId: object): void;
}

/** Inputs one AddN pass may bind: the storage-buffer limit less one for the output. */
function inputsPerPass(backend: WebGpuBackendLike): number {
  return Math.max(2, (backend.device?.limits?.maxStorageBuffersPerShaderStage ?? 8) - 1);
}

/**
 * On the webgpu backend, makes AddN split its inputs into passes that fit the device's storage-buffer
 * limit; returns true when it replaced the kernel. Idempotent.
 */
export function fixWebGpuAddN(): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  const original = tf.getKernel(tf.AddN, 'webgpu');
  if (original === undefined) throw new Error('webgpu backend: no AddN kernel registered');
  if ((original.kernelFunc as { splitsInputs?: boolean }).splitsInputs === true) return false;
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs, backend }) => {
    const all = Object.values(inputs) as tf.TensorInfo[];
    const limit = inputsPerPass(backend as unknown as WebGpuBackendLike);
    if (all.length <= limit) return original.kernelFunc({ inputs, attrs, backend });
    // Running sum: each pass adds the previous partial sum and up to limit − 1 new inputs.
    let partial = original.kernelFunc({ inputs: all.slice(0, limit) as unknown as tf.NamedTensorInfoMap, attrs, backend }) as tf.TensorInfo;
    for (let start = limit; start < all.length; start += limit - 1) {
      const group = [partial, ...all.slice(start, start + limit - 1)];
      const next = original.kernelFunc({ inputs: group as unknown as tf.NamedTensorInfoMap, attrs, backend }) as tf.TensorInfo;
      (backend as unknown as WebGpuBackendLike).disposeData(partial.dataId);
      partial = next;
    }
    return partial;
  };
  (kernelFunc as { splitsInputs?: boolean }).splitsInputs = true;
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ kernelName: tf.AddN, backendName: 'webgpu', kernelFunc });
  return true;
}
