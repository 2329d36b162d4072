// Runs the selected part of the run matrix: in this process one after another (--jobs 1, the
// original behaviour), or in worker processes N at a time (--jobs N). Finished runs (result.json)
// are reused either way, so --resume redoes only what is missing.
import { join } from 'node:path';
import type { BackendName, WeightMap } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import type { RunMetrics } from '../report/metrics.js';
import { ExperimentError } from '../experiment-error.js';
import { alignRun } from '../align/align-run.js';
import { readResult } from '../align/run-files.js';
import { objectiveNames } from '../align/objectives.js';
import { startJobProgress } from '../progress/job-progress.js';
import { runInputsFor, type RunContext } from './run-context.js';
import type { RunSpec } from './run-matrix.js';
import { runPool, type PoolJob } from './run-pool.js';

export interface RunAllInputs {
  readonly config: AlignConfig;
  readonly outDir: string;
  readonly runs: readonly RunSpec[];
  readonly jobs: number;
  readonly context: RunContext;
  readonly backend: BackendName;
  readonly pretrained: { readonly weights: WeightMap; readonly cachePath: string };
}

async function runSerially(inputs: RunAllInputs): Promise<RunMetrics[]> {
  const { config, context, outDir } = inputs;
  const runs: RunMetrics[] = [];
  for (const spec of inputs.runs) {
    runs.push(await alignRun(runInputsFor(context, inputs.pretrained.weights, { ...spec, config, outDir })));
  }
  return runs;
}

async function runInWorkers(inputs: RunAllInputs): Promise<RunMetrics[]> {
  const { config, outDir } = inputs;
  const display = startJobProgress();
  const reused = new Map<string, RunMetrics>();
  const pending: PoolJob[] = [];
  for (const spec of inputs.runs) {
    const finished = readResult(join(outDir, 'runs', spec.label), objectiveNames(config));
    if (finished) {
      reused.set(spec.label, finished);
      display.note(spec.label, 'already finished, reusing its result');
    } else {
      pending.push({
        label: spec.label,
        task: {
          type: 'run',
          config,
          method: spec.method,
          seed: spec.seed,
          outDir,
          backend: inputs.backend,
          pretrainedPath: inputs.pretrained.cachePath,
          ...(spec.preference ? { preference: spec.preference, label: spec.label } : {}),
        },
      });
    }
  }
  const lanes = Math.min(inputs.jobs, pending.length);
  if (pending.length > 0)
    process.stdout.write(`running ${pending.length} run(s), ${lanes} at a time, in ${lanes} worker process${lanes > 1 ? 'es' : ''}\n`);
  const { results, failures } = await runPool(pending, inputs.jobs, display);
  if (failures.length > 0) {
    // Each failed run with its reason, so a known condition (a corrupt checkpoint, a full disk) is
    // named with its file and remedy on the one line the command ends with.
    const list = failures.map((f) => `${f.label}: ${f.reason}`).join('; ');
    const others = failures.length < inputs.runs.length ? `; the other runs are finished in ${outDir}` : '';
    throw new ExperimentError(
      `${failures.length} of ${inputs.runs.length} runs failed (${list})${others}; rerun with --resume --out ${outDir} to redo only the failed ones`,
      'failed',
    );
  }
  return inputs.runs.map((spec) => reused.get(spec.label) ?? results.get(spec.label)!);
}

/**
 * Every selected run's result, in matrix order whatever order they finished in.
 * @example
 * // runAlignment builds the context and pre-trains first; a shard that got no run has nothing to do.
 * const config = DEFAULT_ALIGN_CONFIG;
 * const context = prepareRunContext(config);
 * const pretrained = { weights: {}, cachePath: 'cache/none.json' };
 * await runAll({ config, outDir: 'runs/none', runs: [], jobs: 1, context, backend: 'cpu', pretrained }); // []
 */
export function runAll(inputs: RunAllInputs): Promise<RunMetrics[]> {
  return inputs.jobs <= 1 ? runSerially(inputs) : runInWorkers(inputs);
}
