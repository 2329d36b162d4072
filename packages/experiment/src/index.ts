/**
 * What `pama align`, `pama sweep` and `pama report` do, as a library: {@link runAlignment} (an
 * alignment experiment from code, as `pama align` runs it) and {@link runSweep} (`pama sweep`),
 * the shape of metrics.json and its checks, the report's tables and the sweep's statistics
 * (simplex grids of preferences, hypervolume, bootstrap intervals, PAMA's placement against the
 * MORLHF front). The parts of a run are in subpaths named for what they hold
 * (`pama-experiment/config`, `/corpus`, `/data`, `/objectives`, `/align`, `/runner`, `/io`,
 * `/progress`); the HTML report and its charts, which load Vega, are in `pama-experiment/report`.
 *
 * @module pama-experiment
 */
export { ExperimentError, type ExperimentErrorKind } from './experiment-error.js';
// pama align from code (its parts: pama-experiment/config, /corpus, /data, /objectives, /align, /runner, /io, /progress).
export { type AlignmentOptions, holdsRunWork, OUT_DIR_LOCK, runAlignment } from './runner/run-alignment.js';
export { runSweep, type SweepOptions } from './runner/run-sweep.js';
export type { SweepPlan } from './runner/sweep-pipeline.js';
// metrics.json: its types and the checks that name the first bad field.
export type { Metrics, RunMetrics, SampleGeneration, StepRecord } from './report/metrics.js';
export { checkEvaluation, checkingFile, checkMetrics, checkRun, checkSteps } from './report/metrics-schema.js';
export { checkSweepMetrics, isSweepMetrics } from './report/sweep-metrics-check.js';
// The report's tables (the HTML pages and their charts: pama-experiment/report).
export { escapeHtml } from './report/escape-html.js';
export { combineTableHtml } from './report/combine-table.js';
export { VETO_STALL_RATE, VETO_STALL_STEPS, vetoStall } from './report/veto-stall.js';
export { formatCell, formatTestTable, testTable, type TestTableRow } from './report/test-table.js';
export { methodLabel } from './report/method-label.js';
export { nonDominatedRuns } from './report/pareto-front.js';
export { mean, std } from './report/statistics.js';
// Sweep statistics.
export { BOOTSTRAP_RESAMPLES, bootstrapInterval } from './sweep/bootstrap.js';
export { dasDennis, dasDennisCount, simplexGrid } from './sweep/simplex-grid.js';
export {
  FINAL_KL_STEPS,
  finalKl,
  frontPosition,
  hv,
  matchedKl,
  methodHypervolume,
  placePama,
  pointOf,
  pretrainedReference,
  summarizeSweep,
  type SweepSummary,
} from './sweep/sweep-summary.js';
export { SWEEP_METHODS } from './sweep/sweep-metrics.js';
export type {
  FrontPosition,
  MatchedKl,
  MethodHypervolume,
  PamaPlacement,
  SweepMethod,
  SweepMetrics,
  SweepRun,
} from './sweep/sweep-metrics.js';
export { formatSweepTable, placementLines, SWEEP_TABLE_HEAD, sweepTableRows } from './sweep/sweep-table.js';
