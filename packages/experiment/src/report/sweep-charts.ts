// Vega-Lite specs of a sweep report: the fronts in objective space (one panel per pair of
// objectives) with each method's attainment line, hypervolume per method with its interval,
// reward against KL, and the combine weights over training.
import type { TopLevelSpec } from 'vega-lite';
import type { SweepMetrics, SweepRun } from '../sweep/sweep-metrics.js';
import { type ChartSpec, chartConfig as config } from './chart-specs.js';

const PALETTE = ['#e8590c', '#ae3ec9', '#4c6ef5', '#2b8a3e', '#c92a2a', '#1098ad'];
const NAMES: Record<string, string> = {
  morlhf: 'MORLHF (weights)',
  'pama-pref': 'PAMA steered (preference)',
  pama: 'PAMA',
  'mgda-ub': 'MGDA-UB',
};
export const sweepMethodName = (m: string): string => NAMES[m] ?? m;

function colorOf(m: SweepMetrics): { field: string; type: 'nominal'; title: string; scale: { domain: string[]; range: string[] } } {
  const domain = Object.keys(m.hypervolume).map(sweepMethodName);
  return { field: 'method', type: 'nominal', title: 'method', scale: { domain, range: PALETTE.slice(0, domain.length) } };
}

/** Vertices of the attainment staircase of `points` (maximised) down to `ref`, in drawing order. */
export function attainmentLine(points: readonly (readonly [number, number])[], ref: readonly [number, number]): Array<[number, number]> {
  const front = points
    .filter(([x, y]) => !points.some(([a, b]) => a >= x && b >= y && (a > x || b > y)))
    .filter(([x, y]) => x > ref[0] && y > ref[1])
    .sort((p, q) => p[0] - q[0]);
  if (front.length === 0) return [];
  const out: Array<[number, number]> = [[ref[0], front[0][1]]];
  front.forEach(([x, y], i) => {
    out.push([x, y]);
    out.push([x, i + 1 < front.length ? front[i + 1][1] : ref[1]]);
  });
  return out;
}

function frontPanel(m: SweepMetrics, i: number, j: number): ChartSpec {
  const [ox, oy] = [m.objectives[i], m.objectives[j]];
  const ref: [number, number] = [m.reference[i], m.reference[j]];
  // PAMA last, so its marks are drawn over the steered runs at the uniform preference (the same points).
  const marks = [...m.runs]
    .sort((a, b) => Number(a.method === 'pama') - Number(b.method === 'pama'))
    .map((r) => ({
      method: sweepMethodName(r.method),
      x: r.test.after[ox],
      y: r.test.after[oy],
      seed: r.seed,
      weights: r.weights
        ? Object.values(r.weights)
            .map((w) => w.toFixed(2))
            .join('/')
        : '',
    }));
  const lines = Object.keys(m.hypervolume).flatMap((method) => {
    const pts = m.runs.filter((r) => r.method === method).map((r) => [r.test.after[ox], r.test.after[oy]] as [number, number]);
    return attainmentLine(pts, ref).map(([x, y], order) => ({ method: sweepMethodName(method), x, y, order }));
  });
  const color = colorOf(m);
  const x = { field: 'x', type: 'quantitative' as const, title: `${ox} reward (test, after)`, scale: { zero: false, padding: 12 } };
  const y = { field: 'y', type: 'quantitative' as const, title: `${oy} reward (test, after)`, scale: { zero: false, padding: 12 } };
  const spec: TopLevelSpec = {
    width: 420,
    height: 300,
    config,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.8 },
        encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
      },
      {
        data: { values: marks },
        mark: { type: 'point', size: 80, strokeWidth: 2, opacity: 0.9 },
        encoding: {
          x,
          y,
          color,
          shape: { field: 'method', type: 'nominal', title: 'method', scale: { domain: color.scale.domain } },
          tooltip: [{ field: 'method' }, { field: 'seed' }, { field: 'weights' }],
        },
      },
      {
        data: { values: [{ x: ref[0], y: ref[1] }] },
        mark: { type: 'point', shape: 'cross', size: 140, color: '#343a40', filled: true },
        encoding: { x, y },
      },
    ],
  };
  return {
    id: `front-${ox}-${oy}`,
    title: `Attained fronts: ${ox} against ${oy}`,
    explanation: `Each point is one run (every seed and preference) scored on held-out prompts after alignment; each line is the boundary of the region that method's runs dominate (pooled over seeds). The black cross is the hypervolume reference point (${m.referenceSource === 'pre-trained' ? "the pre-trained model's test rewards" : 'set with --reference'}).`,
    spec,
  };
}

