// The README's example, run as a user would: written into the package directory (so
// `import 'pama-experiment'` resolves to this package's dist) and executed by Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('README example', () => {
  it('checks a metrics file, prints its table and a simplex grid, and writes the report', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const block = readme.match(/```js\n([\s\S]*?)```/);
    expect(block).not.toBeNull();
    const dir = new URL('.test-results/readme/', root);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = fileURLToPath(new URL('example.mjs', dir));
    writeFileSync(file, block![1]);
    const result = spawnSync(process.execPath, [file], { cwd: fileURLToPath(dir), encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/PAMA \(sample\) +0\.300 +1\.000/);
    expect(result.stdout).toContain('[ 0.25, 0.75 ]');
    expect(existsSync(new URL('report.html', dir))).toBe(true);
    expect(readFileSync(new URL('report.html', dir), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
