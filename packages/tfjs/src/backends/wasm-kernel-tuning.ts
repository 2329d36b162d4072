// Two kernels of tfjs-backend-wasm 4.22 that copy far more memory than their result needs, replaced
// (for the wasm backend only) by equivalents that produce the same values:
//
// - Identity copies its input into a new buffer. Recording a forward pass for backprop clones every
//   tensor a gradient needs (tfjs's saveTensorsForBackwardMode runs Identity on each), so a training
//   step ran ~125 such copies. Tensors are immutable, so the clone can share the input's buffer with a
//   reference count, as the wasm backend's own Reshape and the cpu backend's Identity already do.
// - Slice reads the whole input into a fresh JavaScript array (readSync) before copying out the slice,
//   so splitting a tensor into k parts copied it k times. The replacement copies only the slice,
//   straight from the wasm heap.
import * as tf from '@tensorflow/tfjs-core';

interface WasmTensorInfo {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: tf.DataType;
}

interface WasmBackendLike {
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: tf.DataType): WasmTensorInfo;
  typedArrayFromHeap(info: WasmTensorInfo): Float32Array | Int32Array | Uint8Array;
}

let tuned = false;

/** Copies the slice begin..begin+size of x's heap values into out's (any rank, row-major). */
function copySlice(
  xValues: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  out: { set(values: ArrayLike<number>, offset: number): void },
): void {
  const rank = shape.length;
  const strides = tf.util.computeStrides(shape as number[]);
  const run = size[rank - 1];
  const outer = size.slice(0, rank - 1);
  const index = new Array<number>(rank - 1).fill(0);
  const count = outer.reduce((a, b) => a * b, 1);
  for (let r = 0; r < count; r++) {
    let offset = begin[rank - 1];
    for (let axis = 0; axis < rank - 1; axis++) offset += (begin[axis] + index[axis]) * strides[axis];
    out.set(xValues.subarray(offset, offset + run), r * run);
    for (let axis = rank - 2; axis >= 0; axis--) {
      if (++index[axis] < outer[axis]) break;
      index[axis] = 0;
    }
  }
}

/**
 * On the wasm backend, installs the buffer-sharing Identity and the slice-only Slice (once per
 * process; a no-op on other backends). Returns whether the kernels are (now) installed.
 */
export function tuneWasmKernels(): boolean {
  if (tuned) return true;
  if (tf.getBackend() !== 'wasm') return false;
  const identity = tf.getKernel(tf.Identity, 'wasm');
  const slice = tf.getKernel(tf.Slice, 'wasm');
  if (identity === undefined || slice === undefined) return false;
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as unknown as WasmTensorInfo;
      if (x.dtype === 'string') return identity.kernelFunc({ inputs, backend, attrs: {} });
      (backend as unknown as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as unknown as tf.TensorInfo;
    },
  });
  tf.unregisterKernel(tf.Slice, 'wasm');
  tf.registerKernel({
    kernelName: tf.Slice,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const x = inputs.x as unknown as WasmTensorInfo;
      if (x.dtype === 'string' || x.shape.length === 0) return slice.kernelFunc({ inputs, attrs, backend });
      const { begin, size } = attrs as unknown as tf.SliceAttrs;
      const [begin_, size_] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo, begin, size);
      const wasm = backend as unknown as WasmBackendLike;
      // The output first: allocating may grow the wasm memory, which invalidates earlier heap views.
      const out = wasm.makeOutput(size_, x.dtype);
      if (tf.util.sizeFromShape(size_) === 0) return out as unknown as tf.TensorInfo;
      copySlice(wasm.typedArrayFromHeap(x), x.shape, begin_, size_, wasm.typedArrayFromHeap(out));
      return out as unknown as tf.TensorInfo;
    },
  });
  tuned = true;
  return true;
}
