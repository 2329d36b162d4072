import { describe, expect, it } from 'vitest';
import { formatRewardsBenchmarkMarkdown, runRewardsBenchmarks } from 'pama-reward-server/bench';

// Imports the built package: the program spawns dist/bin.js beside it.
// A smoke run with tiny durations: checks the program works end to end and reports coherently.
// It asserts nothing about speed (that is what the benchmark itself is for).
describe('rewards benchmark program', () => {
  it('measures every source both ways, load-tests each objective, and formats the report', async () => {
    const report = await runRewardsBenchmarks({ throughputSeconds: 0.05, loadSeconds: 1, connections: 4, batchSize: 16 });
    expect(report.throughput.map((r) => `${r.source}/${r.mode}`)).toEqual([
      'length/in-process',
      'length/reward-server',
      'sentiment/in-process',
      'sentiment/reward-server',
      'sentiment-afinn/in-process',
      'sentiment-afinn/reward-server',
    ]);
    for (const row of report.throughput) {
      expect(row.items).toBeGreaterThan(0);
      expect(Number.isFinite(row.itemsPerSecond)).toBe(true);
    }
    expect(report.load.map((l) => l.objective)).toEqual(['length', 'sentiment', 'sentiment-afinn']);
    for (const run of report.load) {
      expect(run.requests).toBeGreaterThan(0);
      expect([run.errors, run.timeouts, run.non2xx]).toEqual([0, 0, 0]);
    }
    const markdown = formatRewardsBenchmarkMarkdown(report, 'node bench');
    expect(markdown).toContain('Command: `node bench`');
    expect(markdown).toContain('| sentiment-afinn |');
    expect(markdown).toContain(`${report.machine.nproc} cores`);
  });
});
