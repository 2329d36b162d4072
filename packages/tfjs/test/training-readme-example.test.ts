// Runs the README's Training example against the built package, as a user would, so it cannot rot.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from './readme-example-runner.js';

describe('README Training example', () => {
  it('trains 10 steps, prints rewards and weights on the simplex, checkpoints and restores', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pama-readme-'));
    try {
      const run = runReadmeExample('## Training', 'readme-training-example.mjs', cwd);
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('step ') || l.startsWith('restored'));
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
