// `pama sweep --quick` end to end on a tiny CPU config: metrics.json schema, hypervolumes equal to
// an independent computation from the runs' own test rewards, steered PAMA at a uniform preference
// equal to PAMA, resume after SIGKILL, `pama report` re-rendering, headless Chromium, bad --weights.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runPama, runPamaSync } from './support/run-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-sweep-'));
const config = join(dir, 'config.json');
writeFileSync(
  config,
  JSON.stringify({
    backend: 'cpu',
    cacheDir: join(dir, 'cache'),
    steps: 4,
    corpus: { maxVocabulary: 300 },
    model: { contextLength: 16, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32 },
    pretrain: { steps: 8, batchSize: 8 },
    ppo: { batchSize: 8, minibatchSize: 8 },
    generation: { maxNewTokens: 8 },
    prompts: { evalCount: 16, samplesShown: 1 },
  }),
);
const flags = (out: string, jobs: string) => [
  'sweep',
  '--quick',
  '--config',
  config,
  '--seeds',
  '1,2',
  '--weights',
  '0.5,0.5;0,1',
  '--methods',
  'morlhf,pama-pref,pama',
  '--jobs',
  jobs,
  '--out',
  join(dir, out),
];
const readMetrics = (out: string) => JSON.parse(readFileSync(join(dir, out, 'metrics.json'), 'utf8'));

/** Independent 2-D hypervolume (maximised): sort by the first objective descending, add slabs. */
function hypervolume2d(points: number[][], ref: number[]): number {
  const inside = points.filter(([x, y]) => x > ref[0] && y > ref[1]).sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let volume = 0;
  let bestY = ref[1];
  for (const [x, y] of inside) {
    if (y > bestY) {
      volume += (x - ref[0]) * (y - bestY);
      bestY = y;
    }
  }
  return volume;
}

let whole: Awaited<ReturnType<typeof runPama>>;
beforeAll(async () => {
  whole = await runPama(flags('whole', '2'));
});

