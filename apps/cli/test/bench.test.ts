import { describe, expect, it } from 'vitest';
import { formatBenchResult } from '../src/bench/format-bench-result.js';
import { benchCommand } from '../src/commands/bench-command.js';
import { CliError } from '../src/cli-error.js';

describe('pama bench', () => {
  it('renders rows as a markdown table with every column, and passes text through', () => {
    const table = formatBenchResult([
      { case: 'n=2', nsPerCall: 12.5 },
      { case: 'n=8', nsPerCall: 30, note: 'x' },
    ]);
    expect(table.split('\n')).toEqual(['| case | nsPerCall | note |', '| --- | --- | --- |', '| n=2 | 12.50 |  |', '| n=8 | 30 | x |']);
    expect(formatBenchResult('already a table')).toBe('already a table');
    expect(formatBenchResult({ markdown: '# m' })).toBe('# m');
  });

  it('an unknown suite is a one-line error', async () => {
    await expect(benchCommand('gpu')).rejects.toThrow(CliError);
    await expect(benchCommand('gpu')).rejects.toThrow(/unknown suite "gpu" \(one of core, rewards, trainer, all\)/);
  });
});
