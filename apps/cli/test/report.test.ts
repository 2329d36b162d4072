import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport, reportCharts } from 'pama-experiment/report';
import { writeReport } from '../src/commands/report-command.js';
import { checkMetrics, nonDominatedRuns, testTable, escapeHtml, ExperimentError } from 'pama-experiment';
import { metricsFixture } from './metrics-fixture.js';

describe('report', () => {
  it('renders every chart as inline SVG with its explanation, and the test table', async () => {
    const metrics = metricsFixture();
    const html = await renderReport(metrics);
    const charts = reportCharts(metrics);
    // two rewards, KL, length, PAMA weights, scatter
    expect(charts.map((c) => c.id)).toEqual([
      'reward-sentiment',
      'reward-length',
      'kl',
      'response-length',
      'pama-weights',
      'pareto-scatter',
    ]);
    for (const chart of charts) {
      const figure = html.split(`<figure id="chart-${chart.id}"`)[1]?.split('</figure>')[0] ?? '';
      expect(figure).toContain('<svg');
      expect(figure).toContain(escapeHtml(chart.explanation));
      expect(figure).toMatch(/<path|<line|<rect/);
    }
    expect(html).toContain('PAMA (token)');
    expect(html).toContain('MORLHF');
    expect(html).toContain('MGDA-UB');
  });

  it('loads nothing from the network: no script, no external src or href, no @import', async () => {
    const html = await renderReport(metricsFixture());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\(/i);
    for (const m of html.matchAll(/(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)) {
      expect(m[1]).not.toMatch(/^(https?:)?\/\//i);
    }
  });

  it('a generated <script> in a sample shows as text', async () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const html = await renderReport(metricsFixture({ sampleText: evil }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img');
  });

  it('the test table gives mean ± std over seeds per method and objective', () => {
    const metrics = metricsFixture({ seeds: [1, 2] });
    const rows = testTable(metrics);
    const pama = metrics.runs.filter((r) => r.method === 'pama').map((r) => r.test.after.sentiment);
    const row = rows.find((r) => r.label === 'PAMA (token)')!;
    expect(row.seeds).toBe(2);
    expect(row.cells[0].mean).toBeCloseTo((pama[0] + pama[1]) / 2, 12);
    expect(row.cells[0].std).toBeCloseTo(Math.abs(pama[0] - pama[1]) / Math.SQRT2, 12);
    expect(rows[0].label).toBe('Before alignment');
  });

  it('marks as non-dominated exactly the runs no other run dominates', () => {
    const metrics = metricsFixture();
    const front = nonDominatedRuns(metrics);
    const pts = metrics.runs.map((r) => [r.test.after.sentiment, r.test.after.length]);
    const dominated = (i: number) =>
      pts.some((q, j) => j !== i && q[0] >= pts[i][0] && q[1] >= pts[i][1] && (q[0] > pts[i][0] || q[1] > pts[i][1]));
    pts.forEach((_, i) => expect(front.has(i)).toBe(!dominated(i)));
    expect(front.size).toBeGreaterThan(0);
  });

  it('writeReport writes report.html atomically and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pama-report-'));
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metricsFixture({ seeds: [1] })));
    await writeReport(join(dir, 'metrics.json'), join(dir, 'report.html'));
    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'report.html']);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('a metrics file with a non-finite reward is rejected naming the field', () => {
    const metrics = JSON.parse(JSON.stringify(metricsFixture({ seeds: [1] })));
    metrics.runs[1].steps[3].rewards.length = 'NaN';
    expect(() => checkMetrics(metrics)).toThrow(ExperimentError);
    expect(() => checkMetrics(metrics)).toThrow(/runs\[1\]\.steps\[3\]\.rewards\.length: .*\(got "NaN"\)/);
  });

  it('PAMA runs with objective targets get their own label in the table, and a bad target is named', () => {
    const metrics = metricsFixture({ seeds: [1, 2] });
    const withTargets = {
      ...metrics,
      runs: [...metrics.runs, ...metrics.runs.filter((r) => r.method === 'pama').map((r) => ({ ...r, targets: { length: 1.5 } }))],
    };
    const labels = testTable(checkMetrics(withTargets)).map((row) => row.label);
    expect(labels).toContain('PAMA (token)');
    expect(labels).toContain('PAMA (token, length met at 1.5)');
    // The weights chart keeps the two PAMA variants apart: one series per variant and objective.
    const weights = reportCharts(checkMetrics(withTargets)).find((c) => c.id === 'pama-weights')!;
    const series = new Set((weights.spec.data as { values: Array<{ series: string }> }).values.map((p) => p.series));
    expect([...series].sort()).toEqual([
      'PAMA (token): length',
      'PAMA (token): sentiment',
      'PAMA (token, length met at 1.5): length',
      'PAMA (token, length met at 1.5): sentiment',
    ]);
    const bad = JSON.parse(JSON.stringify(withTargets));
    bad.runs[bad.runs.length - 1].targets = { length: null };
    expect(() => checkMetrics(bad)).toThrow(/runs\[\d+\]\.targets\.length: .*\(got null\)/);
  });
});
