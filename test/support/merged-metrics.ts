// What "the merge equals one machine's run" compares (test/cli-shard.test.ts, test/slurm-recipe.test.ts):
// everything training and evaluation determine — every run (steps, rewards, KL, weights, test
// rewards, samples), their order, objectives, backend, config and the pre-training loss, and the
// report apart from its wall-time and creation facts. Left out: wall-clock fields (seconds,
// createdAt, pretrain.seconds), whether the pre-trained model came from a cache (pretrain.cached)
// and config.outDir, which names each out dir.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The parts of OUT/metrics.json that training and evaluation determine, as one JSON string.
 *
 * @example
 * expect(determinedMetrics(merged)).toBe(determinedMetrics(single));
 */
export function determinedMetrics(outDir: string): string {
  const m = JSON.parse(readFileSync(join(outDir, 'metrics.json'), 'utf8'));
  return JSON.stringify({
    objectives: m.objectives,
    backend: m.backend,
    config: { ...m.config, outDir: undefined },
    runs: m.runs.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined })),
    pretrain: { ...m.pretrain, seconds: undefined, cached: undefined },
  });
}

/**
 * OUT/report.html without its wall-time and creation facts.
 *
 * @example
 * expect(determinedReport(merged)).toBe(determinedReport(single));
 */
export function determinedReport(outDir: string): string {
  return readFileSync(join(outDir, 'report.html'), 'utf8').replace(/<div><dt>(Wall time|Created)<\/dt><dd>[^<]*<\/dd><\/div>/g, '');
}
