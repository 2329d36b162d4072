// `pama sweep` under a hostile but fair user: one objective is refused at once (it used to loop
// forever building the grid), a reference point that cannot give a finite hypervolume is refused
// before any training, an interrupted sweep prints its resume command and releases its lock, a
// resume may correct the reference point, an align out dir is named as such, and a source's huge
// finite score is refused naming the objective. Every case runs the real binary, bounded.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneCleanLine, runChaos } from './support/chaos-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-sweep-reliability-'));
function config(name: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(tinyConfig(dir, { seeds: [1], steps: 3, ...overrides })));
  return file;
}
const sweep = (cfg: string, out: string, ...more: string[]) => [
  'sweep',
  '--config',
  cfg,
  '--methods',
  'morlhf',
  '--weights',
  '2',
  '--jobs',
  '1',
  '--out',
  join(dir, out),
  ...more,
];

describe('pama sweep reliability', () => {
  it('one objective is refused at once, naming it', async () => {
    const one = config('one', { objectives: [{ name: 'sentiment', source: 'sentiment' }] });
    const r = await runChaos(sweep(one, 'one'), { timeoutMs: 30_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(/needs 2 or more objectives .*the config has 1: 'sentiment'/);
  });

  it.each([['1e400,0'], ['-1e308,-1e308'], ['nan,0']])('--reference=%s is refused before any training', async (reference) => {
    const r = await runChaos(sweep(config('reference'), `reference-${reference}`, `--reference=${reference}`), { timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(/^pama: --reference: /);
    expect(r.stdout).not.toMatch(/pre-?train/i);
    expect(existsSync(join(dir, `reference-${reference}`, 'runs'))).toBe(false);
  });

  it('SIGTERM prints the resume command and releases the lock; the resume may correct --reference', async () => {
    const cfg = config('signal');
    const out = join(dir, 'signal');
    let sent = false;
    const r = await runChaos(sweep(cfg, 'signal'), {
      timeoutMs: 120_000,
      onStdout: (text, control) => {
        if (!sent && /morlhf-w/.test(text)) {
          sent = true;
          control.signal('SIGTERM');
        }
      },
    });
    expect(r.status).toBe(143);
    expect(r.stderr).toContain(`pama sweep --config ${cfg} --methods morlhf --weights 2 --jobs 1 --out ${out} --resume`);
    expect(existsSync(join(out, '.pama.lock'))).toBe(false);

    const resumed = await runChaos(sweep(cfg, 'signal', '--resume', '--reference=-1,-1'), { timeoutMs: 180_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).reference).toEqual([-1, -1]);
  });

  it('an align out dir is named as such, fresh or resumed', async () => {
    const out = join(dir, 'align-dir');
    const cfg = config('align', { methods: ['pama'], steps: 1 });
    const align = await runChaos(['align', '--jobs', '1', '--config', cfg, '--out', out], { timeoutMs: 120_000 });
    expect(align.status).toBe(0);
    for (const more of [[], ['--resume']]) {
      const r = await runChaos(sweep(cfg, 'align-dir', ...more), { timeoutMs: 30_000 });
      expect(r.status).toBe(2);
      expect(oneCleanLine(r.stderr), r.stderr).toMatch(/holds a pama align run, not a sweep/);
    }
  });

  it('a module returning a finite but huge score is refused naming the objective', async () => {
    const module = join(dir, 'huge.mjs');
    writeFileSync(module, 'export default (items) => items.map(() => 1e308);');
    const cfg = config('huge', {
      objectives: [
        { name: 'sentiment', source: 'sentiment' },
        { name: 'huge', source: 'module', path: module },
      ],
    });
    const r = await runChaos(sweep(cfg, 'huge'), { timeoutMs: 60_000 });
    expect(r.status).toBe(2);
    expect(oneCleanLine(r.stderr), r.stderr).toMatch(/objective 'huge' .*failed the probe batch: .*beyond ±1e15/);
  });
});
