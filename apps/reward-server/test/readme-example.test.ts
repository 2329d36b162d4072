import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('README example', () => {
  it('is the example file verbatim, and it serves, scores over HTTP and shuts down', async () => {
    const example = readFileSync(new URL('examples/score-over-http.mjs', root), 'utf8');
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain(example.trimEnd());
    const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(new URL('examples/score-over-http.mjs', root))], {
      encoding: 'utf8',
    });
    expect(stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^item 0: length 0\.5, sentiment 0\.\d+$/m);
    expect(stdout).toMatch(/^item 1: length 0\.5, sentiment -0\.\d+$/m);
    expect(stdout).toContain('predict: [[{"label":"length","score":0.5}],[{"label":"length","score":0.5}]]');
  });
});
