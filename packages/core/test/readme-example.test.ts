// Runs the README's example against the built package, so the documentation cannot rot.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('the js example runs to completion against the built package and prints what its comments say', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    expect(blocks).toHaveLength(1);
    const dir = join(packageDir, '.test-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-example.mjs');
    writeFileSync(`${file}.tmp`, blocks[0]);
    renameSync(`${file}.tmp`, file);
    const run = spawnSync(process.execPath, [file], { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('s* = 0 weights = [ 0.19999999999999996, 0.8, 0 ]');
    expect(run.stdout).toContain("hypervolume = { _tag: 'Right', right: 6 }");
    expect(run.stdout).toContain('non-finite advantages.data[1] — advantages.data[1] is NaN');
    expect(run.stdout).toContain('stationary: false');
  });
});
