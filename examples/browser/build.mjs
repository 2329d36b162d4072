#!/usr/bin/env node
// Bundles demo.js with pama-core, pama-tfjs and the tfjs backends into dist/demo.js, and copies the
// tfjs WebAssembly binaries beside it. Needs the workspaces built first (npm run build).
//   node examples/browser/build.mjs
// esbuild comes with the repository's test toolchain (vitest → vite → esbuild).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');

/**
 * pama-tfjs's checkpoint files and pama-rewards' HTTP source import node: modules that the page
 * never calls; they become modules whose functions throw if called, naming what is missing.
 */
const nodeBuiltinsThrow = {
  name: 'node-builtins-throw',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      loader: 'js',
      contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' || typeof key !== 'string' ? undefined :
        () => { throw new Error(${JSON.stringify(args.path)} + '.' + key + ' is not available in the browser'); } });`,
    }));
  },
};

/** Builds the bundle; returns the output directory. */
export async function buildDemo() {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, 'demo.js')],
    outfile: join(out, 'demo.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'error', // sentiment's optional language packs are a known, harmless glob miss
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [nodeBuiltinsThrow],
  });
  const wasmDist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(join(wasmDist, file), join(out, file));
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDemo();
  process.stdout.write(`built ${join(out, 'demo.js')}\n`);
}
