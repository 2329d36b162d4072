// The README's example, run as a user would: written into the package directory (so
// `import 'pama-experiment'` resolves to this package's dist) and executed by Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

/** The README's `js` blocks, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Writes `code` into a fresh directory of the package and runs it with Node. */
function runInPackage(name: string, code: string, timeout: number) {
  const dir = new URL(`.test-results/${name}/`, root);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = fileURLToPath(new URL('example.mjs', dir));
  writeFileSync(file, code);
  return { dir, result: spawnSync(process.execPath, [file], { cwd: fileURLToPath(dir), encoding: 'utf8', timeout }) };
}

describe('README example', () => {
  it('runs an alignment experiment from code and writes the files pama align writes', () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBe(2);
    const { dir, result } = runInPackage('readme-align', blocks[0], 600_000);
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    expect(result.stdout).toMatch(/^pama seed 1: \{"sentiment":-?\d/m);
    const out = new URL('runs/example/', dir);
    for (const file of ['config.json', 'metrics.json', 'report.html', 'runs/pama-sample-seed1/result.json'])
      expect(existsSync(new URL(file, out)), file).toBe(true);
    const metrics = JSON.parse(readFileSync(new URL('metrics.json', out), 'utf8'));
    expect(metrics.runs.map((r: { seed: number; steps: unknown[] }) => [r.seed, r.steps.length])).toEqual([[1, 2]]);
  });

  it('checks a metrics file, prints its table and a simplex grid, and writes the report', () => {
    const { dir, result } = runInPackage('readme', readmeBlocks()[1], 120_000);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/PAMA \(sample\) +0\.300 +1\.000/);
    expect(result.stdout).toContain('[ 0.25, 0.75 ]');
    expect(existsSync(new URL('report.html', dir))).toBe(true);
    expect(readFileSync(new URL('report.html', dir), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
