// Vega-Lite specs for the report's charts, built from metrics.json. Every series is
// aggregated here (mean and a ±1 std band across seeds) so the charts show exactly what the
// table says.
import type { TopLevelSpec } from 'vega-lite';
import type { Metrics, RunMetrics, StepRecord } from './metrics.js';
import { methodLabel } from './method-label.js';
import { mean, std } from './statistics.js';

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** One or two sentences on how to read the chart. */
  readonly explanation: string;
  readonly spec: TopLevelSpec;
}

interface BandPoint {
  readonly series: string;
  readonly step: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly seeds: number;
}

const PALETTE = ['#4c6ef5', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#f59f00', '#495057'];
const WIDTH = 340;
const HEIGHT = 210;

/** The look every report chart shares (fonts, axis and legend style), run and sweep reports alike. */
export const chartConfig = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: {
    labelColor: '#495057',
    titleColor: '#343a40',
    gridColor: '#e9ecef',
    domainColor: '#adb5bd',
    tickColor: '#adb5bd',
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal' as const,
  },
  // labelLimit: long labels such as 'PAMA (sample, length met at 1.5)' must not be cut.
  legend: {
    labelFontSize: 11,
    labelLimit: 320,
    titleFontSize: 12,
    orient: 'bottom' as const,
    titleFontWeight: 'normal' as const,
    symbolOpacity: 1,
    symbolStrokeWidth: 2,
  },
};

/** Mean and ±1 std across seeds of one per-step quantity, per series (method label). */
function bands(runs: readonly RunMetrics[], seriesOf: (r: RunMetrics) => string, value: (s: StepRecord) => number): BandPoint[] {
  const groups = new Map<string, Map<number, number[]>>();
  for (const run of runs) {
    const series = seriesOf(run);
    const bySteps = groups.get(series) ?? new Map<number, number[]>();
    groups.set(series, bySteps);
    for (const s of run.steps) {
      const xs = bySteps.get(s.step) ?? [];
      xs.push(value(s));
      bySteps.set(s.step, xs);
    }
  }
  const out: BandPoint[] = [];
  for (const [series, bySteps] of groups) {
    for (const [step, xs] of [...bySteps].sort((a, b) => a[0] - b[0])) {
      const m = mean(xs);
      const sd = std(xs);
      out.push({ series, step, mean: m, lo: m - sd, hi: m + sd, seeds: xs.length });
    }
  }
  return out;
}

function bandChart(
  points: BandPoint[],
  yTitle: string,
  colorTitle: string,
  domain: string[],
  legend?: Record<string, unknown>,
): TopLevelSpec {
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: colorTitle,
    scale: { domain, range: PALETTE.slice(0, domain.length) },
    ...(legend ? { legend } : {}),
  };
  return {
    width: WIDTH,
    height: HEIGHT,
    config: chartConfig,
    data: { values: points as unknown as Record<string, unknown>[] },
    encoding: { x: { field: 'step', type: 'quantitative', title: 'step' } },
    layer: [
      {
        mark: { type: 'area', opacity: 0.18 },
        encoding: { y: { field: 'lo', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'hi' }, color },
      },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle }, color } },
    ],
  };
}

function seriesDomain(runs: readonly RunMetrics[]): string[] {
  return [...new Set(runs.map(methodLabel))];
}

export function rewardCharts(metrics: Metrics): ChartSpec[] {
  const domain = seriesDomain(metrics.runs);
  return metrics.objectives.map((objective) => ({
    id: `reward-${objective}`,
    title: `Reward: ${objective}`,
    explanation: `Mean ${objective} reward of each step's sampled batch, per method. The line is the mean over seeds, the shaded band ±1 standard deviation across seeds.`,
    spec: bandChart(
      bands(metrics.runs, methodLabel, (s) => s.rewards[objective]),
      `${objective} reward`,
      'method',
      domain,
    ),
  }));
}

export function klChart(metrics: Metrics): ChartSpec {
  return {
    id: 'kl',
    title: 'KL to the reference policy',
    explanation:
      'How far each method moved the policy from the pre-trained model (mean per-token KL on the batch). Reward gained at a small KL is cheap; a rising KL is the price of reward.',
    spec: bandChart(
      bands(metrics.runs, methodLabel, (s) => s.kl),
      'KL',
      'method',
      seriesDomain(metrics.runs),
    ),
  };
}

export function lengthChart(metrics: Metrics): ChartSpec {
  return {
    id: 'response-length',
    title: 'Response length',
    explanation: 'Mean number of generated tokens per response. The length objective pushes it up until its clipped reward saturates.',
    spec: bandChart(
      bands(metrics.runs, methodLabel, (s) => s.responseLength),
      'tokens',
      'method',
      seriesDomain(metrics.runs),
    ),
  };
}

