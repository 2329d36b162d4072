// The ONNX runtime, imported only when a classifier is loaded: onnxruntime-node (native, the
// faster) when it is installed, else onnxruntime-web (WebAssembly, this package's dependency, no
// install script). The specifiers are computed so that bundlers leave both out: a bundle without
// them still runs, and says what to install when a classifier is asked for.
import type * as Ort from 'onnxruntime-common';

/** The ONNX runtimes a classifier can run on. */
export type OnnxRuntimeName = 'onnxruntime-node' | 'onnxruntime-web';
/** `auto`: onnxruntime-node when it is installed, else onnxruntime-web. */
export type OnnxRuntimeChoice = 'auto' | OnnxRuntimeName;

/** A loaded runtime: its name and the parts of the onnxruntime-common API used here. */
export interface OnnxRuntime {
  readonly name: OnnxRuntimeName;
  readonly InferenceSession: typeof Ort.InferenceSession;
  readonly Tensor: typeof Ort.Tensor;
  /** Session options for `threads` intra-op threads (undefined: the runtime's default). */
  sessionOptions(threads: number | undefined): Ort.InferenceSession.SessionOptions;
}

/** Why a runtime cannot be had, in one line, with what to install. */
export class OnnxRuntimeUnavailable extends Error {
  override readonly name = 'OnnxRuntimeUnavailable';
}

/** What to run to install each runtime (onnxruntime-node's installer otherwise downloads CUDA libraries on Linux x64). */
export const INSTALL_HINT: Readonly<Record<OnnxRuntimeName, string>> = {
  'onnxruntime-node': 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node',
  'onnxruntime-web': 'npm install onnxruntime-web',
};

const loaded = new Map<OnnxRuntimeName, Promise<OnnxRuntime>>();

/**
 * Imports the runtime once per process. Rejects with {@link OnnxRuntimeUnavailable} saying what to
 * install when it is absent.
 *
 * @example
 * const runtime = await loadOnnxRuntime('auto');
 * console.log(runtime.name); // 'onnxruntime-node' when installed, else 'onnxruntime-web'
 */
export async function loadOnnxRuntime(choice: OnnxRuntimeChoice = 'auto'): Promise<OnnxRuntime> {
  if (choice !== 'auto') return importRuntime(choice);
  try {
    return await importRuntime('onnxruntime-node');
  } catch (error) {
    if (!(error instanceof OnnxRuntimeUnavailable)) throw error;
    return importRuntime('onnxruntime-web').catch((webError: unknown) => {
      throw webError instanceof OnnxRuntimeUnavailable
        ? new OnnxRuntimeUnavailable(
            `no ONNX runtime is installed: ${INSTALL_HINT['onnxruntime-web']} (or, faster, ${INSTALL_HINT['onnxruntime-node']})`,
          )
        : webError;
    });
  }
}

function importRuntime(name: OnnxRuntimeName): Promise<OnnxRuntime> {
  let runtime = loaded.get(name);
  if (runtime === undefined) {
    runtime = importModule(name);
    loaded.set(name, runtime);
    runtime.catch(() => loaded.delete(name));
  }
  return runtime;
}

async function importModule(name: OnnxRuntimeName): Promise<OnnxRuntime> {
  const specifier: string = name; // not a literal: bundlers leave the import alone
  let ort: typeof Ort;
  try {
    ort = (await import(specifier)) as typeof Ort;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new OnnxRuntimeUnavailable(`${name} is not installed: ${INSTALL_HINT[name]}`);
    }
    throw new OnnxRuntimeUnavailable(`${name} cannot be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  const web = name === 'onnxruntime-web';
  return {
    name,
    InferenceSession: ort.InferenceSession,
    Tensor: ort.Tensor,
    sessionOptions(threads) {
      // onnxruntime-web takes its thread count process-wide, before the first session.
      if (web && threads !== undefined) ort.env.wasm.numThreads = threads;
      return {
        graphOptimizationLevel: 'all',
        ...(web ? { executionProviders: ['wasm'] } : {}),
        ...(!web && threads !== undefined ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
      };
    },
  };
}
