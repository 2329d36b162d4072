// Checks a parsed metrics.json before rendering, naming the first bad field.
import type { Metrics } from './metrics.js';
import { CliError, showValue } from '../cli-error.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, value: unknown, expected: string): never {
  throw new CliError(`invalid metrics ${path} = ${showValue(value)}: ${expected}`);
}

function finite(path: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, v, 'a finite number');
}

function perObjective(path: string, v: unknown, objectives: readonly string[]): void {
  if (!isObj(v)) fail(path, v, 'an object keyed by objective');
  for (const o of objectives) finite(`${path}.${o}`, v[o]);
}

export function checkMetrics(value: unknown): Metrics {
  if (!isObj(value)) fail('(top level)', value, 'an object');
  const { objectives, backend, runs } = value;
  if (!Array.isArray(objectives) || objectives.length < 1 || !objectives.every((o) => typeof o === 'string')) fail('objectives', objectives, 'a non-empty array of names');
  if (typeof backend !== 'string') fail('backend', backend, 'a string');
  const { adapter } = value;
  if (adapter !== undefined) {
    if (!isObj(adapter)) fail('adapter', adapter, 'an object describing the WebGPU adapter');
    for (const key of ['vendor', 'architecture', 'device', 'description']) if (typeof adapter[key] !== 'string') fail(`adapter.${key}`, adapter[key], 'a string');
    if (typeof adapter.software !== 'boolean') fail('adapter.software', adapter.software, 'a boolean');
  }
  if (!('config' in value)) fail('config', undefined, 'present');
  if (!Array.isArray(runs)) fail('runs', runs, 'an array');
  runs.forEach((run: unknown, r) => {
    const at = `runs[${r}]`;
    if (!isObj(run)) fail(at, run, 'an object');
    if (typeof run.method !== 'string') fail(`${at}.method`, run.method, 'a string');
    if (run.method === 'pama' && typeof run.granularity !== 'string') fail(`${at}.granularity`, run.granularity, 'a string for PAMA runs');
    if (run.targets !== undefined) {
      if (!isObj(run.targets)) fail(`${at}.targets`, run.targets, 'an object keyed by objective');
      for (const [o, t] of Object.entries(run.targets)) {
        if (!objectives.includes(o)) fail(`${at}.targets.${o}`, t, `a target of one of the objectives (${objectives.join(', ')})`);
        finite(`${at}.targets.${o}`, t);
      }
    }
    if (typeof run.seed !== 'number' || !Number.isInteger(run.seed)) fail(`${at}.seed`, run.seed, 'an integer');
    if (!Array.isArray(run.steps)) fail(`${at}.steps`, run.steps, 'an array');
    run.steps.forEach((s: unknown, i: number) => {
      const sp = `${at}.steps[${i}]`;
      if (!isObj(s)) fail(sp, s, 'an object');
      finite(`${sp}.step`, s.step);
      perObjective(`${sp}.rewards`, s.rewards, objectives);
      finite(`${sp}.kl`, s.kl);
      perObjective(`${sp}.weights`, s.weights, objectives);
      finite(`${sp}.responseLength`, s.responseLength);
    });
    if (!isObj(run.test)) fail(`${at}.test`, run.test, 'an object with before and after');
    perObjective(`${at}.test.before`, run.test.before, objectives);
    perObjective(`${at}.test.after`, run.test.after, objectives);
    if (!Array.isArray(run.samples)) fail(`${at}.samples`, run.samples, 'an array');
    run.samples.forEach((s: unknown, i: number) => {
      if (!isObj(s) || typeof s.prompt !== 'string' || typeof s.before !== 'string' || typeof s.after !== 'string') {
        fail(`${at}.samples[${i}]`, s, 'an object with prompt, before and after strings');
      }
    });
  });
  return value as unknown as Metrics;
}
