// `pama merge SHARD_DIR... --out DIR`: the metrics.json and report.html of a whole run matrix from
// the out dirs of its shards (`pama align --shard K/N`), as one machine would have written them.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import type { Metrics } from 'pama-experiment';
import { writeFileAtomic, writeJsonAtomic, parseJsonBounded, readBoundedText, runDirAbove } from 'pama-experiment/io';
import { readShardInfo, type ShardInfo, firstDifference, shownValue, mergeShardMetrics, type ShardOutput } from 'pama-experiment/runner';
import { checkingFile, checkMetrics } from 'pama-experiment';
import { readResult, runDirName } from 'pama-experiment/align';

function readShardOutput(dir: string): ShardOutput {
  if (!existsSync(dir)) throw new CliError(`merge: ${dir} does not exist`);
  const shard = readShardInfo(dir);
  if (shard === null)
    throw new CliError(`merge: ${dir} is not a shard's out dir (no shard.json; shards are made by pama align --shard K/N)`);
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) {
    throw new CliError(
      `merge: shard ${shard.index}/${shard.count} in ${dir} is not finished (no metrics.json); finish it with pama align --resume --shard ${shard.index}/${shard.count} --out ${dir}`,
    );
  }
  const metrics = checkingFile(`merge: shard metrics ${path}`, () =>
    checkMetrics(parseJsonBounded(readBoundedText(path, 'merge: shard metrics'), `merge: ${path}`)),
  );
  verifyRunsAgainstResults(dir, path, metrics, shard);
  return { dir, shard, metrics };
}

/**
 * Every run of a shard's metrics.json must equal its run directory's sealed result.json (whose
 * hash is checked on reading): an edited number in metrics.json, or a run that is not the shard's,
 * is refused before anything is merged.
 */
function verifyRunsAgainstResults(dir: string, path: string, metrics: Metrics, shard: ShardInfo): void {
  const redo = `rewrite it with pama align --resume --shard ${shard.index}/${shard.count} --out ${dir}`;
  metrics.runs.forEach((run, r) => {
    const label = runDirName(run.method, run.granularity, run.seed);
    const result = readResult(join(dir, 'runs', label), metrics.objectives);
    if (result === null)
      throw new CliError(`merge: ${path}: runs[${r}] (${label}) has no sealed result in ${join(dir, 'runs', label)}; ${redo}`);
    const d = firstDifference(JSON.parse(JSON.stringify(run)), JSON.parse(JSON.stringify(result)));
    if (d !== undefined)
      throw new CliError(
        `merge: ${path}: runs[${r}].${d.path} is ${shownValue(d.a)} but the run's sealed result.json has ${shownValue(d.b)} (the file was edited); ${redo}`,
      );
  });
}

/**
 * Merges shard out dirs into `--out`.
 * @example await mergeCommand({ positionals: ['runs/s1', 'runs/s2', 'runs/s3'], values: { out: 'runs/all' } })
 */
export async function mergeCommand(args: {
  readonly positionals: readonly string[];
  readonly values: { readonly out?: string | boolean };
}): Promise<number> {
  const out = args.values.out;
  if (typeof out !== 'string') throw new CliError('merge needs --out DIR (where the merged metrics.json and report.html go)');
  if (args.positionals.length === 0)
    throw new CliError('merge needs the shard directories to merge, e.g. pama merge runs/s1 runs/s2 runs/s3 --out runs/all');
  const outDir = resolve(out);
  const dirs = args.positionals.map((d) => resolve(d));
  if (dirs.includes(outDir)) throw new CliError(`merge: --out ${out} is one of the shard directories; choose another directory`);
  // A run's out dir (config.json) keeps its own metrics.json; only a merge's output is rewritten.
  if (existsSync(join(outDir, 'config.json'))) throw new CliError(`merge: --out ${out} holds a pama align run; choose another directory`);
  const inside = runDirAbove(outDir);
  if (inside !== null && inside !== outDir)
    throw new CliError(`merge: --out ${out} lies inside the out dir ${inside} of a run or shard; choose a directory outside it`);
  const merged = mergeShardMetrics(dirs.map(readShardOutput), out);

  const { renderReport } = await import('pama-experiment/report');
  const { formatTestTable } = await import('pama-experiment');
  // The report is rendered before anything is written, so a failure leaves no half of the output.
  const report = await renderReport(merged);
  writeJsonAtomic(join(outDir, 'metrics.json'), merged);
  const reportPath = join(outDir, 'report.html');
  writeFileAtomic(reportPath, report);
  process.stdout.write(
    `merged ${dirs.length} shards, ${merged.runs.length} runs\n\n${formatTestTable(merged)}\n\nmetrics: ${join(outDir, 'metrics.json')}\nreport:  ${reportPath}\n`,
  );
  return 0;
}
