// Starting the real WebGPU backend for the webgpu-*.test.ts files. Where WebGPU cannot start (no
// `webgpu` package, no Vulkan driver that Dawn accepts) those tests are skipped with the reason —
// except under CI=true, where WebGPU is required (.ci/run installs the driver) and they fail loudly.
import * as tf from '@tensorflow/tfjs-core';
import { expect, type TestContext } from 'vitest';
import { selectBackend, type BackendSelection } from '../src/index.js';

export const WEBGPU_REQUIRED = process.env.CI === 'true';

/** The WebGPU selection, or why WebGPU could not start. Leaves the current backend as it was. */
export async function startWebGpu(): Promise<BackendSelection | string> {
  const before = tf.getBackend();
  try {
    return await selectBackend('webgpu', { fallback: false });
  } catch (error) {
    return (error as Error).message;
  } finally {
    if (before !== undefined) await tf.setBackend(before);
  }
}

/** Skips the test with the reason when WebGPU is unavailable and not required; otherwise asserts it is there. */
export function requireWebGpu(ctx: TestContext, webgpu: BackendSelection | string): asserts webgpu is BackendSelection {
  if (typeof webgpu === 'string' && !WEBGPU_REQUIRED) ctx.skip(`WebGPU unavailable here: ${webgpu}`);
  if (typeof webgpu === 'string') expect.fail(`WebGPU is required when CI=true but could not start: ${webgpu}`);
}

/** Runs f on the named backend and returns to the previous one. */
export async function onBackend<T>(name: string, f: () => Promise<T>): Promise<T> {
  const before = tf.getBackend();
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to start`);
  try {
    return await f();
  } finally {
    await tf.setBackend(before);
  }
}

/** Live GPU buffers of the WebGPU backend (its buffer manager's count), for leak checks. */
export function usedGpuBuffers(): number {
  const backend = tf.findBackend('webgpu') as unknown as { bufferManager?: { getNumUsedBuffers(): number } } | null;
  const count = backend?.bufferManager?.getNumUsedBuffers();
  if (count === undefined) throw new Error('the webgpu backend exposes no buffer manager (tfjs-backend-webgpu changed?)');
  return count;
}
