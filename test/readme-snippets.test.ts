// Executes the README's code so it cannot rot: every ```js block runs as an ES module from the
// repository root (so package names resolve to the built workspaces), the `pama solve` shell
// example runs, and the first two commands are the install-and-run and the test commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/run-pama.js';

interface Block {
  readonly lang: string;
  readonly code: string;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks: Block[] = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], code: m[2] }));
const jsBlocks = blocks.filter((b) => b.lang === 'js');
const snippetDir = join(repoRoot, 'test-artifacts', 'readme-snippets');

let server: ChildProcess | undefined;
let serverUrl = '';

beforeAll(async () => {
  mkdirSync(snippetDir, { recursive: true });
  // The HTTP snippet talks to a real reward-server on a free loopback port.
  server = spawn(process.execPath, [join(repoRoot, 'apps/reward-server/dist/bin.js'), '--port', '0', '--sources', 'sentiment'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serverUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1].replace(/\/$/, ''));
    });
    server!.on('exit', (code) => reject(new Error(`reward-server exited with ${code}`)));
  });
});

afterAll(() => {
  server?.kill('SIGTERM');
});

describe('README', () => {
  it('the first command installs, builds and runs pama align; the second runs the tests', () => {
    const sh = blocks.filter((b) => b.lang === 'sh');
    expect(sh[0].code.trim()).toBe('npm ci && npm run build && npx pama align');
    expect(sh[1].code.trim()).toBe('npm test');
  });

  it('has the three js snippets: the core alone, the adapters with a user reward function, the HTTP reward source', () => {
    expect(jsBlocks).toHaveLength(3);
    expect(jsBlocks[0].code).toContain("from 'pama-core'");
    expect(jsBlocks[1].code).toContain('functionReward');
    expect(jsBlocks[2].code).toContain('httpReward');
  });

  jsBlocks.forEach((block, i) => {
    it(`js snippet ${i + 1} runs to completion`, () => {
      const file = join(snippetDir, `snippet-${i + 1}.mjs`);
      writeFileSync(file, block.code);
      const r = spawnSync(process.execPath, [file], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, PAMA_REWARD_URL: serverUrl },
      });
      expect(r.stderr).not.toMatch(/Error|\n\s+at /); // tfjs may print its Node banner
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
  });

  it('the pama solve shell example prints the weights', () => {
    const example = blocks.find((b) => b.lang === 'sh' && b.code.includes('pama solve'));
    expect(example?.code, 'the README has a sh block running pama solve').toMatch(/pama solve/);
    const r = spawnSync('sh', ['-c', example!.code], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.value).toBe(0);
    expect(out.weights).toHaveLength(3);
  });
});
