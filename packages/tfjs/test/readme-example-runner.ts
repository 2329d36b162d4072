// Runs the first ```js block under a README heading as a user would: written into the package
// directory (so `import 'pama-tfjs'` resolves to this package's dist) and executed by Node.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = new URL('../', import.meta.url);

export function runReadmeExample(heading: string, fileName: string, cwd?: string, args: readonly string[] = []): SpawnSyncReturns<string> {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = section.match(/```js\n([\s\S]*?)```/);
  expect(block, `a js block under ${heading}`).not.toBeNull();
  const dir = new URL('.test-results/', root);
  mkdirSync(dir, { recursive: true });
  const file = fileURLToPath(new URL(fileName, dir));
  writeFileSync(file, block![1]);
  return spawnSync(process.execPath, [file, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}
