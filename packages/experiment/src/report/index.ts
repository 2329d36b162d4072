/**
 * The report of an alignment run or a sweep: Vega-Lite charts rendered to SVG, the tables, and one
 * self-contained HTML page. Kept out of the main entry point because it loads Vega.
 *
 * @module pama-experiment/report
 */
export { renderReport, reportCharts } from './render-report.js';
export { renderSweepReport } from './sweep-report.js';
export { renderSvg } from './render-svg.js';
export { attainmentLine, sweepCharts, sweepMethodName } from './sweep-charts.js';
export type { ChartSpec, ScatterPoint } from './chart-specs.js';
