// The report's "How the objectives met" table: per run, the Noon and KL-placement settings, the
// veto rate (responses whose combined advantage was 0 everywhere), the mean weights and combined
// advantage, and each objective's reward and advantage spread, from the per-step metrics.
import { escapeHtml } from './escape-html.js';
import { methodLabel } from './method-label.js';
import type { Metrics, RunMetrics, StepRecord } from './metrics.js';
import { VETO_STALL_RATE, vetoStall } from './veto-stall.js';

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

function stepMean(steps: readonly StepRecord[], read: (s: StepRecord) => number | undefined): number {
  return mean(steps.map(read).filter((x): x is number => x !== undefined));
}

function stallCell(steps: readonly StepRecord[]): string {
  const { longest, sustained } = vetoStall(steps);
  return sustained ? `<strong>yes, ${longest} steps</strong>` : longest > 0 ? `no (${longest})` : 'no';
}

function runRow(run: RunMetrics, objectives: readonly string[]): string {
  const steps = run.steps;
  const last = steps.slice(-5);
  const perObjective = (read: (s: StepRecord) => Readonly<Record<string, number>> | undefined) =>
    objectives
      .map((o) =>
        fixed(
          stepMean(steps, (s) => read(s)?.[o]),
          3,
        ),
      )
      .join(' / ');
  const cells = [
    `${escapeHtml(methodLabel(run))}<br><small>seed ${run.seed}</small>`,
    run.noon === undefined ? '–' : run.noon ? 'on' : 'off',
    escapeHtml(run.klPlacement ?? 'per-objective'),
    `${fixed(100 * stepMean(steps, (s) => s.vetoRate), 0)}%`,
    `${fixed(100 * stepMean(last, (s) => s.vetoRate), 0)}%`,
    stallCell(steps),
    perObjective((s) => s.weights),
    fixed(
      stepMean(steps, (s) => s.combinedAdvantageMean),
      3,
    ),
    perObjective((s) => s.rewardStd),
    perObjective((s) => s.advantageStd),
  ];
  return `<tr>${cells.map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`;
}

/**
 * The table as HTML.
 *
 * @example
 * const step = { step: 1, rewards: { sentiment: 0.5, length: 0.4 }, kl: 0.1, weights: { sentiment: 0.7, length: 0.3 }, responseLength: 5, vetoRate: 0.25 };
 * const run = { method: 'pama', granularity: 'token', noon: true, seed: 1, steps: [step], samples: [], test: { before: {}, after: {} } };
 * const html = combineTableHtml({ objectives: ['sentiment', 'length'], backend: 'cpu', config: {}, runs: [run] });
 * html.startsWith('<table class="test-table combine">'); // true
 * html.includes('<td class="num">0.700 / 0.300</td>'); // true: the mean weights, objective order
 * html.includes('<td class="num">25%</td>'); // true: the veto rate
 */
export function combineTableHtml(metrics: Metrics): string {
  const names = escapeHtml(metrics.objectives.join(' / '));
  const head = [
    'Run',
    'Noon',
    'KL placement',
    'Veto rate',
    'Veto rate, last 5 steps',
    `Sustained veto stall (steps in a row ≥ ${100 * VETO_STALL_RATE}%)`,
    `Mean weights (${names})`,
    'Mean combined advantage',
    `Reward std (${names})`,
    `Advantage std (${names})`,
  ];
  const rows = metrics.runs.map((run) => runRow(run, metrics.objectives)).join('');
  return `<table class="test-table combine"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}
