// Many machines: `pama pretrain --out DIR`, then `pama align --shard K/N --pretrained DIR` as three
// separate processes, then `pama merge`: the merged metrics.json and report.html equal those of one
// run of the same config on one machine ("equal" as test/support/merged-metrics.ts defines it).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyConfig } from './support/tiny-config.js';
import { runPama } from './support/run-pama.js';
import { determinedMetrics, determinedReport } from './support/merged-metrics.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-shard-'));
const config = join(dir, 'config.json');
const settings = tinyConfig(dir, { methods: ['pama', 'morlhf'], seeds: [1, 2], steps: 2 });
writeFileSync(config, JSON.stringify(settings));
const pretrained = join(dir, 'pretrained');
const align = (out: string, ...more: string[]) => ['align', '--quick', '--config', config, '--out', join(dir, out), '--jobs', '1', ...more];
const shardDirs = [1, 2, 3].map((k) => join(dir, `shard${k}`));

function metricsOf(out: string) {
  return JSON.parse(readFileSync(join(dir, out, 'metrics.json'), 'utf8'));
}

let merge: Awaited<ReturnType<typeof runPama>>;

beforeAll(async () => {
  const single = await runPama(align('single'));
  expect(single.status).toBe(0);
  const pre = await runPama(['pretrain', '--quick', '--config', config, '--out', pretrained]);
  expect(pre.stderr).toBe('');
  expect(pre.status).toBe(0);
  // Three shards as three processes at once, as three machines of a job array would run them.
  const shards = await Promise.all([1, 2, 3].map((k) => runPama(align(`shard${k}`, '--shard', `${k}/3`, '--pretrained', pretrained))));
  for (const s of shards) {
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    expect(s.stdout).toContain(`pre-training: reusing cached model ${pretrained}`);
  }
  merge = await runPama(['merge', ...shardDirs, '--out', join(dir, 'merged')]);
});

describe('pama align --shard K/N, pama pretrain and pama merge', () => {
  it('each shard runs only its slice of the run matrix (round-robin: 2, 1 and 1 of 4 runs)', () => {
    expect(metricsOf('shard1').runs.map((r: { method: string; seed: number }) => `${r.method}-${r.seed}`)).toEqual(['pama-1', 'morlhf-2']);
    expect(metricsOf('shard2').runs.map((r: { method: string; seed: number }) => `${r.method}-${r.seed}`)).toEqual(['pama-2']);
    expect(metricsOf('shard3').runs.map((r: { method: string; seed: number }) => `${r.method}-${r.seed}`)).toEqual(['morlhf-1']);
  });

  it('merging the three shards gives the metrics.json and report.html of the single-machine run', () => {
    expect(merge.stderr).toBe('');
    expect(merge.status).toBe(0);
    expect(merge.stdout).toContain('merged 3 shards, 4 runs');
    expect(metricsOf('merged').config.outDir).toBe(join(dir, 'merged'));
    expect(determinedMetrics(join(dir, 'merged'))).toBe(determinedMetrics(join(dir, 'single')));
    expect(determinedReport(join(dir, 'merged'))).toBe(determinedReport(join(dir, 'single')));
  });

  it('merge refuses a shard of another config, naming the key and both values', async () => {
    const other = await runPama(align('other2', '--shard', '2/3', '--steps', '1'));
    expect(other.status).toBe(0);
    const refused = await runPama(['merge', shardDirs[0], join(dir, 'other2'), shardDirs[2], '--out', join(dir, 'bad')]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim()).toBe(`pama: cannot merge: steps is 1 in ${join(dir, 'other2')} but 2 in ${shardDirs[0]}`);
  });

  it("merge refuses a missing shard, a plain out dir as input and a run's out dir as output", async () => {
    const missing = await runPama(['merge', shardDirs[0], shardDirs[2], '--out', join(dir, 'bad')]);
    expect(missing.stderr.trim()).toBe('pama: cannot merge: shard 2/3 missing (got 2 of 3)');
    const plain = await runPama(['merge', join(dir, 'single'), '--out', join(dir, 'bad')]);
    expect(plain.stderr.trim()).toMatch(/^pama: merge: .*single is not a shard's out dir \(no shard\.json/);
    const overRun = await runPama(['merge', ...shardDirs, '--out', join(dir, 'single')]);
    expect(overRun.stderr.trim()).toBe(`pama: merge: --out ${join(dir, 'single')} holds a pama align run; choose another directory`);
  });

  it('merge verifies every shard against its sealed run results and schema before reading a number, writing nothing on refusal', async () => {
    const edited = join(dir, 'edited2');
    cpSync(shardDirs[1], edited, { recursive: true });
    const metrics = JSON.parse(readFileSync(join(edited, 'metrics.json'), 'utf8'));
    metrics.runs[0].test.after.sentiment = 0.999;
    writeFileSync(join(edited, 'metrics.json'), JSON.stringify(metrics));
    const refused = await runPama(['merge', shardDirs[0], edited, shardDirs[2], '--out', join(dir, 'merged-edited')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toMatch(
      /^pama: merge: .*edited2\/metrics\.json: runs\[0\]\.test\.after\.sentiment is 0\.999 but the run's sealed result\.json has [-\d.e]+ \(the file was edited\); rewrite it with pama align --resume --shard 2\/3 --out /,
    );
    expect(existsSync(join(dir, 'merged-edited', 'metrics.json'))).toBe(false);

    metrics.runs[0].steps = 'many';
    writeFileSync(join(edited, 'metrics.json'), JSON.stringify(metrics));
    const malformed = await runPama(['merge', shardDirs[0], edited, shardDirs[2], '--out', join(dir, 'merged-malformed')]);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr.trim()).toMatch(/^pama: .*edited2\/metrics\.json.*runs\[0\]\.steps/);
    expect(malformed.stderr).not.toMatch(/unexpected failure/);
    expect(existsSync(join(dir, 'merged-malformed', 'metrics.json'))).toBe(false);
  });

  it('pretrain refuses an out dir holding runs, and one whose lock another process holds', async () => {
    const intoShard = await runPama(['pretrain', '--quick', '--config', config, '--out', shardDirs[0]]);
    expect(intoShard.status).toBe(2);
    expect(intoShard.stderr.trim()).toBe(
      `pama: pretrain --out ${shardDirs[0]} holds the runs of a pama align or sweep (config.json); pre-train into a directory of its own`,
    );
    const locked = join(dir, 'locked-pretrained');
    mkdirSync(locked);
    writeFileSync(
      join(locked, '.pama.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: 'pama align' }),
    );
    const busy = await runPama(['pretrain', '--quick', '--config', config, '--out', locked]);
    expect(busy.status).toBe(3);
    expect(busy.stderr.trim()).toMatch(/^pama: pretrain --out .*locked-pretrained is in use by pama align \(/);
  });

  it('--pretrained of another model size is refused before any work, naming the key and both values', async () => {
    const wider = join(dir, 'wider.json');
    writeFileSync(wider, JSON.stringify({ ...settings, model: { ...(settings.model as object), dModel: 32 } }));
    const r = await runPama(['align', '--quick', '--config', wider, '--out', join(dir, 'wider'), '--pretrained', pretrained]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(`pama: --pretrained: model.dModel is 32 here but ${pretrained} was pre-trained with 16`);
    expect(r.stdout).toBe('');
  });

  it('a shard out dir continues only as the same shard', async () => {
    const r = await runPama([...align('shard1', '--shard', '2/3'), '--resume']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(`pama: --shard is 2/3 but ${shardDirs[0]} holds shard 1/3; rerun with --shard 1/3`);
  });
});
