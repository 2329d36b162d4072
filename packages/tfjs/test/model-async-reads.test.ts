// Every read of a tensor back into JavaScript in the library is asynchronous and says why it is
// there: a blocking read stalls a GPU backend (and throws on WebGPU in Node).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('reads from the backend', () => {
  it('no blocking dataSync()/arraySync() in src, except the wasm-only start-up check', () => {
    const blocking = sourceFiles(SRC).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, k) => ({ where: `${path.slice(SRC.length + 1)}:${k + 1}`, line }))
        // Code only: a doc comment's @example runs in the tests on the cpu backend, where a blocking read is fine.
        .filter(({ line }) => !/^\s*(\*|\/\/)/.test(line) && /\.(dataSync|arraySync)\(/.test(line)),
    );
    expect(blocking.map((b) => b.where)).toEqual(['backends/wasm-one-hot-fix.ts:9']);
  });

  it('each .data() read has a "GPU→CPU read: why" comment within the three lines above it', () => {
    const unmarked = sourceFiles(SRC).flatMap((path) => {
      const lines = readFileSync(path, 'utf8').split('\n');
      return lines.flatMap((line, k) =>
        /\.data\(\)/.test(line) && !/^\s*\*/.test(line) && !lines.slice(Math.max(0, k - 3), k + 1).some((l) => /GPU→CPU read: \S/.test(l))
          ? [`${path.slice(SRC.length + 1)}:${k + 1}`]
          : [],
      );
    });
    expect(unmarked).toEqual([]);
  });
});
