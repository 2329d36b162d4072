// A user's module objective cannot take the run with it: a call that never settles (with or without
// a live timer), a spinning call, `process.exit()` inside the module and an exception thrown from
// its timer each stop the command within the objective's `timeoutMs`, with one line naming the
// objective and never with exit 0; during training the line carries the resume command, and the
// resumed run (module fixed) finishes. Every case runs the real binary, bounded by a deadline.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneCleanLine, runChaos } from './support/chaos-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-module-containment-'));

/** The module's scoring function as source text; `calls` counts calls made in this thread. */
const MODULES: Record<string, string> = {
  never: 'export default () => new Promise(() => {});',
  neverWithTimer: 'export default () => new Promise(() => { setInterval(() => {}, 1000); });',
  spins: 'export default () => { for (;;) {} };',
  exits: 'export default () => process.exit(0);',
  throwsLater: "export default () => { setTimeout(() => { throw new Error('boom later'); }, 5); return new Promise(() => {}); };",
  // Answers the probe batch, then hangs from the first training batch on (until fixed on disk).
  hangsAfterProbe: 'let calls = 0; export default (items) => (calls++ < 1 ? items.map(() => 0.5) : new Promise(() => {}));',
  // Answers the probe batch, then exits the process from the first training batch on.
  exitsAfterProbe: 'let calls = 0; export default (items) => { if (calls++ >= 1) process.exit(0); return items.map(() => 0.5); };',
};

function configWith(kind: keyof typeof MODULES, jobs = 1): string {
  const module = join(dir, `${kind}.mjs`);
  writeFileSync(module, MODULES[kind]);
  const config = join(dir, `${kind}-${jobs}.json`);
  const objectives = [
    { name: 'sentiment', source: 'sentiment' },
    { name: 'custom', source: 'module', path: module, timeoutMs: 3000 },
  ];
  writeFileSync(config, JSON.stringify(tinyConfig(dir, { methods: ['pama'], seeds: [1], steps: 2, objectives })));
  return config;
}

describe('module objectives are contained', () => {
  it.each([
    ['never', /objective 'custom' .*gave no answer within 3000 ms/],
    ['neverWithTimer', /objective 'custom' .*gave no answer within 3000 ms/],
    ['spins', /objective 'custom' .*gave no answer within 3000 ms/],
    ['exits', /objective 'custom' .*ended its thread \(process\.exit\(0\)/],
    ['throwsLater', /objective 'custom' .*threw outside a call \(Error: boom later\)/],
  ] as const)('pama score with a module that %s: one line naming the objective, not exit 0', async (kind, pattern) => {
    const r = await runChaos(['score', '--config', configWith(kind), '--text', 'A fine day'], { timeoutMs: 60_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status).not.toBe(0);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(pattern);
    expect(r.stdout).toBe('');
  });

  it('pama align: a module that fails the probe batch stops before training, exit 2', async () => {
    const r = await runChaos(['align', '--jobs', '1', '--config', configWith('never'), '--out', join(dir, 'probe')], { timeoutMs: 90_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(/objective 'custom' \(module .*never\.mjs\) failed the probe batch: gave no answer/);
  });

  it.each([1, 2])(
    'pama align --jobs %i: a module that hangs mid-run is stopped and reported with the resume command; fixed, the run resumes',
    async (jobs) => {
      const config = configWith('hangsAfterProbe', jobs);
      const out = join(dir, `hang-${jobs}`);
      const r = await runChaos(['align', '--jobs', String(jobs), '--config', config, '--out', out], { timeoutMs: 120_000 });
      expect(r.timedOut).toBe(false);
      expect(r.status).toBe(1);
      const line = oneCleanLine(r.stderr);
      expect(line, r.stderr).toMatch(/objective 'custom' failed: .*gave no answer within 3000 ms/);
      expect(line).toContain(`--out ${out}`);
      expect(line).toContain('--resume');

      writeFileSync(JSON.parse(readFileSync(config, 'utf8')).objectives[1].path, 'export default (items) => items.map(() => 0.5);');
      // The module is part of the run's identity: a resume with it changed is refused until accepted.
      const refused = await runChaos(['align', '--jobs', String(jobs), '--config', config, '--out', out, '--resume'], {
        timeoutMs: 60_000,
      });
      expect(refused.status).toBe(2);
      expect(oneCleanLine(refused.stderr), refused.stderr).toMatch(
        /--resume: objective 'custom' \(module\) .*hangsAfterProbe\.mjs changed since the run started/,
      );
      const resumed = await runChaos(
        ['align', '--jobs', String(jobs), '--config', config, '--out', out, '--resume', '--accept-changed-inputs'],
        {
          timeoutMs: 120_000,
        },
      );
      expect(resumed.stderr).toBe('');
      expect(resumed.status).toBe(0);
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
      expect(metrics.runs[0].test.after.custom).toBe(0.5);
    },
  );

  it('pama align: process.exit(0) inside the module mid-run is a failure naming the objective, not exit 0', async () => {
    const r = await runChaos(['align', '--jobs', '1', '--config', configWith('exitsAfterProbe'), '--out', join(dir, 'exit')], {
      timeoutMs: 90_000,
    });
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(1);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(/objective 'custom' failed: .*process\.exit\(0\)/);
  });
});
