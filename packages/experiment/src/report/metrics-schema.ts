// Checks a parsed metrics.json (and the run results and progress the align pipeline reads back)
// before use, naming the first bad field. Optional fields are checked too when present, so a
// wrong type such as `"seconds": "12"` is one clear line rather than a failure deep in rendering.
import type { Metrics, RunMetrics, StepRecord } from './metrics.js';
import { ExperimentError } from '../experiment-error.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where the checked value came from, for the error line ("metrics", "run result x/result.json", …). */
let subject = 'metrics';

function fail(path: string, value: unknown, expected: string): never {
  throw new ExperimentError(path, value, expected, `invalid ${subject}`);
}

function withSubject<T>(name: string, check: () => T): T {
  const previous = subject;
  subject = name;
  try {
    return check();
  } finally {
    subject = previous;
  }
}

function finite(path: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, v, 'a finite number');
}

function optionalFinite(path: string, v: unknown): void {
  if (v !== undefined) finite(path, v);
}

function perObjective(path: string, v: unknown, objectives: readonly string[]): void {
  if (!isObj(v)) fail(path, v, 'an object keyed by objective');
  for (const o of objectives) finite(`${path}.${o}`, v[o]);
}

function strings(path: string, v: unknown): void {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(path, v, 'an array of strings');
}

function checkStep(sp: string, s: unknown, objectives: readonly string[]): void {
  if (!isObj(s)) fail(sp, s, 'an object');
  finite(`${sp}.step`, s.step);
  perObjective(`${sp}.rewards`, s.rewards, objectives);
  finite(`${sp}.kl`, s.kl);
  perObjective(`${sp}.weights`, s.weights, objectives);
  finite(`${sp}.responseLength`, s.responseLength);
  optionalFinite(`${sp}.entropy`, s.entropy);
  optionalFinite(`${sp}.seconds`, s.seconds);
  if (s.met !== undefined) perObjective(`${sp}.met`, s.met, objectives);
}

/** Checks the steps of a run (in metrics.json, result.json or progress.json). */
export function checkSteps(at: string, steps: unknown, objectives: readonly string[]): StepRecord[] {
  if (!Array.isArray(steps)) fail(at, steps, 'an array');
  steps.forEach((s: unknown, i: number) => checkStep(`${at}[${i}]`, s, objectives));
  return steps as StepRecord[];
}

/** Checks one run's record, as in metrics.json's `runs` or a run directory's result.json. */
export function checkRun(at: string, run: unknown, objectives: readonly string[]): RunMetrics {
  if (!isObj(run)) fail(at || '(top level)', run, 'an object');
  const key = (k: string) => (at ? `${at}.${k}` : k);
  if (typeof run.method !== 'string') fail(key('method'), run.method, 'a string');
  if (run.method === 'pama' && typeof run.granularity !== 'string') fail(key('granularity'), run.granularity, 'a string for PAMA runs');
  if (run.granularity !== undefined && typeof run.granularity !== 'string') fail(key('granularity'), run.granularity, 'a string');
  if (run.targets !== undefined) {
    if (!isObj(run.targets)) fail(key('targets'), run.targets, 'an object keyed by objective');
    for (const [o, t] of Object.entries(run.targets)) {
      if (!objectives.includes(o)) fail(key(`targets.${o}`), t, `a target of one of the objectives (${objectives.join(', ')})`);
      finite(key(`targets.${o}`), t);
    }
  }
  if (typeof run.seed !== 'number' || !Number.isInteger(run.seed)) fail(key('seed'), run.seed, 'an integer');
  checkSteps(key('steps'), run.steps, objectives);
  if (!isObj(run.test)) fail(key('test'), run.test, 'an object with before and after');
  perObjective(key('test.before'), run.test.before, objectives);
  perObjective(key('test.after'), run.test.after, objectives);
  if (!Array.isArray(run.samples)) fail(key('samples'), run.samples, 'an array');
  run.samples.forEach((s: unknown, i: number) => {
    if (!isObj(s) || typeof s.prompt !== 'string' || typeof s.before !== 'string' || typeof s.after !== 'string') {
      fail(key(`samples[${i}]`), s, 'an object with prompt, before and after strings');
    }
  });
  optionalFinite(key('seconds'), run.seconds);
  return run as unknown as RunMetrics;
}

/** Checks a run's "before" evaluation as stored in progress.json. */
export function checkEvaluation(at: string, v: unknown, objectives: readonly string[]): void {
  if (!isObj(v)) fail(at, v, 'an object with means, prompts and responses');
  perObjective(`${at}.means`, v.means, objectives);
  strings(`${at}.prompts`, v.prompts);
  strings(`${at}.responses`, v.responses);
}

/** Runs `check` with errors worded for `name` (e.g. "run result runs/x/result.json"). */
export function checkingFile<T>(name: string, check: () => T): T {
  return withSubject(name, check);
}

export function checkMetrics(value: unknown): Metrics {
  if (!isObj(value)) fail('(top level)', value, 'an object');
  const { objectives, backend, runs } = value;
  if (!Array.isArray(objectives) || objectives.length < 1 || !objectives.every((o) => typeof o === 'string'))
    fail('objectives', objectives, 'a non-empty array of names');
  if (typeof backend !== 'string') fail('backend', backend, 'a string');
  const { adapter } = value;
  if (adapter !== undefined) {
    if (!isObj(adapter)) fail('adapter', adapter, 'an object describing the WebGPU adapter');
    for (const key of ['vendor', 'architecture', 'device', 'description'])
      if (typeof adapter[key] !== 'string') fail(`adapter.${key}`, adapter[key], 'a string');
    if (typeof adapter.software !== 'boolean') fail('adapter.software', adapter.software, 'a boolean');
  }
  if (!('config' in value)) fail('config', undefined, 'present');
  if (!Array.isArray(runs)) fail('runs', runs, 'an array');
  runs.forEach((run: unknown, r) => checkRun(`runs[${r}]`, run, objectives));
  if (value.createdAt !== undefined && typeof value.createdAt !== 'string') fail('createdAt', value.createdAt, 'a string (an ISO date)');
  optionalFinite('seconds', value.seconds);
  const pretrain = value.pretrain;
  if (pretrain !== undefined) {
    if (!isObj(pretrain)) fail('pretrain', pretrain, 'an object with steps, finalLoss, cached and seconds');
    finite('pretrain.steps', pretrain.steps);
    if (pretrain.finalLoss !== null) finite('pretrain.finalLoss', pretrain.finalLoss);
    if (typeof pretrain.cached !== 'boolean') fail('pretrain.cached', pretrain.cached, 'true or false');
    finite('pretrain.seconds', pretrain.seconds);
  }
  return value as unknown as Metrics;
}
