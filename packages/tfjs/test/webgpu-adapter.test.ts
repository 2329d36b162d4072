// Adapter classification and the auto-selection rule, with simulated adapters (no GPU needed).
// Its own file: it installs a fake navigator.gpu, which must not leak into the real WebGPU tests.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { adapterLabel, describeAdapter, selectBackend } from '../src/index.js';

const LAVAPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
};
const RTX = { vendor: 'nvidia', architecture: 'ada-lovelace', device: '', description: 'NVIDIA GeForce RTX 4090' };

afterAll(async () => {
  delete (globalThis as { navigator?: unknown }).navigator;
  await tf.setBackend('cpu');
});

describe('describeAdapter', () => {
  it('marks an adapter that reports isFallbackAdapter as software, on info (current API) or on the adapter (older API)', () => {
    const onInfo = describeAdapter({ info: { ...LAVAPIPE, isFallbackAdapter: true } });
    expect(onInfo.software).toBe(true);
    expect(onInfo.softwareReason).toMatch(/isFallbackAdapter/);
    expect(describeAdapter({ info: RTX, isFallbackAdapter: true }).software).toBe(true);
  });

  it('marks lavapipe/llvmpipe, SwiftShader and WARP as software by name when the flag is absent', () => {
    const lavapipe = describeAdapter({ info: LAVAPIPE });
    expect(lavapipe.software).toBe(true);
    expect(lavapipe.softwareReason).toMatch(/software renderer.*llvmpipe/);
    expect(
      describeAdapter({ info: { vendor: 'google', device: 'swiftshader-device', description: 'SwiftShader Device (Subzero)' } }).software,
    ).toBe(true);
    expect(describeAdapter({ info: { vendor: 'microsoft', description: 'Microsoft Basic Render Driver' } }).software).toBe(true);
  });

  it('keeps a GPU hardware adapter as hardware, with its fields, and labels both kinds', () => {
    const rtx = describeAdapter({ info: { ...RTX, isFallbackAdapter: false } });
    expect(rtx).toEqual({ ...RTX, software: false });
    expect(adapterLabel(rtx)).toBe('NVIDIA GeForce RTX 4090 (hardware)');
    expect(adapterLabel(describeAdapter({ info: LAVAPIPE }))).toBe(`${LAVAPIPE.description} (software)`);
    expect(adapterLabel({ ...RTX, vendor: 'acme', software: false })).toBe('NVIDIA GeForce RTX 4090 (hardware, vendor acme)');
    expect(describeAdapter({}).software).toBe(false);
    expect(
      adapterLabel(
        describeAdapter({ info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true } }),
      ),
    ).toBe('google swiftshader (software)');
  });
});

/** A stand-in for the `webgpu` package whose adapter reports `info`, or none at all. */
function fakeDawn(info: object | null) {
  return {
    globals: {},
    create: () => ({ requestAdapter: async () => (info === null ? null : { info }) }),
  };
}

function loaderWith(info: object | null) {
  return (specifier: string): Promise<unknown> => {
    if (specifier === 'webgpu') return Promise.resolve(fakeDawn(info));
    if (specifier === '@tensorflow/tfjs-backend-webgpu') return Promise.reject(new Error('simulated: not loaded in this test'));
    if (specifier.startsWith('@tensorflow/tfjs-node')) return Promise.reject(new Error(`Cannot find package '${specifier}'`));
    return import(specifier);
  };
}

describe('selectBackend and WebGPU adapters (simulated)', () => {
  const reset = () => delete (globalThis as { navigator?: unknown }).navigator;

  it('auto passes over a software adapter, saying why and how to force it', async () => {
    reset();
    const selection = await selectBackend('auto', { importModule: loaderWith({ ...LAVAPIPE, isFallbackAdapter: true }) });
    expect(selection.name).toBe('wasm');
    const webgpu = selection.tried.find((t) => t.name === 'webgpu');
    expect(webgpu?.error).toMatch(/software one \(llvmpipe: Mesa.*isFallbackAdapter\).*never chosen automatically.*'webgpu'/);
  });

  it('auto goes on to start the WebGPU backend with a hardware adapter (here its import is simulated to fail)', async () => {
    reset();
    const selection = await selectBackend('auto', { importModule: loaderWith(RTX) });
    const webgpu = selection.tried.find((t) => t.name === 'webgpu');
    expect(webgpu?.error).toMatch(/import of @tensorflow\/tfjs-backend-webgpu failed: simulated/);
    expect(selection.tried.map((t) => t.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow']);
  });

  it('asked for by name, a software adapter is accepted (and then the backend import is attempted)', async () => {
    reset();
    await expect(selectBackend('webgpu', { fallback: false, importModule: loaderWith(LAVAPIPE) })).rejects.toThrow(
      /webgpu: import of @tensorflow\/tfjs-backend-webgpu failed: simulated/,
    );
  });

  it('reports no adapter, and a missing webgpu package, in words', async () => {
    reset();
    await expect(selectBackend('webgpu', { fallback: false, importModule: loaderWith(null) })).rejects.toThrow(
      /found no adapter.*install-webgpu-driver/,
    );
    reset();
    const noPackage = (s: string) => (s === 'webgpu' ? Promise.reject(new Error("Cannot find package 'webgpu'")) : loaderWith(null)(s));
    await expect(selectBackend('webgpu', { fallback: false, importModule: noPackage })).rejects.toThrow(
      /optional package 'webgpu' \(Dawn for Node\) could not be loaded: Cannot find package 'webgpu'/,
    );
  });
});

describe('runTrainerBenchmarks backends', () => {
  it('refuses an unknown backend name before any work, naming it and the allowed ones', async () => {
    const { runTrainerBenchmarks } = await import('../src/bench/bench-trainer.js');
    await expect(runTrainerBenchmarks({ backends: ['gpu' as 'cpu'] })).rejects.toThrow(
      /backends: each must be one of cpu, wasm, webgpu \(got "gpu"\)/,
    );
  });
});
