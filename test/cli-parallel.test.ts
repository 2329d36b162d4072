// `pama align --jobs N`: runs in worker processes give results bit-identical to a serial run; a
// run whose worker is SIGKILLed or throws fails alone, and --resume redoes only that run.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyConfig } from './support/tiny-config.js';
import { runPama } from './support/run-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-parallel-'));
const config = join(dir, 'config.json');
// A tiny model on the CPU backend, 2 methods × 2 seeds: exactness and isolation are tested, not quality.
writeFileSync(config, JSON.stringify(tinyConfig(dir, { methods: ['pama', 'morlhf'], seeds: [1, 2], steps: 4 })));
const flags = (out: string, jobs: number) => ['align', '--quick', '--config', config, '--out', join(dir, out), '--jobs', String(jobs)];
const LABELS = ['pama-sample-seed1', 'pama-sample-seed2', 'morlhf-seed1', 'morlhf-seed2'];

/** Every run's result with its wall-clock time left out: the numbers training determines. */
function trainedRuns(out: string): unknown[] {
  const metrics = JSON.parse(readFileSync(join(dir, out, 'metrics.json'), 'utf8'));
  return metrics.runs.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined }));
}

describe('pama align --jobs N', () => {
  it('--jobs 2 runs two worker processes at once and its results equal the serial run bit for bit', async () => {
    // The serial run pre-trains (weights in memory); the parallel one reads them from the cache file.
    const serial = await runPama(flags('serial', 1));
    expect(serial.stderr).toBe('');
    expect(serial.status).toBe(0);
    expect(serial.stdout).not.toContain('running in process');

    const parallel = await runPama(flags('parallel', 2));
    expect(parallel.stderr).toBe('');
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toContain('running 4 run(s), 2 at a time, in 2 worker processes');
    const pids = [...parallel.stdout.matchAll(/^([\w-]+): running in process (\d+)$/gm)];
    expect(pids.map((m) => m[1]).sort()).toEqual([...LABELS].sort());
    // Two workers, each taking its next run when it finishes one.
    expect(new Set(pids.map((m) => m[2])).size).toBe(2);
    // The second run started before the first finished: they overlapped.
    expect(parallel.stdout.indexOf('pama-sample-seed2: running in process')).toBeLessThan(
      parallel.stdout.indexOf('pama-sample-seed1: done'),
    );
    for (const label of LABELS) expect(parallel.stdout).toMatch(new RegExp(`^${label}: peak RSS of its process \\d+ MiB$`, 'm'));

    const runs = trainedRuns('parallel');
    expect(runs.map((r) => `${(r as { method: string }).method}-${(r as { seed: number }).seed}`)).toEqual([
      'pama-1',
      'pama-2',
      'morlhf-1',
      'morlhf-2',
    ]);
    expect(JSON.stringify(runs)).toBe(JSON.stringify(trainedRuns('serial')));
  });

  it('a SIGKILLed worker fails only its run, the command names it and exits 1; --resume redoes only that run', async () => {
    let victim = 0;
    const killed = await runPama(flags('killed', 2), {
      onStdout: (text) => {
        const pid = /^morlhf-seed1: running in process (\d+)$/m.exec(text);
        if (pid && victim === 0 && /^morlhf-seed1: 1\/4 /m.test(text)) {
          victim = Number(pid[1]);
          process.kill(victim, 'SIGKILL');
        }
      },
    });
    expect(victim).not.toBe(0);
    expect(killed.status).toBe(1);
    expect(killed.stdout).toMatch(/^morlhf-seed1: FAILED: its process was killed \(SIGKILL/m);
    const errors = killed.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^pama: 1 of 4 runs failed \(morlhf-seed1: its process was killed .*\); .* rerun with --resume --out /);
    for (const label of LABELS.filter((l) => l !== 'morlhf-seed1'))
      expect(existsSync(join(dir, 'killed', 'runs', label, 'result.json'))).toBe(true);
    expect(existsSync(join(dir, 'killed', 'runs', 'morlhf-seed1', 'result.json'))).toBe(false);
    expect(existsSync(join(dir, 'killed', 'metrics.json'))).toBe(false);

    const resumed = await runPama([...flags('killed', 2), '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('running 1 run(s), 1 at a time, in 1 worker process\n');
    for (const label of LABELS.filter((l) => l !== 'morlhf-seed1'))
      expect(resumed.stdout).toContain(`${label}: already finished, reusing its result`);
    // The killed run continued from its last checkpoint (at least one step was done).
    expect(resumed.stdout).toMatch(/^morlhf-seed1: [1-4]\/4 starting$/m);
    expect(JSON.stringify(trainedRuns('killed'))).toBe(JSON.stringify(trainedRuns('serial')));
  });

  it('a run that throws in its worker fails alone with its error on one line; the other runs finish', async () => {
    // A file where the run's directory belongs: creating the directory throws in that worker only.
    mkdirSync(join(dir, 'blocked', 'runs'), { recursive: true });
    writeFileSync(join(dir, 'blocked', 'runs', 'pama-sample-seed2'), 'not a directory');
    const blocked = await runPama(flags('blocked', 2));
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toMatch(/^pama-sample-seed2: FAILED: .*pama-sample-seed2.*\(EEXIST\)/m);
    expect(blocked.stderr.trim()).toMatch(/^pama: 1 of 4 runs failed \(pama-sample-seed2: /);
    for (const label of LABELS.filter((l) => l !== 'pama-sample-seed2'))
      expect(existsSync(join(dir, 'blocked', 'runs', label, 'result.json'))).toBe(true);
    // The failed run's worker is not reused: the runs after it ran in other processes.
    const pidOf = (label: string) => new RegExp(`^${label}: running in process (\\d+)$`, 'm').exec(blocked.stdout)![1];
    expect(['morlhf-seed1', 'morlhf-seed2'].map(pidOf)).not.toContain(pidOf('pama-sample-seed2'));
  });
});
