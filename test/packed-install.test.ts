// The packages as a user installs them: every publishable workspace is packed with `npm pack`, the
// tarballs are installed together into an empty folder with no workspace around it (their
// dependencies come from the npm registry or npm's cache, pama's own from the tarballs), and there:
// `pama --version`, `pama solve`, a tiny `pama align` (worker processes included), an import of
// every entry point of every library, and a scan of every shipped file for imports of packages the
// package does not depend on. Then the same smoke run on Node 22 and Node 24 (from the `node`
// package on the npm registry), the other Node versions the `engines` range admits.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './support/run-pama.js';
import { tinyConfig } from './support/tiny-config.js';
import { npmEnv, packWorkspaces, publishableWorkspaces, type PackageManifest, type Workspace } from './support/workspaces.js';

const workspaces: Workspace[] = publishableWorkspaces();
const root = mkdtempSync(join(tmpdir(), 'pama-packed-'));
const app = join(root, 'app');
let tarballs: Map<string, string>;

beforeAll(async () => {
  tarballs = await packWorkspaces(workspaces, mkdtempSync(join(root, 'tgz-')));
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pama-install-check', private: true, type: 'module' }));
  // --prefer-offline: the registry is asked only for what npm's cache (filled by npm ci) lacks.
  const install = await runCommand('npm', ['install', '--prefer-offline', '--no-package-lock', ...tarballs.values()], {
    cwd: app,
    env: npmEnv(),
  });
  if (install.status !== 0) throw new Error(`npm install of the tarballs failed:\n${install.stderr}`);
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const installed = (name: string) => join(app, 'node_modules', name);
const bin = (name: string) => join(app, 'node_modules', '.bin', name);

const run = (command: string, args: string[], input?: string) => runCommand(command, args, { cwd: app, input, env: npmEnv() });

/** Every file a manifest names as an entry point: main, types, bin targets and export targets. */
function entryFiles(manifest: PackageManifest): string[] {
  const files: string[] = [];
  const collect = (target: unknown): void => {
    if (typeof target === 'string') files.push(target);
    else if (target !== null && typeof target === 'object') for (const value of Object.values(target)) collect(value);
  };
  collect(manifest.main);
  collect(manifest.types);
  collect(manifest.bin);
  collect(manifest.exports);
  return [...new Set(files)];
}

/** The import specifiers a subpath pattern names: `.` and `./bench` become `pkg` and `pkg/bench`. */
function importSpecifiers(manifest: PackageManifest): string[] {
  if (manifest.exports === undefined) return manifest.main === undefined ? [] : [manifest.name];
  if (typeof manifest.exports === 'string') return [manifest.name];
  return Object.keys(manifest.exports)
    .filter((key) => key.startsWith('.') && !key.endsWith('.json') && !key.includes('*'))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

function shippedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    return statSync(path).isDirectory() ? shippedFiles(path) : [path];
  });
}

/** Module specifiers in a JavaScript or declaration file, comments removed first (examples in docs are not imports). */
function specifiersIn(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/gm))
    found.add(m[1] as string);
  return [...found];
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

