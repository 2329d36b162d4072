// Checks a parsed sweep metrics.json before `pama report` renders it, naming the first bad field.
import { ExperimentError } from '../experiment-error.js';
import type { SweepMetrics } from '../sweep/sweep-metrics.js';
import { checkRun } from './metrics-schema.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, value: unknown, expected: string): never {
  throw new ExperimentError(path, value, expected, 'invalid sweep metrics');
}

function finite(path: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, v, 'a finite number');
}

function finiteArray(path: string, v: unknown, length?: number): void {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length))
    fail(path, v, length === undefined ? 'an array of numbers' : `an array of ${length} numbers`);
  v.forEach((x, i) => {
    finite(`${path}[${i}]`, x);
  });
}

/** Whether a parsed metrics.json is a sweep's (its `kind` says so). */
export const isSweepMetrics = (v: unknown): boolean => isObj(v) && v.kind === 'sweep';

/**
 * The sweep metrics, checked; throws a one-line ExperimentError at the first bad field.
 * @example
 * // One seed: two MORLHF runs and PAMA, with their test rewards (sentiment, length) and final KL.
 * const run = (method: string, sentiment: number, length: number, finalKl: number): SweepRun => ({
 *   method, seed: 1, finalKl, samples: [], ...(method === 'pama' ? { granularity: 'token' } : {}),
 *   steps: [{ step: 1, rewards: { sentiment, length }, kl: finalKl, weights: { sentiment: 0.5, length: 0.5 }, responseLength: 5 }],
 *   test: { before: { sentiment: 0, length: 0 }, after: { sentiment, length } } });
 * const runs = [run('morlhf', 0.9, 0.3, 0.2), run('morlhf', 0.3, 0.9, 0.4), run('pama', 0.6, 0.6, 0.1)];
 * const objectives = ['sentiment', 'length'];
 * const reference = [0.1, 0.1];
 * const metrics: SweepMetrics = { kind: 'sweep', objectives, backend: 'cpu', config: {}, runs, reference, referenceSource: 'flag',
 *   sweep: { methods: ['morlhf', 'pama'], weights: [[0.75, 0.25], [0.25, 0.75]], seeds: [1] }, ...summarizeSweep(runs, objectives, reference) };
 * const parsed = JSON.parse(JSON.stringify(metrics)); // as read back from a sweep's metrics.json
 * checkSweepMetrics(parsed).runs.length; // 3
 * checkSweepMetrics({ ...parsed, objectives: ['sentiment'] }); // throws ExperimentError: objectives: two or more objective names
 */
export function checkSweepMetrics(v: unknown): SweepMetrics {
  if (!isObj(v)) fail('(root)', v, 'an object');
  const objectives = v.objectives;
  if (!Array.isArray(objectives) || objectives.length < 2 || !objectives.every((o) => typeof o === 'string'))
    fail('objectives', objectives, 'two or more objective names');
  if (typeof v.backend !== 'string') fail('backend', v.backend, 'a string');
  finiteArray('reference', v.reference, objectives.length);
  if (v.referenceSource !== 'pre-trained' && v.referenceSource !== 'flag')
    fail('referenceSource', v.referenceSource, "'pre-trained' or 'flag'");
  if (!isObj(v.sweep) || !Array.isArray(v.sweep.methods) || !Array.isArray(v.sweep.weights) || !Array.isArray(v.sweep.seeds))
    fail('sweep', v.sweep, 'an object with methods, weights and seeds');
  if (!Array.isArray(v.runs) || v.runs.length === 0) fail('runs', v.runs, 'a non-empty array');
  v.runs.forEach((r, i) => {
    checkRun(`runs[${i}]`, r, objectives);
    finite(`runs[${i}].finalKl`, (r as Record<string, unknown>).finalKl);
  });
  if (!isObj(v.hypervolume) || Object.keys(v.hypervolume).length === 0) fail('hypervolume', v.hypervolume, 'an object keyed by method');
  for (const [method, h] of Object.entries(v.hypervolume)) {
    const p = `hypervolume.${method}`;
    if (!isObj(h)) fail(p, h, 'an object');
    finite(`${p}.pooled`, h.pooled);
    finite(`${p}.mean`, h.mean);
    finiteArray(`${p}.perSeed`, h.perSeed);
    finiteArray(`${p}.interval`, h.interval, 2);
  }
  if (!isObj(v.matchedKl) || !isObj(v.matchedKl.perMethod)) fail('matchedKl', v.matchedKl, 'an object with budget and perMethod');
  finite('matchedKl.budget', v.matchedKl.budget);
  return v as unknown as SweepMetrics;
}
