// Runs the README's Training example against the built package, as a user would, so it cannot rot.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('README Training example', () => {
  it('trains 10 steps, prints rewards and weights on the simplex, checkpoints and restores', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = readme.slice(readme.indexOf('## Training'));
    const block = section.match(/```js\n([\s\S]*?)```/);
    expect(block).not.toBeNull();
    // Inside the package directory, so `import 'pama-tfjs'` resolves to this package's dist.
    const dir = new URL('.test-results/', root);
    mkdirSync(dir, { recursive: true });
    const file = fileURLToPath(new URL('readme-training-example.mjs', dir));
    writeFileSync(file, block![1]);
    const cwd = mkdtempSync(join(tmpdir(), 'pama-readme-'));
    try {
      const run = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.trim().split('\n').filter((l) => l.startsWith('step ') || l.startsWith('restored'));
      expect(lines).toHaveLength(11);
      lines.slice(0, 10).forEach((line, k) => {
        const m = line.match(/^step (\d+): rewards ([\d.]+) ([\d.]+), weights ([\d.]+) ([\d.]+)$/);
        expect(m, line).not.toBeNull();
        expect(Number(m![1])).toBe(k + 1);
        expect(Number(m![4]) + Number(m![5])).toBeCloseTo(1, 1);
      });
      expect(lines[10]).toBe('restored at step 10');
      expect(existsSync(join(cwd, 'pama.ckpt'))).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
