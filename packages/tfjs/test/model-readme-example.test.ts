// Runs the README's model quick start against the built package, as a user would, so it cannot rot.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('README model quick start', () => {
  it('runs, reports the backend, lowers the loss and prints two samples', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = readme.slice(readme.indexOf('## Quick start (model)'));
    const block = section.match(/```js\n([\s\S]*?)```/);
    expect(block).not.toBeNull();
    // Inside the package directory, so `import 'pama-tfjs'` resolves to this package's dist.
    const dir = new URL('.test-results/', root);
    mkdirSync(dir, { recursive: true });
    const file = fileURLToPath(new URL('readme-model-example.mjs', dir));
    writeFileSync(file, block![1]);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^backend: (tensorflow-gpu|tensorflow|wasm|cpu) \(tried first: /);
    const loss = lines[1].match(/^loss: ([\d.]+) -> ([\d.]+) nats\/token$/);
    expect(loss).not.toBeNull();
    expect(Number(loss![2])).toBeLessThan(Number(loss![1]) / 2);
    expect(lines[2]).toMatch(/^the film/);
    expect(lines[3]).toMatch(/^the cast/);
  });
});
