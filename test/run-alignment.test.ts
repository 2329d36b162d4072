// pama-experiment's runAlignment is `pama align` from code: the same config run both ways writes
// the same metrics.json (apart from wall times, the date and the out dir) and the same run files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runPama } from './support/run-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-run-alignment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** metrics.json without what records when and where it ran (seconds, createdAt, the out dir). */
function comparable(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'), (key, value) =>
    key === 'seconds' || key === 'createdAt' || key === 'outDir' || key === 'cacheDir' ? undefined : value,
  );
}

describe('runAlignment', () => {
  it('writes what pama align writes for the same config, in worker processes as well', async () => {
    const layer = (name: string) => tinyConfig(join(dir, name), { methods: ['pama', 'morlhf'], seeds: [1], steps: 2 });
    const configFile = join(dir, 'cli.json');
    writeFileSync(configFile, JSON.stringify(layer('cli')));
    const cli = await runPama(['align', '--config', configFile, '--jobs', '2', '--out', join(dir, 'cli', 'out')]);
    expect(cli.status, cli.stderr).toBe(0);

    const code = `
      import { runAlignment } from 'pama-experiment';
      import { resolveAlignConfig } from 'pama-experiment/config';
      const config = resolveAlignConfig(${JSON.stringify(layer('lib'))}, {}, false);
      await runAlignment(config, { outDir: ${JSON.stringify(join(dir, 'lib', 'out'))}, jobs: 2 });
    `;
    const lib = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
    expect(lib.status, lib.stderr).toBe(0);
    expect(lib.stdout).toContain('metrics:');

    const cliMetrics = comparable(join(dir, 'cli', 'out', 'metrics.json'));
    expect(comparable(join(dir, 'lib', 'out', 'metrics.json'))).toEqual(cliMetrics);
    expect((cliMetrics as { runs: unknown[] }).runs).toHaveLength(2);
    for (const run of ['pama-sample-seed1', 'morlhf-seed1']) {
      const file = join('runs', run, 'policy', 'model.json');
      expect(readFileSync(join(dir, 'lib', 'out', file), 'utf8')).toBe(readFileSync(join(dir, 'cli', 'out', file), 'utf8'));
    }
  });
});
