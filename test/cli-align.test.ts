// `pama align --quick` end to end in a temporary directory: the metrics schema, PAMA improving
// both objectives on held-out prompts (fixed seed), and a self-contained report.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runPama } from './support/run-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-align-'));
const out = join(dir, 'quick');
let result: Awaited<ReturnType<typeof runPama>>;

beforeAll(async () => {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ cacheDir: join(dir, 'cache') }));
  result = await runPama(['align', '--quick', '--config', config, '--out', out]);
});

describe('pama align --quick', () => {
  it('exits 0 and prints the summary table and the report path', () => {
    expect(result.stderr).not.toMatch(/pama:|Error|\n\s+at /);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^method\s+sentiment \(test\)\s+length \(test\)/m);
    expect(result.stdout).toContain(`report:  ${join(out, 'report.html')}`);
  });

  it('writes metrics.json with objectives, backend, config and one run per method with steps and test rewards', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.objectives).toEqual(['sentiment', 'length']);
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(metrics.backend);
    expect(metrics.config.steps).toBeGreaterThan(0);
    expect(metrics.runs.map((r: { method: string }) => r.method)).toEqual(['pama', 'morlhf', 'mgda-ub']);
    for (const run of metrics.runs) {
      expect(Number.isInteger(run.seed)).toBe(true);
      if (run.method === 'pama') expect(['token', 'sample', 'batch', 'gram', 'sample-mix']).toContain(run.granularity);
      expect(run.steps).toHaveLength(metrics.config.steps);
      run.steps.forEach((s: { step: number; rewards: Record<string, number>; kl: number; weights: Record<string, number> }, i: number) => {
        expect(s.step).toBe(i + 1);
        for (const o of metrics.objectives) {
          expect(Number.isFinite(s.rewards[o])).toBe(true);
          expect(s.weights[o]).toBeGreaterThanOrEqual(0);
        }
        expect(Number.isFinite(s.kl)).toBe(true);
      });
      for (const phase of ['before', 'after']) for (const o of metrics.objectives) expect(Number.isFinite(run.test[phase][o])).toBe(true);
    }
  });

  it('PAMA after alignment beats the pre-trained model on both objectives on held-out prompts (fixed seed)', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const pama = metrics.runs.find((r: { method: string }) => r.method === 'pama');
    expect(pama.test.after.sentiment).toBeGreaterThan(pama.test.before.sentiment);
    expect(pama.test.after.length).toBeGreaterThan(pama.test.before.length);
  });

  it('report.html holds every chart as SVG and no network URL in any src or href', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const figures = html.match(/<figure id="chart-[^"]+" class="chart">[\s\S]*?<\/figure>/g) ?? [];
    expect(figures.length).toBe(6);
    for (const f of figures) expect(f).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|@import/i);
    for (const m of html.matchAll(/(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)) expect(m[1]).not.toMatch(/^(https?:)?\/\//i);
  });

  it('leaves no temporary file, and finished runs keep a result but no checkpoint', () => {
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => /ckpt-\d+\.bin$|progress\.json$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('result.json'))).toHaveLength(3);
  });
});

describe('report.html in headless Chromium', () => {
  it('renders with no console error and no failed request, every chart SVG present; screenshot saved', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const consoleErrors: string[] = [];
      const failed: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      page.on('requestfailed', (r) => failed.push(r.url()));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(out, 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => ({ id: f.id, svg: !!f.querySelector('svg'), marks: f.querySelectorAll('svg path, svg line, svg rect').length })),
      );
      expect(charts).toHaveLength(6);
      for (const c of charts) {
        expect(c.svg).toBe(true);
        expect(c.marks).toBeGreaterThan(0);
      }
      expect(consoleErrors).toEqual([]);
      expect(failed).toEqual([]);
      expect(requests).toEqual([url]);
      const artifacts = join(repoRoot, 'test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      const shot = join(artifacts, 'report-quick.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
