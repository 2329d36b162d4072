// The WebGPU side of backend selection: makes `navigator.gpu` exist (in Node through Dawn's bindings,
// the optional `webgpu` package), asks for the adapter tfjs will use, and classifies it as hardware
// or software so that `auto` never picks a CPU pretending to be a GPU.
//
// Order matters: @tensorflow/tfjs-backend-webgpu registers its backend only if `navigator.gpu` exists
// when it is first imported, and it needs the WebGPU constants (GPUBufferUsage, …) as globals.
// tf.setBackend('webgpu') resolves to false, without throwing, when no adapter is found, so the
// adapter is requested here first and the reason for a failure is reported in words.

/** What the adapter says about itself, and whether it is a software (CPU) implementation. */
export interface WebGpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for a software rasteriser (lavapipe/llvmpipe, SwiftShader, WARP): fine for tests, never fast. */
  readonly software: boolean;
  /** Why `software` is true (which signal gave it away); absent for a hardware adapter. */
  readonly softwareReason?: string;
}

/** The options tfjs-backend-webgpu passes to requestAdapter (with its default flags), so we classify the same adapter. */
const ADAPTER_OPTIONS = { powerPreference: 'high-performance' } as const;

/** Names that only software implementations of WebGPU/Vulkan/D3D12 report. */
const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render|\bwarp\b/i;

interface AdapterLike {
  readonly info?: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>> & { readonly isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(options?: object): Promise<AdapterLike | null>;
}

/**
 * Classifies an adapter from what it reports. Signals, strongest first: the WebGPU
 * `isFallbackAdapter` flag (on `adapter.info` in current browsers and Dawn, on the adapter in older
 * ones), then a vendor/device/description naming a known software renderer (Mesa's llvmpipe behind
 * lavapipe, SwiftShader, Microsoft's WARP).
 *
 * @example
 * describeAdapter({ info: { vendor: 'mesa', device: 'llvmpipe-llvm-15', description: 'llvmpipe: Mesa 25.0.7' } }).software // true
 */
export function describeAdapter(adapter: AdapterLike): WebGpuAdapterInfo {
  const info = adapter.info ?? {};
  const base = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
  let softwareReason: string | undefined;
  if (info.isFallbackAdapter === true || adapter.isFallbackAdapter === true) softwareReason = 'the adapter reports isFallbackAdapter';
  else {
    const named = [base.vendor, base.device, base.description].find((text) => SOFTWARE_NAMES.test(text));
    if (named !== undefined) softwareReason = `the adapter names a software renderer (${named})`;
  }
  return softwareReason === undefined ? { ...base, software: false } : { ...base, software: true, softwareReason };
}

/**
 * One line for logs and reports, e.g. `llvmpipe: Mesa 25.0.7 (software, vendor mesa)`.
 *
 * @example
 * const selection = await selectBackend('auto');
 * if (selection.adapter) console.log(adapterLabel(selection.adapter));
 */
export function adapterLabel(adapter: WebGpuAdapterInfo): string {
  // Browsers may leave description and device empty (Chromium's SwiftShader: vendor google, architecture swiftshader).
  const name =
    adapter.description || adapter.device || [adapter.vendor, adapter.architecture].filter((s) => s !== '').join(' ') || 'unnamed adapter';
  const vendor = adapter.vendor !== '' && !name.toLowerCase().includes(adapter.vendor.toLowerCase()) ? `, vendor ${adapter.vendor}` : '';
  return `${name} (${adapter.software ? 'software' : 'hardware'}${vendor})`;
}

function gpuOf(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

/**
 * Makes `navigator.gpu` available: in a browser it already is (or WebGPU is off); in Node it comes
 * from the optional `webgpu` package (Dawn), whose WebGPU globals are installed on globalThis.
 * Returns an error message, or undefined when `navigator.gpu` now exists.
 */
export async function ensureNavigatorGpu(importModule: (specifier: string) => Promise<unknown>): Promise<string | undefined> {
  if (gpuOf() !== undefined) return undefined;
  let dawn: { create?: (flags: string[]) => GpuLike; globals?: object };
  try {
    dawn = (await importModule('webgpu')) as typeof dawn;
  } catch (error) {
    return `no navigator.gpu and the optional package 'webgpu' (Dawn for Node) could not be loaded: ${firstLine(error)}`;
  }
  if (typeof dawn.create !== 'function' || dawn.globals === undefined) return `the package 'webgpu' has no create()/globals exports`;
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
  }
  return undefined;
}

/** Requests the adapter tfjs would use; an error message when there is none. */
export async function probeWebGpuAdapter(): Promise<WebGpuAdapterInfo | string> {
  const gpu = gpuOf();
  if (gpu === undefined) return 'navigator.gpu is not defined';
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter(ADAPTER_OPTIONS);
  } catch (error) {
    return `navigator.gpu.requestAdapter failed: ${firstLine(error)}`;
  }
  if (adapter === null) {
    return 'navigator.gpu.requestAdapter found no adapter (no GPU driver that WebGPU accepts; on Debian bookworm run scripts/install-webgpu-driver.sh for Mesa lavapipe)';
  }
  return describeAdapter(adapter);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
