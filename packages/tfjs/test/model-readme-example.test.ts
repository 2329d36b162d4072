// Runs the README's model quick start against the built package, as a user would, so it cannot rot.
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from './readme-example-runner.js';

describe('README model quick start', () => {
  it('runs, reports the backend, lowers the loss and prints two samples', () => {
    const run = runReadmeExample('## Quick start (model)', 'readme-model-example.mjs');
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