export function pamaWeightsChart(metrics: Metrics): ChartSpec | null {
  const pamaRuns = metrics.runs.filter((r) => r.method === 'pama');
  if (pamaRuns.length === 0) return null;
  // With several PAMA variants (granularities, targets) each gets its own series per objective;
  // averaging their weights together would describe none of them.
  const variants = [...new Set(pamaRuns.map(methodLabel))];
  const seriesOf = (run: RunMetrics, objective: string) => (variants.length > 1 ? `${methodLabel(run)}: ${objective}` : objective);
  const points = metrics.objectives.flatMap((o) =>
    bands(
      pamaRuns,
      (run) => seriesOf(run, o),
      (s) => s.weights[o],
    ),
  );
  const domain = variants.length > 1 ? variants.flatMap((v) => metrics.objectives.map((o) => `${v}: ${o}`)) : [...metrics.objectives];
  return {
    id: 'pama-weights',
    title: "PAMA's weights",
    explanation:
      "The mean weight PAMA's closed-form solution put on each objective at each step. It leans toward the objective whose (Noon) advantages are currently smallest, the one most at risk; an objective met for a response (PAMA with targets) gets no weight there.",
    spec:
      variants.length > 1
        ? // Long "variant: objective" labels in one legend row would widen the SVG and shrink the plot.
          bandChart(points, 'weight', 'PAMA run: objective', domain, { columns: 1, labelLimit: 400, titleLimit: 400 })
        : bandChart(points, 'weight', 'objective', domain),
  };
}

export interface ScatterPoint {
  readonly label: string;
  readonly seed: number | null;
  readonly x: number;
  readonly y: number;
  readonly status: string;
}

/** The spec of one scatter of final test rewards: objective `ox` across, `oy` up. */
function scatterSpec(
  metrics: Metrics,
  nonDominated: ReadonlySet<number>,
  ox: string,
  oy: string,
  size: { width: number; height: number; legend: boolean },
): TopLevelSpec {
  const points: ScatterPoint[] = metrics.runs.map((r, i) => ({
    label: methodLabel(r),
    seed: r.seed,
    x: r.test.after[ox],
    y: r.test.after[oy],
    status: nonDominated.has(i) ? 'non-dominated' : 'dominated',
  }));
  points.push({
    label: 'Before alignment',
    seed: null,
    x: mean(metrics.runs.map((r) => r.test.before[ox])),
    y: mean(metrics.runs.map((r) => r.test.before[oy])),
    status: 'reference',
  });
  const domain = [...seriesDomain(metrics.runs), 'Before alignment'];
  const range = [...PALETTE.slice(0, domain.length - 1), '#868e96'];
  const legend = size.legend ? {} : { legend: null };
  return {
    width: size.width,
    height: size.height,
    config: { ...chartConfig, legend: { ...chartConfig.legend, orient: 'right' as const } },
    data: { values: points as unknown as Record<string, unknown>[] },
    layer: [
      {
        mark: { type: 'point', size: 110, strokeWidth: 2 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: `${ox} reward (test, after)`, scale: { zero: false, padding: 16 } },
          y: { field: 'y', type: 'quantitative', title: `${oy} reward (test, after)`, scale: { zero: false, padding: 16 } },
          color: { field: 'label', type: 'nominal', title: 'method', scale: { domain, range }, ...legend },
          shape: {
            field: 'status',
            type: 'nominal',
            title: 'Pareto status',
            scale: { domain: ['non-dominated', 'dominated', 'reference'], range: ['diamond', 'circle', 'cross'] },
            legend: null,
          },
          // Non-dominated runs are filled; the others are drawn as outlines.
          fill: {
            condition: {
              test: "datum.status !== 'dominated'",
              field: 'label',
              type: 'nominal',
              title: 'method',
              scale: { domain, range },
              ...legend,
            },
            value: '#ffffff',
          },
          fillOpacity: { value: 0.9 },
        },
      },
    ],
  };
}

/**
 * Final test rewards of every run with the before-alignment mean: one 2-D scatter for two
 * objectives; for three or more, one panel per pair of objectives (N·(N−1)/2 panels), the Pareto
 * status computed over all N objectives.
 */
export function scatterCharts(metrics: Metrics, nonDominated: ReadonlySet<number>): ChartSpec[] {
  const objectives = metrics.objectives;
  if (objectives.length < 2 || metrics.runs.length === 0) return [];
  if (objectives.length === 2) {
    const [ox, oy] = objectives;
    return [
      {
        id: 'pareto-scatter',
        title: 'Final test rewards and the Pareto front',
        explanation: `Each mark is one run (method × seed) scored on held-out prompts after alignment. Filled diamonds are non-dominated (no other run is at least as good on both ${ox} and ${oy} and better on one); hollow circles are dominated; the grey cross is the pre-trained model.`,
        spec: scatterSpec(metrics, nonDominated, ox, oy, { width: WIDTH - 60, height: HEIGHT + 40, legend: true }),
      },
    ];
  }
  const panels: ChartSpec[] = [];
  for (let i = 0; i < objectives.length; i++) {
    for (let j = i + 1; j < objectives.length; j++) {
      const [ox, oy] = [objectives[i], objectives[j]];
      panels.push({
        id: `pareto-${ox}-${oy}`,
        title: `Final test rewards: ${ox} and ${oy}`,
        explanation: `One pair of the ${objectives.length} objectives. Each mark is one run after alignment; filled diamonds are non-dominated over all ${objectives.length} objectives (so a run may look dominated in this pair and still be on the front); the grey cross is the pre-trained model.`,
        spec: scatterSpec(metrics, nonDominated, ox, oy, { width: WIDTH - 60, height: HEIGHT, legend: i === 0 && j === 1 }),
      });
    }
  }
  return panels;
}
