// Renders metrics.json into one self-contained report.html: inline CSS, charts as inline SVG,
// no script and nothing fetched from the network.
import type { Metrics } from './metrics.js';
import { escapeHtml } from './escape-html.js';
import { renderSvg } from './render-svg.js';
import { klChart, lengthChart, pamaWeightsChart, rewardCharts, scatterCharts, type ChartSpec } from './chart-specs.js';
import { combineTableHtml } from './combine-table.js';
import { formatCell, testTable } from './test-table.js';
import { methodLabel } from './method-label.js';
import { nonDominatedRuns } from './pareto-front.js';
import { REPORT_CSS } from './report-style.js';

/** 'a', 'a and b', 'a, b and c'. */
function listOf(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Each objective's source, PAMA target and MORLHF weight, from the config the run saved. */
function objectivesHtml(metrics: Metrics): string {
  const specs = (metrics.config as { objectives?: ReadonlyArray<Record<string, unknown>> } | null)?.objectives;
  if (!Array.isArray(specs)) return '';
  const raw = specs.map((s) => (typeof s.weight === 'number' ? s.weight : 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  const rows = specs.map((s, i) => {
    const target = typeof s.target === 'number' ? String(s.target) : '—';
    const normalize = typeof s.normalize === 'string' ? s.normalize : 'none';
    return `<tr><td>${escapeHtml(String(s.name))}</td><td>${escapeHtml(String(s.source))}</td><td class="num">${escapeHtml(target)}</td><td class="num">${(raw[i] / sum).toFixed(3)}</td><td>${escapeHtml(normalize)}</td></tr>`;
  });
  return `<table class="test-table objectives"><thead><tr><th>Objective</th><th>Source</th><th>PAMA target</th><th>MORLHF weight</th><th>Normalisation</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function factsList(metrics: Metrics): string {
  const methods = [...new Set(metrics.runs.map(methodLabel))].join(', ');
  const seeds = [...new Set(metrics.runs.map((r) => r.seed))].join(', ');
  const steps = Math.max(0, ...metrics.runs.map((r) => r.steps.length));
  const facts: Array<[string, string]> = [
    ['Objectives', metrics.objectives.join(', ')],
    ['Methods', methods || '—'],
    ['Seeds', seeds || '—'],
    ['Steps per run', String(steps)],
    ['Backend', metrics.backend],
  ];
  if (metrics.adapter !== undefined) {
    // Formatted here rather than with pama-tfjs's adapterLabel: `pama report` does not load TensorFlow.js.
    const a = metrics.adapter;
    facts.push([
      'Adapter',
      `${a.description || a.device || a.vendor} (${a.software ? 'software: correctness only, not speed' : 'hardware'})`,
    ]);
  }
  if (metrics.seconds !== undefined) facts.push(['Wall time', `${metrics.seconds.toFixed(0)} s`]);
  if (metrics.createdAt) facts.push(['Created', metrics.createdAt]);
  return `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
}

function tableHtml(metrics: Metrics): string {
  const rows = testTable(metrics);
  const best = metrics.objectives.map((_, j) => Math.max(...rows.slice(1).map((r) => r.cells[j].mean)));
  const head = `<tr><th>Method</th>${metrics.objectives.map((o) => `<th>${escapeHtml(o)}</th>`).join('')}<th>Seeds</th></tr>`;
  const body = rows
    .map((r, i) => {
      const cells = r.cells
        .map((c, j) => `<td class="num${i > 0 && c.mean === best[j] ? ' best' : ''}">${escapeHtml(formatCell(c, r.seeds))}</td>`)
        .join('');
      return `<tr${i === 0 ? ' class="reference"' : ''}><td>${escapeHtml(r.label)}</td>${cells}<td class="num">${r.seeds}</td></tr>`;
    })
    .join('');
  return `<table class="test-table"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function samplesHtml(metrics: Metrics): string {
  // One run per method (its first seed) keeps the page readable; metrics.json holds them all.
  const shown = metrics.runs.filter((run, i) => metrics.runs.findIndex((r) => methodLabel(r) === methodLabel(run)) === i);
  const rows = shown.flatMap((run) =>
    run.samples.map(
      (s) =>
        `<tr><td>${escapeHtml(methodLabel(run))}<br><small>seed ${run.seed}</small></td><td class="prompt">${escapeHtml(s.prompt)}</td><td><span class="gen">${escapeHtml(s.before)}</span></td><td><span class="gen">${escapeHtml(s.after)}</span></td></tr>`,
    ),
  );
  if (rows.length === 0) return '<p class="note">No samples were recorded.</p>';
  return `<table class="samples"><thead><tr><th>Run</th><th>Prompt</th><th>Before alignment</th><th>After alignment</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

async function figureHtml(chart: ChartSpec): Promise<string> {
  const svg = await renderSvg(chart.spec);
  return `<figure id="chart-${escapeHtml(chart.id)}" class="chart"><h3>${escapeHtml(chart.title)}</h3><p>${escapeHtml(chart.explanation)}</p><div class="svg">${svg}</div></figure>`;
}

/** The charts the report holds for these metrics (exported so tests can count them). */
export function reportCharts(metrics: Metrics): ChartSpec[] {
  const charts: ChartSpec[] = [...rewardCharts(metrics), klChart(metrics), lengthChart(metrics)];
  const weights = pamaWeightsChart(metrics);
  if (weights) charts.push(weights);
  charts.push(...scatterCharts(metrics, nonDominatedRuns(metrics)));
  return charts;
}

export async function renderReport(metrics: Metrics): Promise<string> {
  const figures: string[] = [];
  for (const chart of reportCharts(metrics)) figures.push(await figureHtml(chart));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PAMA alignment report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>Multi-objective alignment report</h1>
<p class="lede">A small transformer, pre-trained on English text, aligned to ${escapeHtml(listOf(metrics.objectives))} at once. PAMA combines the objectives' advantages with a closed-form weighting; MORLHF uses fixed linear weights; MGDA-UB solves a min-norm problem over gradients of a shared representation. Every method ran with the same model, data and budget.</p>
${factsList(metrics)}
${objectivesHtml(metrics)}
</header>
<section id="test-table">
<h2>Held-out test rewards</h2>
<p class="note">Mean reward on held-out prompts after alignment (mean ± standard deviation over seeds; best per objective in green). The first row is the pre-trained model every run started from.</p>
${tableHtml(metrics)}
</section>
<section id="charts">
<h2>Training</h2>
<div class="charts">
${figures.join('\n')}
</div>
</section>
<section id="combine">
<h2>How the objectives met</h2>
<p class="note">Per run, means over its training steps. Veto rate: the fraction of responses whose combined advantage was 0 on every token, so the update ignored them (with Noon, any objective whose advantage is not positive can do this). Rewards and advantages are per batch, advantages before normalisation.</p>
${combineTableHtml(metrics)}
</section>
<section id="samples">
<h2>Sample generations</h2>
<p class="note">Responses to the same held-out prompts from the pre-trained model and from the aligned one (sampled with the same seed), for the first seed of each method.</p>
${samplesHtml(metrics)}
</section>
<footer>Generated by <code>pama align</code>. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
}
