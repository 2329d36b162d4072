import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

describe('workspace layout', () => {
  it('pama-core declares no runtime dependencies', () => {
    const pkg = readJson('packages/core/package.json');
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
  });

  it('the tfjs node backends are optional peers, never installed by npm ci', () => {
    const pkg = readJson('packages/tfjs/package.json');
    for (const name of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      expect(pkg.dependencies?.[name]).toBeUndefined();
      expect(pkg.optionalDependencies?.[name]).toBeUndefined();
      expect(pkg.peerDependenciesMeta?.[name]?.optional).toBe(true);
    }
  });
});
