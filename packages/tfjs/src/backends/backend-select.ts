// Picks the fastest tfjs backend available at run time, in the order
// tfjs-node-gpu → WebGPU (hardware adapter) → tfjs-node → WebAssembly → CPU, and reports what it tried.
//
// WebGPU (webgpu-backend.ts) runs on any GPU with a Vulkan, Metal or Direct3D 12 driver, in Node
// through the optional `webgpu` package. A software adapter (Mesa's lavapipe, SwiftShader) is never
// chosen by `auto` — it is a CPU emulating a GPU, slower than wasm — but is used when asked for by name.
//
// The two node backends are optional peers that download libtensorflow on install; they are loaded
// with a dynamic import of a computed specifier so TypeScript compiles without them. They register a
// backend named 'tensorflow' on the @tensorflow/tfjs-core instance *they* resolve: if that is not
// this package's instance (a duplicated tfjs-core), the import succeeds but setBackend fails, and
// that is reported as such.
//
// WebAssembly in Node 20: SIMD works and is used (detected by the backend). Multi-threading does
// not: the threaded build starts its workers from blob: URLs, which Node's Worker rejects
// (ERR_WORKER_PATH), so tfjs disables threads under Node and so do we.
import * as tf from '@tensorflow/tfjs-core';
import { ModelInputError } from '../models/model-errors.js';
import { fixWasmFloatOneHot } from './wasm-one-hot-fix.js';
import { fixWebGpuAddN } from './webgpu-addn-fix.js';
import { ensureNavigatorGpu, probeWebGpuAdapter, type WebGpuAdapterInfo } from './webgpu-backend.js';

/** A backend by name, or `'auto'` for the fastest that starts. */
export type BackendPreference = 'auto' | 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
/** A backend by name. */
export type BackendName = Exclude<BackendPreference, 'auto'>;

/** A backend that was tried and did not start, with the reason. */
export interface BackendAttempt {
  readonly name: BackendName;
  readonly error: string;
}