describe('pama sweep --quick', () => {
  it('exits 0 and prints the hypervolume table and the report path', () => {
    expect(whole.stderr).not.toMatch(/pama:|Error|\n\s+at /);
    expect(whole.status).toBe(0);
    expect(whole.stdout).toMatch(/^method\s+runs\s+HV pooled/m);
    expect(whole.stdout).toContain(`report:  ${join(dir, 'whole', 'report.html')}`);
  });

  it('metrics.json keeps every run (MORLHF and steered PAMA with their weights), the reference and per-method hypervolumes', () => {
    const m = readMetrics('whole');
    expect(m.kind).toBe('sweep');
    expect(m.objectives).toEqual(['sentiment', 'length']);
    // 2 seeds × (2 MORLHF + 2 steered PAMA + 1 PAMA)
    expect(m.runs).toHaveLength(10);
    for (const r of m.runs.filter((x: { method: string }) => x.method === 'morlhf' || x.method === 'pama-pref')) {
      expect(Object.keys(r.weights)).toEqual(['sentiment', 'length']);
      expect(r.weights.sentiment + r.weights.length).toBeCloseTo(1, 12);
    }
    expect(m.runs.filter((x: { weights?: unknown }) => x.weights === undefined).map((x: { method: string }) => x.method)).toEqual([
      'pama',
      'pama',
    ]);
    expect(Object.keys(m.hypervolume)).toEqual(['morlhf', 'pama-pref', 'pama']);
    expect(m.referenceSource).toBe('pre-trained');
    // Default reference: the pre-trained model's test rewards (mean of the runs' before-alignment evaluations).
    const meanBefore = (o: string) =>
      m.runs.reduce((s: number, r: { test: { before: Record<string, number> } }) => s + r.test.before[o], 0) / m.runs.length;
    expect(m.reference[0]).toBeCloseTo(meanBefore('sentiment'), 12);
    expect(m.reference[1]).toBeCloseTo(meanBefore('length'), 12);
    for (const h of Object.values(m.hypervolume) as Array<{ perSeed: number[]; interval: number[]; mean: number }>) {
      expect(h.perSeed).toHaveLength(2);
      expect(h.interval[0]).toBeLessThanOrEqual(h.mean + 1e-12);
      expect(h.interval[1]).toBeGreaterThanOrEqual(h.mean - 1e-12);
    }
    expect(typeof m.matchedKl.budget).toBe('number');
    expect(m.pamaVsMorlhf).toHaveLength(2);
  });

  it('hypervolumes equal an independent 2-D computation from the runs’ own test rewards', () => {
    const m = readMetrics('whole');
    for (const [method, h] of Object.entries(m.hypervolume) as Array<[string, { pooled: number; perSeed: number[]; seeds: number[] }]>) {
      const runs = m.runs.filter((r: { method: string }) => r.method === method);
      const pts = (rs: Array<{ test: { after: Record<string, number> } }>) => rs.map((r) => [r.test.after.sentiment, r.test.after.length]);
      expect(h.pooled).toBeCloseTo(hypervolume2d(pts(runs), m.reference), 12);
      h.seeds.forEach((seed, i) => {
        expect(h.perSeed[i]).toBeCloseTo(hypervolume2d(pts(runs.filter((r: { seed: number }) => r.seed === seed)), m.reference), 12);
      });
    }
  });

  it('steered PAMA at the uniform preference trains exactly as PAMA (same steps, same test rewards)', () => {
    const m = readMetrics('whole');
    for (const seed of [1, 2]) {
      const pama = m.runs.find((r: { method: string; seed: number }) => r.method === 'pama' && r.seed === seed);
      const steered = m.runs.find(
        (r: { method: string; seed: number; weights?: { sentiment: number } }) =>
          r.method === 'pama-pref' && r.seed === seed && r.weights?.sentiment === 0.5,
      );
      expect(steered.steps).toEqual(pama.steps);
      expect(steered.test).toEqual(pama.test);
    }
  });

  it('after SIGKILL mid-sweep, --resume finishes it with the same runs as the uninterrupted sweep', async () => {
    let killedAt = '';
    const killed = await runPama(flags('killed', '1'), {
      onStdout: (text, kill) => {
        const m = text.match(/morlhf-w0-1-seed1: 2\/4 /);
        if (m && !killedAt) {
          killedAt = m[0];
          kill();
        }
      },
    });
    expect(killedAt).not.toBe('');
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await runPama([...flags('killed', '1'), '--resume']);
    expect(resumed.stderr).not.toMatch(/pama:|Error|\n\s+at /);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('morlhf-w0.5-0.5-seed1: already finished, reusing its result');
    const strip = (out: string) => readMetrics(out).runs.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined }));
    expect(strip('killed')).toEqual(strip('whole'));
    expect(readMetrics('killed').hypervolume).toEqual(readMetrics('whole').hypervolume);
  });

  it('pama report re-renders the sweep report from its metrics.json', () => {
    const out = join(dir, 'rerendered.html');
    const r = runPamaSync(['report', join(dir, 'whole', 'metrics.json'), '--out', out]);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'whole', 'report.html'), 'utf8'));
  });

  it('report.html renders in headless Chromium: every chart an SVG with marks, no error, no request', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(dir, 'whole', 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => ({ id: f.id, marks: f.querySelectorAll('svg path, svg line, svg rect').length })),
      );
      // front (1 pair), hypervolume, reward-vs-KL per objective (2), weight trajectories
      expect(charts.map((c) => c.id)).toEqual([
        'chart-front-sentiment-length',
        'chart-hypervolume',
        'chart-reward-kl-sentiment',
        'chart-reward-kl-length',
        'chart-weight-trajectories',
      ]);
      for (const c of charts) expect(c.marks).toBeGreaterThan(0);
      expect(await page.$$eval('#hypervolume-table tbody tr', (rows) => rows.length)).toBe(3);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await browser.close();
    }
  });
});

describe('pama sweep bad input', () => {
  it.each([
    ['0.3,0.3', /^pama: --weights: vector 1 sums to 0\.6, not 1 \(got "0\.3,0\.3"\)\n$/],
    ['0.5,0.5,0', /^pama: --weights: vector 1 has 3 entries, there are 2 objectives \(got "0\.5,0\.5,0"\)\n$/],
    ['1', /^pama: --weights: a count from 2 to 200/],
    ['a,b', /^pama: --weights: "a" is not a number \(got "a,b"\)\n$/],
  ])('--weights %s → one clear line, exit non-zero, nothing run', (weights, expected) => {
    const r = runPamaSync(['sweep', '--quick', '--weights', weights, '--out', join(dir, 'bad')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
