// Command-line entry of the trainer benchmark: prints a markdown report (and JSON with --json).
//   node packages/tfjs/dist/bench/bench-trainer-main.js [--backends webgpu,wasm,cpu] [--steps 5] [--json out.json]
//        [--d-model 256] [--train-step-only]
import { writeFile } from 'node:fs/promises';
import { formatTrainerBenchmark } from './bench-trainer-format.js';
import { runTrainerBenchmarks, type BenchBackend } from './bench-trainer.js';

function argument(name: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

async function main(): Promise<void> {
  const backends = (argument('backends') ?? 'wasm,cpu').split(',') as BenchBackend[];
  const steps = Number(argument('steps') ?? 5);
  const dModel = argument('d-model') === undefined ? undefined : Number(argument('d-model'));
  if (dModel !== undefined && !(Number.isInteger(dModel) && dModel > 0))
    throw new Error(`--d-model must be a positive integer (got ${argument('d-model')})`);
  const report = await runTrainerBenchmarks({
    backends,
    measuredSteps: steps,
    dModel,
    trainStepOnly: process.argv.includes('--train-step-only'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const json = argument('json');
  if (json) await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatTrainerBenchmark(report)}\n`);
}

await main();
