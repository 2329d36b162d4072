// What a result depends on is sealed: a lexicon (or module, or data file) changed between a run's
// start and its --resume is refused naming the file, unless --accept-changed-inputs says the change
// is meant; an edited inputs.json is an integrity error; a config repeating a key is refused naming it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneCleanLine, runChaos } from './support/chaos-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-sealed-inputs-'));
const lexicon = join(dir, 'harmful.txt');
writeFileSync(lexicon, 'awful 1\nbad 1\n');
const config = join(dir, 'config.json');
writeFileSync(
  config,
  JSON.stringify(
    tinyConfig(dir, {
      methods: ['pama'],
      seeds: [1],
      steps: 1,
      objectives: [
        { name: 'sentiment', source: 'sentiment' },
        { name: 'harmless', source: 'lexicon', path: lexicon },
      ],
    }),
  ),
);
const out = join(dir, 'out');
const align = (...more: string[]) => ['align', '--jobs', '1', '--config', config, '--out', out, ...more];

describe('sealed inputs', () => {
  it('--resume with a changed lexicon is refused naming it; --accept-changed-inputs continues; an edited inputs.json is refused', async () => {
    const first = await runChaos(align(), { timeoutMs: 120_000 });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(await runChaos(align('--resume'), { timeoutMs: 120_000 })).toMatchObject({ status: 0, stderr: '' });

    writeFileSync(lexicon, 'awful 1\nbad 1\ndreadful 1\n');
    const refused = await runChaos(align('--resume'), { timeoutMs: 60_000 });
    expect(refused.status).toBe(2);
    expect(oneCleanLine(refused.stderr), refused.stderr).toBe(
      `pama: --resume: objective 'harmless' (lexicon) ${lexicon} changed since the run started (sha256 ${refused.stderr.match(/sha256 (\w{12})/)?.[1]}… then, ${refused.stderr.match(/then, (\w{12})/)?.[1]}… now); restore it, or add --accept-changed-inputs to continue with the new content (scores before and after the change then come from different versions)`,
    );
    const accepted = await runChaos(align('--resume', '--accept-changed-inputs'), { timeoutMs: 120_000 });
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain(`--accept-changed-inputs: objective 'harmless' (lexicon) ${lexicon} changed since the run started`);
    // Accepted once, recorded: the next resume needs no flag.
    expect(await runChaos(align('--resume'), { timeoutMs: 120_000 })).toMatchObject({ status: 0, stderr: '' });

    const inputs = join(out, 'inputs.json');
    const sealed = JSON.parse(readFileSync(inputs, 'utf8'));
    writeFileSync(inputs, JSON.stringify({ ...sealed, files: { [lexicon]: '0'.repeat(64) } }));
    const edited = await runChaos(align('--resume'), { timeoutMs: 60_000 });
    expect(edited.status).toBe(2);
    expect(oneCleanLine(edited.stderr), edited.stderr).toMatch(/inputs\.json: .*delete it to record the files as they are now/);
  });

  it('--accept-changed-inputs without --resume is refused', async () => {
    const r = await runChaos(['align', '--config', config, '--out', join(dir, 'fresh'), '--accept-changed-inputs'], { timeoutMs: 60_000 });
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toBe(
      'pama: --accept-changed-inputs goes with --resume (a fresh start records the files as they are)',
    );
  });

  it('a config that repeats a key is refused naming the key', async () => {
    const repeated = join(dir, 'repeated.json');
    writeFileSync(repeated, '{"steps": 2, "ppo": {"epochs": 1}, "steps": 100000}');
    const r = await runChaos(['align', '--config', repeated, '--out', join(dir, 'repeated')], { timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toBe(
      `pama: config file "${repeated}": the key "steps" is given twice at the top level (JSON would keep only the last); keep one`,
    );
  });
});
