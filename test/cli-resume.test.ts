// Crash safety: SIGKILL in the middle of a run, then `--resume`, ends with the same metrics as
// an uninterrupted run with the same seed (CPU backend).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from 'pama-tfjs';
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

  it('under --estimator group: the model has no value heads (checkpoint and saved policy), and --resume after SIGKILL equals an uninterrupted run', async () => {
    const group = (out: string) => [...flags(out), '--estimator', 'group'];
    const whole = await runPama(group('group-whole'));
    expect(whole.status, whole.stderr).toBe(0);
    let killedAt = '';
    const killed = await runPama(group('group-killed'), {
      onStdout: (text, kill) => {
        if (!killedAt && /pama-\w+-seed1: 3\/6 /.test(text)) {
          killedAt = text;
          kill();
        }
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const runDir = join(dir, 'group-killed', 'runs', readdirSync(join(dir, 'group-killed', 'runs'))[0]);
    const checkpoint = await loadCheckpoint(join(runDir, readdirSync(runDir).find((f) => /^ckpt-\d+\.bin$/.test(f))!));
    expect(checkpoint.modelConfig.nValueHeads).toBe(0);
    expect(Object.keys(checkpoint.model).filter((name) => name.startsWith('value'))).toEqual([]);
    expect(checkpoint.optimizer.moments.filter((m) => m.name.startsWith('value'))).toEqual([]);
    const resumed = await runPama([...group('group-killed'), '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/pama-\w+-seed1: [34]\/6 starting/);
    expect(trainedOutcome('group-killed')).toEqual(trainedOutcome('group-whole'));
    const policy = JSON.parse(readFileSync(join(runDir, 'policy', 'model.json'), 'utf8'));
    expect(policy.modelTopology.config.nValueHeads).toBe(0);
    expect(
      policy.weightsManifest
        .flatMap((g: { weights: { name: string }[] }) => g.weights.map((w) => w.name))
        .filter((n: string) => n.startsWith('value')),
    ).toEqual([]);
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
