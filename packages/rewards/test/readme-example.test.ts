import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('README example', () => {
  it('is the example file verbatim, and running it prints the rows the README shows', () => {
    const example = readFileSync(new URL('examples/quick-start.mjs', root), 'utf8');
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain(example.trimEnd());
    // Runs against the built package, as a user would.
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('examples/quick-start.mjs', root))], { encoding: 'utf8' });
    for (const line of [
      'objectives: length, sentiment, politeness',
      'item 0: 0.800 0.832 0.000',
      'item 1: 0.500 -0.402 0.000',
      'item 2: 0.700 0.656 1.000',
    ]) {
      expect(out).toContain(line);
      expect(readme).toContain(line);
    }
  });
});