/** The backend {@link selectBackend} started, and what it tried before. */
export interface BackendSelection {
  /** The backend in use, in the preference vocabulary. */
  readonly name: BackendName;
  /** The tfjs backend name (`tf.getBackend()`): 'tensorflow', 'webgpu', 'wasm' or 'cpu'. */
  readonly tfBackend: string;
  /** Backends tried before this one, with why each failed. */
  readonly tried: readonly BackendAttempt[];
  /** WebAssembly only: whether SIMD is in use (threads are never used in Node; see above). */
  readonly wasmSimd?: boolean;
  /** WebAssembly only: true when the faulty float OneHot kernel of tfjs-backend-wasm 4.22 was replaced (see wasm-one-hot-fix.ts). */
  readonly patchedOneHot?: boolean;
  /** WebGPU only: the adapter in use (vendor, device, and whether it is a software implementation). */
  readonly adapter?: WebGpuAdapterInfo;
  /** WebGPU only: true when AddN was made to split inputs beyond the storage-buffer limit (see webgpu-addn-fix.ts). */
  readonly patchedAddN?: boolean;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** When the preferred backend fails, continue down the order (default true). */
  readonly fallback?: boolean;
  /** Module loader (tests replace it to simulate absent or broken packages). */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/** The order `'auto'` tries, fastest first. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

const PACKAGES: Record<BackendName, { specifier: string; tfName: string }> = {
  'tensorflow-gpu': { specifier: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  webgpu: { specifier: '@tensorflow/tfjs-backend-webgpu', tfName: 'webgpu' },
  tensorflow: { specifier: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { specifier: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { specifier: '@tensorflow/tfjs-backend-cpu', tfName: 'cpu' },
};

const defaultImport = (specifier: string): Promise<unknown> => import(specifier);

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

async function tryBackend(name: BackendName, importModule: (s: string) => Promise<unknown>): Promise<string | undefined> {
  const { specifier, tfName } = PACKAGES[name];
  try {
    await importModule(specifier);
  } catch (error) {
    return `import of ${specifier} failed: ${message(error)}`;
  }
  if (tf.findBackendFactory(tfName) === null) {
    return `${specifier} loaded but registered no '${tfName}' backend with this @tensorflow/tfjs-core (is tfjs-core duplicated? it must resolve to one instance)`;
  }
  try {
    if (!(await tf.setBackend(tfName))) return `backend '${tfName}' failed to initialise`;
    await tf.ready();
  } catch (error) {
    return `backend '${tfName}' failed to initialise: ${message(error)}`;
  }
  return tf.getBackend() === tfName ? undefined : `tf.getBackend() is '${tf.getBackend()}' after selecting '${tfName}'`;
}

/**
 * WebGPU needs `navigator.gpu` before its tfjs backend is imported, and an adapter; a software
 * adapter is accepted only when WebGPU was asked for by name (`forced`).
 */
async function prepareWebGpu(importModule: (s: string) => Promise<unknown>, forced: boolean): Promise<WebGpuAdapterInfo | string> {
  const missing = await ensureNavigatorGpu(importModule);
  if (missing !== undefined) return missing;
  const adapter = await probeWebGpuAdapter();
  if (typeof adapter === 'string') return adapter;
  if (adapter.software && !forced) {
    return `the only adapter is a software one (${adapter.description || adapter.device}: ${adapter.softwareReason}); it is never chosen automatically, ask for backend 'webgpu' to use it`;
  }
  return adapter;
}

/**
 * tfjs's CPU backend prints an "install tfjs-node" banner on its first tensor write. The selection
 * already records which faster backends were tried and why each failed (`tried`), so the banner only
 * adds noise to stderr; clearing its first-use flag suppresses it and nothing else.
 */
function silenceCpuBanner(): void {
  const backend = tf.findBackend('cpu') as { firstUse?: unknown } | null;
  if (backend && backend.firstUse === true) backend.firstUse = false;
}

/**
 * Selects a backend: `auto` walks the whole order; a named backend is tried first and, unless
 * `fallback` is false, followed by the rest of the order after it. Throws when none works.
 * WebGPU is taken only with a hardware adapter, unless it is the named backend.
 *
 * @example
 * const selection = await selectBackend('webgpu', { fallback: false });
 * console.log(selection.name, selection.adapter?.description, selection.adapter?.software);
 */
export async function selectBackend(preference: BackendPreference = 'auto', options: SelectBackendOptions = {}): Promise<BackendSelection> {
  if (preference !== 'auto' && !BACKEND_ORDER.includes(preference)) {
    throw new ModelInputError('backend', preference, `must be one of auto, ${BACKEND_ORDER.join(', ')}`);
  }
  const start = preference === 'auto' ? 0 : BACKEND_ORDER.indexOf(preference);
  const candidates = options.fallback === false ? [BACKEND_ORDER[start]] : BACKEND_ORDER.slice(start);
  const importModule = options.importModule ?? defaultImport;
  const tried: BackendAttempt[] = [];
  for (const name of candidates) {
    let adapter: WebGpuAdapterInfo | undefined;
    if (name === 'webgpu') {
      const prepared = await prepareWebGpu(importModule, preference === 'webgpu');
      if (typeof prepared === 'string') {
        tried.push({ name, error: prepared });
        continue;
      }
      adapter = prepared;
    }
    const error = await tryBackend(name, importModule);
    if (error === undefined) {
      const selection: BackendSelection = { name, tfBackend: tf.getBackend(), tried, ...(adapter ? { adapter } : {}) };
      if (name === 'cpu') silenceCpuBanner();
      if (name === 'webgpu') return { ...selection, ...(fixWebGpuAddN() ? { patchedAddN: true } : {}) };
      if (name !== 'wasm') return selection;
      const patchedOneHot = fixWasmFloatOneHot();
      return {
        ...selection,
        wasmSimd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
        ...(patchedOneHot ? { patchedOneHot } : {}),
      };
    }
    tried.push({ name, error });
  }
  throw new ModelInputError(
    'backend',
    preference,
    `names no backend that could be started (${tried.map((t) => `${t.name}: ${t.error}`).join('; ')})`,
  );
}
