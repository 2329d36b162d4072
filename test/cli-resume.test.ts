// Crash safety: SIGKILL in the middle of a run, then `--resume`, ends with the same metrics as
// an uninterrupted run with the same seed (CPU backend).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyConfig } from './support/tiny-config.js';
import { runPama } from './support/run-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-resume-'));
const config = join(dir, 'config.json');
// A tiny model on the CPU backend: exactness is what is tested here, not quality.
writeFileSync(config, JSON.stringify(tinyConfig(dir, { methods: ['pama'], steps: 6 })));
const flags = (out: string) => ['align', '--quick', '--config', config, '--out', join(dir, out)];

/** The parts of metrics that training determines (wall-clock fields differ between runs). */
function trainedOutcome(out: string): unknown {
  const metrics = JSON.parse(readFileSync(join(dir, out, 'metrics.json'), 'utf8'));
  return metrics.runs.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined }));
}

describe('pama align --resume', () => {
  it('after SIGKILL mid-run, --resume completes the run with metrics equal to an uninterrupted run', async () => {
    const whole = await runPama(flags('whole'));
    expect(whole.status).toBe(0);

    let killedAt = '';
    const killed = await runPama(flags('killed'), {
      onStdout: (text, kill) => {
        const m = text.match(/pama-\w+-seed1: (3)\/6 /);
        if (m && !killedAt) {
          killedAt = m[0];
          kill();
        }
      },
    });
    expect(killedAt).not.toBe('');
    expect(killed.signal).toBe('SIGKILL');

    const resumed = await runPama([...flags('killed'), '--resume']);
    expect(resumed.stderr).not.toMatch(/pama:|Error|\n\s+at /);
    expect(resumed.status).toBe(0);
    // It continued from the checkpoint rather than starting over.
    expect(resumed.stdout).toMatch(/pama-\w+-seed1: [34]\/6 starting/);
    expect(trainedOutcome('killed')).toEqual(trainedOutcome('whole'));
  });

  it('--resume on a finished run redoes nothing and rewrites the same metrics', async () => {
    const again = await runPama([...flags('whole'), '--resume']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already finished');
    expect(again.stdout).not.toMatch(/pama-\w+-seed1: \d+\/6 /);
  });

  it('--resume with other flags refuses before any work, naming the setting and both values', async () => {
    const changed = await runPama([...flags('whole'), '--steps', '7', '--resume']);
    expect(changed.status).not.toBe(0);
    const lines = changed.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--resume: steps is 7 but the interrupted run used 6/);
  });
});