describe('the packed packages, installed from their tarballs into an empty folder', () => {
  it('include every publishable workspace, with engines node >= 20 and no dependency on an unreleased version range', () => {
    expect(workspaces.length).toBeGreaterThanOrEqual(5);
    const names = new Set(workspaces.map((w) => w.name));
    for (const w of workspaces) {
      expect(w.manifest.engines?.node, `${w.name} engines.node`).toBe('>=20');
      expect(w.manifest.files, `${w.name} has a files list`).toBeDefined();
      // A sibling is depended on with a caret range from its current version (changesets keeps it in step).
      for (const [dep, range] of Object.entries({ ...w.manifest.dependencies, ...w.manifest.optionalDependencies })) {
        if (!names.has(dep)) continue;
        const sibling = workspaces.find((s) => s.name === dep) as Workspace;
        expect(range, `${w.name} → ${dep}`).toBe(`^${sibling.version}`);
      }
    }
  });

  it('ship every file their manifests name as an entry point (main, types, bin, exports)', () => {
    for (const w of workspaces) {
      for (const file of entryFiles(w.manifest)) expect(existsSync(join(installed(w.name), file)), `${w.name}: ${file}`).toBe(true);
    }
  });

  it('import only Node built-ins, their own files and packages they depend on', () => {
    const problems: string[] = [];
    for (const w of workspaces) {
      const dir = installed(w.name);
      const allowed = new Set([
        w.name,
        ...Object.keys(w.manifest.dependencies ?? {}),
        ...Object.keys(w.manifest.optionalDependencies ?? {}),
        ...Object.keys(w.manifest.peerDependencies ?? {}),
      ]);
      for (const file of shippedFiles(dir).filter((f) => /\.(m?js|d\.ts)$/.test(f))) {
        for (const specifier of specifiersIn(readFileSync(file, 'utf8'))) {
          const where = `${w.name}/${relative(dir, file)} imports '${specifier}'`;
          if (specifier.startsWith('.')) {
            const target = join(dirname(file), specifier);
            const candidates = file.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts'), `${target}.d.ts`] : [target];
            if (!candidates.some((c) => existsSync(c))) problems.push(`${where}: no such file in the package`);
          } else if (!isBuiltin(specifier) && !allowed.has(packageOf(specifier))) {
            problems.push(`${where}: not among its dependencies`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('load every entry point of every library', async () => {
    const specifiers = workspaces.flatMap((w) => importSpecifiers(w.manifest));
    expect(specifiers).toContain('pama-core');
    const script = `for (const s of ${JSON.stringify(specifiers)}) { const m = await import(s); console.log(s, Object.keys(m).length); }`;
    const r = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const line of r.stdout.trim().split('\n')) expect(Number(line.split(' ')[1]), line).toBeGreaterThan(0);
  });

  it('give a pama command that prints its version, solves, and aligns a tiny model', async () => {
    const cli = workspaces.find((w) => w.manifest.bin !== undefined && typeof w.manifest.bin === 'object' && 'pama' in w.manifest.bin);
    expect(cli).toBeDefined();
    expect((await run(bin('pama'), ['--version'])).stdout).toBe(`${cli?.version}\n`);
    const solve = await run(bin('pama'), ['solve'], '[0.8, -0.2, 1.2]');
    expect(solve.status).toBe(0);
    expect(JSON.parse(solve.stdout)).toEqual({ value: 0, weights: [0, 0.8571428571428571, 0.1428571428571429] });
    const server = workspaces.find((w) => w.name === 'pama-reward-server');
    expect((await run(bin('pama-reward-server'), ['--version'])).stdout).toBe(`${server?.version}\n`);

    writeFileSync(join(app, 'tiny.json'), JSON.stringify(tinyConfig(app, { methods: ['pama'], seeds: [1, 2], steps: 1 })));
    const align = await run(bin('pama'), ['align', '--config', 'tiny.json', '--jobs', '2', '--out', 'out']);
    expect(align.stderr).toBe('');
    expect(align.status).toBe(0);
    expect(JSON.parse(readFileSync(join(app, 'out', 'metrics.json'), 'utf8')).runs).toHaveLength(2);
  });

  // The `node` package on the npm registry carries Node's binaries; npx caches them after the first run.
  for (const major of [22, 24]) {
    it(`run under Node ${major}: pama --version, solve, a tiny align on WebAssembly, every library import`, async () => {
      const node = (...args: string[]) => run('npx', ['-y', `node@${major}`, ...args]);
      const version = await node('--version');
      expect(version.stdout).toMatch(new RegExp(`^v${major}\\.`));
      const pama = join(installed('pama-cli'), 'bin', 'pama.js');
      expect((await node(pama, '--version')).status).toBe(0);
      expect(JSON.parse((await run('npx', ['-y', `node@${major}`, pama, 'solve'], '[0.8, -0.2, 1.2]')).stdout).weights).toHaveLength(3);
      const out = `out-node${major}`;
      writeFileSync(join(app, `tiny-${major}.json`), JSON.stringify(tinyConfig(app, { methods: ['pama'], steps: 1, backend: 'wasm' })));
      const align = await node(pama, 'align', '--config', `tiny-${major}.json`, '--jobs', '1', '--out', out);
      expect(align.stderr).toBe('');
      expect(align.status).toBe(0);
      expect(JSON.parse(readFileSync(join(app, out, 'metrics.json'), 'utf8')).backend).toBe('wasm');
      const specifiers = workspaces.flatMap((w) => importSpecifiers(w.manifest));
      const imports = await node('--input-type=module', '-e', `for (const s of ${JSON.stringify(specifiers)}) await import(s);`);
      expect(imports.stderr).toBe('');
      expect(imports.status).toBe(0);
    });
  }
});
