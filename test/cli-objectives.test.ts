// End to end: the shipped examples (examples/*.json, examples/module-reward.mjs) through `pama align`
// with tiny models on the CPU backend, a served objective on a loopback pama-reward-server, the probe
// batch refusing a source that does not answer, and a run whose reward server stops mid-run,
// resumed once the server is back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runPama } from './support/run-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const serverBin = fileURLToPath(new URL('../apps/reward-server/bin/pama-reward-server.js', import.meta.url));
const examples = join(repoRoot, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'pama-objectives-e2e-'));

/** The tiny settings every run here uses: correctness is tested, not quality. */
const TINY = tinyConfig(dir, { methods: ['pama'], seeds: [1], steps: 2 });

/** An example config with TINY settings, its relative paths made absolute (they name files in examples/). */
function tinyExample(
  name: string,
  edit: (objectives: Record<string, unknown>[]) => Record<string, unknown>[] = (o) => o,
  extra: Record<string, unknown> = {},
): string {
  const example = JSON.parse(readFileSync(join(examples, name), 'utf8')) as { objectives: Record<string, unknown>[] };
  const objectives = edit(example.objectives.map((o) => (typeof o.path === 'string' ? { ...o, path: join(examples, o.path) } : o)));
  const file = join(dir, `${name.replace('.json', '')}-${Math.random().toString(36).slice(2, 8)}.json`);
  writeFileSync(file, JSON.stringify({ ...TINY, ...extra, objectives }));
  return file;
}

let servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
  servers = [];
});

/** Starts pama-reward-server on loopback; resolves with its base URL once it listens. */
function startServer(port: number, sources: string): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(process.execPath, [serverBin, '--port', String(port), '--sources', sources], { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m) resolve({ child, url: m[1], port: Number(m[2]) });
    });
    child.once('exit', () => reject(new Error(`reward server exited: ${err}`)));
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

function metricsOf(out: string): { objectives: string[]; runs: Array<{ steps: unknown[]; test: { after: Record<string, number> } }> } {
  return JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
}