function hypervolumeChart(m: SweepMetrics): ChartSpec {
  const values = Object.entries(m.hypervolume).map(([method, h]) => ({
    method: sweepMethodName(method),
    mean: h.mean,
    lo: h.interval[0],
    hi: h.interval[1],
    pooled: h.pooled,
  }));
  const color = colorOf(m);
  const yEnc = { field: 'method', type: 'nominal' as const, title: null, sort: null };
  const spec: TopLevelSpec = {
    width: 380,
    height: 36 * values.length,
    config,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.8 },
        encoding: {
          y: yEnc,
          x: { field: 'mean', type: 'quantitative', title: 'hypervolume (mean over seeds)' },
          color: { ...color, legend: null },
        },
      },
      {
        mark: { type: 'rule', strokeWidth: 2, color: '#212529' },
        encoding: { y: yEnc, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
      { mark: { type: 'tick', color: '#212529', thickness: 2 }, encoding: { y: yEnc, x: { field: 'pooled', type: 'quantitative' } } },
    ],
  };
  return {
    id: 'hypervolume',
    title: 'Hypervolume per method',
    explanation:
      'Bars: mean over seeds of the hypervolume of each seed’s runs; black rule: 95 % bootstrap interval of that mean; black tick: the hypervolume pooled over all seeds.',
    spec,
  };
}

function rewardKlChart(m: SweepMetrics, objective: string): ChartSpec {
  const values = m.runs.map((r) => ({ method: sweepMethodName(r.method), kl: r.finalKl, reward: r.test.after[objective], seed: r.seed }));
  const spec: TopLevelSpec = {
    width: 380,
    height: 240,
    config,
    layer: [
      {
        data: { values },
        mark: { type: 'point', size: 60, filled: true, opacity: 0.85 },
        encoding: {
          x: { field: 'kl', type: 'quantitative', title: 'final KL to the pre-trained model' },
          y: { field: 'reward', type: 'quantitative', title: `${objective} reward (test, after)`, scale: { zero: false } },
          color: colorOf(m),
          shape: { field: 'method', type: 'nominal', title: 'method', scale: { domain: colorOf(m).scale.domain } },
        },
      },
      {
        data: { values: [{ kl: m.matchedKl.budget }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#868e96' },
        encoding: { x: { field: 'kl', type: 'quantitative' } },
      },
    ],
  };
  return {
    id: `reward-kl-${objective}`,
    title: `${objective} reward against KL`,
    explanation: `Each run's held-out ${objective} reward against its final KL (mean over its last steps). The dashed line is the KL budget of the matched-KL column (median final KL of all runs).`,
    spec,
  };
}

function weightLabel(r: SweepRun): string {
  const w = r.weights
    ? ` ${Object.values(r.weights)
        .map((x) => x.toFixed(2))
        .join('/')}`
    : '';
  return `${sweepMethodName(r.method)}${w}`;
}

function weightsChart(m: SweepMetrics): ChartSpec | null {
  const runs = m.runs.filter((r) => r.method === 'pama' || r.method === 'pama-pref' || r.method === 'mgda-ub');
  if (runs.length === 0) return null;
  const o = m.objectives[0];
  const sums = new Map<string, { sum: number; n: number; series: string; step: number }>();
  for (const r of runs) {
    for (const s of r.steps) {
      const series = weightLabel(r);
      const key = `${series}\u0000${s.step}`;
      const e = sums.get(key) ?? { sum: 0, n: 0, series, step: s.step };
      e.sum += s.weights[o];
      e.n++;
      sums.set(key, e);
    }
  }
  const values = [...sums.values()].map((e) => ({ series: e.series, step: e.step, weight: e.sum / e.n }));
  const spec: TopLevelSpec = {
    width: 380,
    height: 240,
    config: { ...config, legend: { ...config.legend, columns: 2 } },
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'weight', type: 'quantitative', title: `mean weight on ${o}`, scale: { domain: [0, 1] } },
      color: { field: 'series', type: 'nominal', title: 'run (preference)' },
    },
  };
  return {
    id: 'weight-trajectories',
    title: `Combine weight on ${o} over training`,
    explanation: `The mean weight each adaptive method put on ${o} at each step (mean over seeds); steered PAMA is labelled with its preference. MORLHF's weights are fixed at its preference and not drawn.`,
    spec,
  };
}

/** Every chart of a sweep report (exported so tests can count them). */
export function sweepCharts(m: SweepMetrics): ChartSpec[] {
  const panels: ChartSpec[] = [];
  for (let i = 0; i < m.objectives.length; i++) for (let j = i + 1; j < m.objectives.length; j++) panels.push(frontPanel(m, i, j));
  const charts = [...panels, hypervolumeChart(m), ...m.objectives.map((o) => rewardKlChart(m, o))];
  const weights = weightsChart(m);
  if (weights) charts.push(weights);
  return charts;
}
