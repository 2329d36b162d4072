import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('README example', () => {
  it('is the example file verbatim, and running it prints the lines the README shows', () => {
    const example = readFileSync(new URL('examples/score-with-classifier.mjs', root), 'utf8');
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain(example.trimEnd());
    // Runs against the built package, as a user would.
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('examples/score-with-classifier.mjs', root))], { encoding: 'utf8' });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('labels NEGATIVE, POSITIVE; score: probability of POSITIVE; reward: logit 0 (LABEL_0)');
    for (const line of lines) expect(readme).toContain(line);
  });
});