describe('objectives end to end', () => {
  it('examples/three-objectives.json: sentiment, length and a lexicon objective, with pairwise report panels', async () => {
    const out = join(dir, 'three');
    const r = await runPama(['align', '--config', tinyExample('three-objectives.json'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /objectives: sentiment \(sentiment\), length \(length\), harmless \(lexicon .*harmful-words\.txt\); probe batch scored/,
    );
    const metrics = metricsOf(out);
    expect(metrics.objectives).toEqual(['sentiment', 'length', 'harmless']);
    expect(metrics.runs[0].steps).toHaveLength(2);
    for (const o of metrics.objectives) expect(Number.isFinite(metrics.runs[0].test.after[o])).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const id of ['pareto-sentiment-length', 'pareto-sentiment-harmless', 'pareto-length-harmless', 'reward-harmless'])
      expect(html).toContain(`id="chart-${id}"`);
  });

  it('examples/module-objective.json with examples/module-reward.mjs: the module scores every batch', async () => {
    const out = join(dir, 'module');
    const r = await runPama(['align', '--config', tinyExample('module-objective.json'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const metrics = metricsOf(out);
    expect(metrics.objectives).toEqual(['sentiment', 'length', 'variety']);
    const variety = metrics.runs[0].test.after.variety;
    expect(variety).toBeGreaterThan(0);
    expect(variety).toBeLessThanOrEqual(1);
  });

  it('examples/served-reward.json against pama-reward-server on loopback', async () => {
    const server = await startServer(0, 'sentiment-afinn');
    const out = join(dir, 'served');
    const config = tinyExample('served-reward.json', (os) =>
      os.map((o) => (o.source === 'http' ? { ...o, url: `${server.url}/v1/score` } : o)),
    );
    const r = await runPama(['align', '--config', config, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(metricsOf(out).objectives).toEqual(['served-sentiment', 'length']);
  });

  it('--objectives sentiment: one objective through all three methods; nine objectives are refused naming the key', async () => {
    const file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify({ ...TINY, methods: ['pama', 'morlhf', 'mgda-ub'] }));
    const out = join(dir, 'one');
    const r = await runPama(['align', '--config', file, '--objectives', 'sentiment', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const metrics = metricsOf(out);
    expect(metrics.objectives).toEqual(['sentiment']);
    expect(metrics.runs).toHaveLength(3);

    const nine = join(dir, 'nine.json');
    writeFileSync(
      nine,
      JSON.stringify({ ...TINY, objectives: Array.from({ length: 9 }, (_, i) => ({ name: `o${i}`, source: 'length' })) }),
    );
    const refused = await runPama(['align', '--config', nine, '--out', join(dir, 'nine')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('pama: invalid config: objectives: 1..8 objectives (got "9 objectives")\n');
  });

  it('a served objective whose server does not answer stops before any training with one line naming it', async () => {
    const free = await startServer(0, 'sentiment');
    free.child.kill('SIGKILL');
    await stopped(free.child);
    const out = join(dir, 'refused');
    const config = tinyExample('served-reward.json', (os) =>
      os.map((o) => (o.source === 'http' ? { ...o, url: `http://127.0.0.1:${free.port}/v1/score`, retries: 1 } : o)),
    );
    const r = await runPama(['align', '--config', config, '--out', out]);
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^pama: objective 'served-sentiment' \\(http http://127\\.0\\.0\\.1:${free.port}/v1/score\\) failed the probe batch: .*(ECONNREFUSED|connect)`,
      ),
    );
    expect(r.stdout).not.toContain('pre-training');
    expect(existsSync(join(out, 'runs'))).toBe(false);
  });

  it('pama sweep probes the objectives first too: an unanswering server stops it before pre-training', async () => {
    const free = await startServer(0, 'sentiment');
    free.child.kill('SIGKILL');
    await stopped(free.child);
    const out = join(dir, 'refused-sweep');
    const config = tinyExample('served-reward.json', (os) =>
      os.map((o) => (o.source === 'http' ? { ...o, url: `http://127.0.0.1:${free.port}/v1/score`, retries: 1 } : o)),
    );
    const r = await runPama(['sweep', '--config', config, '--weights', '2', '--seeds', '1', '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^pama: objective 'served-sentiment' \(http .*\) failed the probe batch: /);
    expect(r.stdout).not.toContain('pre-training');
    expect(existsSync(join(out, 'runs'))).toBe(false);
  });

  it('the reward server stops mid-run: the run stops at its last checkpoint; restarted, --resume finishes it', async () => {
    let server = await startServer(0, 'sentiment-afinn');
    const port = server.port;
    const out = join(dir, 'outage');
    const config = tinyExample(
      'served-reward.json',
      (os) => os.map((o) => (o.source === 'http' ? { ...o, url: `${server.url}/v1/score`, retries: 1 } : o)),
      { steps: 6 },
    );
    const args = ['align', '--config', config, '--out', out, '--jobs', '1'];
    let killedAt = '';
    const first = await runPama(args, {
      onStdout: (text) => {
        if (!killedAt && /pama-\w+-seed1: 2\/6 /.test(text)) {
          killedAt = 'step 2';
          server.child.kill('SIGKILL');
        }
      },
    });
    expect(killedAt).toBe('step 2');
    expect(first.status).toBe(1);
    const lines = first.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pama: objective 'served-sentiment' failed: .*the run stopped at its last checkpoint, and once the source answers again, resume with: pama align .*--resume$/,
    );
    const runDir = join(out, 'runs', readdirSync(join(out, 'runs'))[0]);
    const checkpoints = readdirSync(runDir).filter((f) => /^ckpt-\d+\.bin$/.test(f));
    expect(checkpoints.length).toBeGreaterThan(0);
    const progress = JSON.parse(readFileSync(join(runDir, 'progress.json'), 'utf8'));
    const done = progress.steps.length;
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(6);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);

    server = await startServer(port, 'sentiment-afinn');
    const resumed = await runPama([...args, '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`pama-\\w+-seed1: ${done}/6 starting`));
    expect(metricsOf(out).runs[0].steps).toHaveLength(6);
  });
});
