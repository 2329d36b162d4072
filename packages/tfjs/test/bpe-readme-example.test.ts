// Runs the README's BPE example against the built package, as a user would, so it cannot rot.
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from './readme-example-runner.js';

describe('README BPE tokenizer example', () => {
  it('prints the pieces, the exact round trip and an identical rebuilt tokenizer', () => {
    const run = runReadmeExample('## Tokenizer', 'readme-bpe-example.mjs');
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^"the" " cat" "," " the" /);
    expect(lines[1]).toBe('the cat, the bat ✓');
    expect(lines[2]).toBe('true');
  });
});
