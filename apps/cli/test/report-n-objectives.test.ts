// The report and metrics.json for any number of objectives: per-objective curves and weights, the
// test table, a single scatter for two objectives and pairwise panels for three or more.
import { describe, expect, it } from 'vitest';
import { renderReport, reportCharts } from 'pama-experiment/report';
import { checkMetrics, formatTestTable } from 'pama-experiment';
import type { Metrics } from 'pama-experiment';
import { metricsFixture } from './metrics-fixture.js';

/** The two-objective fixture with objectives renamed and extended to `names` (deterministic values). */
function fixtureWith(names: readonly string[]): Metrics {
  const base = metricsFixture({ seeds: [1, 2], steps: 4 });
  const values = (pair: Readonly<Record<string, number>>, k: number): Record<string, number> =>
    Object.fromEntries(names.map((n, j) => [n, j === 0 ? pair.sentiment : j === 1 ? pair.length : Math.cos(k * 1.7 + j) * 0.2 + j * 0.01]));
  const uniform = Object.fromEntries(names.map((n) => [n, 1 / names.length]));
  return {
    ...base,
    objectives: names,
    config: {
      objectives: names.map((name, j) => ({ name, source: j === 1 ? 'length' : 'sentiment', ...(j === 1 ? { target: 1.5 } : {}) })),
    },
    runs: base.runs.map((r, i) => ({
      ...r,
      steps: r.steps.map((s) => ({ ...s, rewards: values(s.rewards, s.step + i), weights: uniform })),
      test: { before: values(r.test.before, 0), after: values(r.test.after, i + 1) },
    })),
  };
}

describe('report for N objectives', () => {
  it('three objectives: a reward curve each, and one scatter panel per pair instead of the 2-D scatter', async () => {
    const metrics = fixtureWith(['sentiment', 'length', 'harmless']);
    const ids = reportCharts(metrics).map((c) => c.id);
    expect(ids.filter((id) => id.startsWith('reward-'))).toEqual(['reward-sentiment', 'reward-length', 'reward-harmless']);
    expect(ids.filter((id) => id.startsWith('pareto-'))).toEqual([
      'pareto-sentiment-length',
      'pareto-sentiment-harmless',
      'pareto-length-harmless',
    ]);
    expect(ids).toContain('pama-weights');
    const html = await renderReport(metrics);
    for (const id of ['pareto-sentiment-length', 'pareto-sentiment-harmless', 'pareto-length-harmless']) {
      const figure = html.split(`<figure id="chart-${id}"`)[1]?.split('</figure>')[0] ?? '';
      expect(figure).toContain('<svg');
    }
    expect(html).toContain('aligned to sentiment, length and harmless at once');
    // The objectives table: source, PAMA target and the MORLHF weights (equal by default).
    expect(html).toMatch(/<td>length<\/td><td>length<\/td><td class="num">1.5<\/td><td class="num">0.333<\/td>/);
    expect(formatTestTable(metrics).split('\n')[0]).toMatch(/sentiment \(test\).*length \(test\).*harmless \(test\)/);
  });

  it('two objectives keep the single Pareto scatter; one objective has none', () => {
    expect(
      reportCharts(fixtureWith(['sentiment', 'length']))
        .filter((c) => c.id.startsWith('pareto'))
        .map((c) => c.id),
    ).toEqual(['pareto-scatter']);
    const one = reportCharts(fixtureWith(['sentiment']));
    expect(one.filter((c) => c.id.startsWith('pareto'))).toEqual([]);
    expect(one.map((c) => c.id)).toContain('reward-sentiment');
  });

  it('eight objectives give 8·7/2 = 28 panels, and metrics.json of any N validates', () => {
    for (const n of [1, 3, 8]) {
      const names = Array.from({ length: n }, (_, j) => (j === 0 ? 'sentiment' : j === 1 ? 'length' : `o${j}`));
      const metrics = fixtureWith(names);
      expect(reportCharts(metrics).filter((c) => c.id.startsWith('pareto-')).length).toBe(n >= 3 ? (n * (n - 1)) / 2 : 0);
      expect(() => checkMetrics(JSON.parse(JSON.stringify(metrics)))).not.toThrow();
    }
  });

  it('a metrics file missing one objective of a run is rejected naming it', () => {
    const metrics = JSON.parse(JSON.stringify(fixtureWith(['sentiment', 'length', 'harmless'])));
    delete metrics.runs[0].test.after.harmless;
    expect(() => checkMetrics(metrics)).toThrow(/harmless/);
  });
});
