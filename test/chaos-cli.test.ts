// Chaos suite for the `pama` CLI: each case is one class of fault a hostile but fair user can
// cause (uncreatable paths, a reader that goes away, pathological JSON, edited or corrupt state,
// two processes on one out dir, kills that leave temporary files, a full disk, late config
// errors, signals). Every case runs the real binary on a tiny CPU config, bounded by a deadline.
import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCheckpoint, encodeCheckpoint } from 'pama-tfjs';
import { oneCleanLine, runChaos, type ChaosResult } from './support/chaos-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-chaos-'));
const cacheDir = join(dir, 'cache');
const tiny = {
  backend: 'cpu',
  cacheDir,
  methods: ['pama'],
  steps: 3,
  corpus: { maxVocabulary: 300 },
  model: { contextLength: 16, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32 },
  pretrain: { steps: 4, batchSize: 8 },
  ppo: { batchSize: 8, minibatchSize: 8 },
  generation: { maxNewTokens: 8 },
  prompts: { evalCount: 16, samplesShown: 2 },
};
const config = join(dir, 'config.json');
writeFileSync(config, JSON.stringify(tiny));
// --jobs 1: the runs in the pama process itself, whose messages these cases pin; failures inside worker
// processes are reported per run (test/cli-parallel.test.ts).
const align = (out: string, ...more: string[]) => ['align', '--quick', '--jobs', '1', '--config', config, '--out', out, ...more];
const RUN = 'runs/pama-sample-seed1';
const enospcPreload = fileURLToPath(new URL('./support/enospc-preload.mjs', import.meta.url));

/** The parts of metrics training determines (wall-clock fields differ between runs). */
function trained(out: string): unknown {
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  return metrics.runs.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined }));
}

function expectOneLine(r: ChaosResult, pattern: RegExp, status = 2): string {
  expect(r.timedOut).toBe(false);
  const line = oneCleanLine(r.stderr);
  expect(line, r.stderr).not.toBeNull();
  expect(line).toMatch(pattern);
  expect(r.status).toBe(status);
  return line!;
}

/** A run killed (SIGKILL) after its first step: progress.json and ckpt-000001.bin on disk. */
const interrupted = join(dir, 'interrupted');
/** Fresh copies of the interrupted run, one per case that edits it. */
function copyOfInterrupted(name: string): string {
  const copy = join(dir, name);
  cpSync(interrupted, copy, { recursive: true });
  // As if the run had been started with --out <copy>, so only the edit under test differs.
  const saved = JSON.parse(readFileSync(join(copy, 'config.json'), 'utf8'));
  writeFileSync(join(copy, 'config.json'), JSON.stringify({ ...saved, outDir: copy }, null, 2));
  return copy;
}

beforeAll(async () => {
  let killed = false;
  const r = await runChaos(align(interrupted), {
    onStdout: (text, control) => {
      if (!killed && /pama-sample-seed1: 1\/3 /.test(text)) {
        killed = true;
        control.signal('SIGKILL');
      }
    },
  });
  expect(r.signal).toBe('SIGKILL');
  expect(readdirSync(join(interrupted, RUN)).sort()).toEqual(['ckpt-000001.bin', 'progress.json']);
});

describe('chaos: hangs and crashes', () => {
  it('an out dir or report path that cannot be created fails at once with one line (exit 2)', async () => {
    expectOneLine(
      await runChaos(align('/proc/pama-chaos/out'), { timeoutMs: 30_000 }),
      /cannot create out dir \/proc\/pama-chaos\/out: \/proc does not accept/,
    );
    const metrics = join(dir, 'any-metrics.json');
    writeFileSync(metrics, '{}');
    const report = await runChaos(['report', metrics, '--out', '/proc/pama-chaos/r.html'], { timeoutMs: 30_000 });
    expect(report.timedOut).toBe(false);
    expect(report.status).toBe(2);
  });

  it('a reader that goes away (| head) ends pama quietly: no stack trace, exit 141', async () => {
    const rows = Array.from({ length: 300 }, (_, b) => Array.from({ length: 200 }, (_, t) => [Math.sin(b + t), Math.cos(b * t)]));
    const solve = await runChaos(['solve'], { input: JSON.stringify({ advantages: rows }), onStdout: (_t, c) => c.closeStdout() });
    expect(solve.stderr).toBe('');
    expect(solve.status).toBe(141);
    const out = join(dir, 'head-2');
    let lines = 0;
    const run = await runChaos(align(out), {
      onStdout: (text, c) => {
        if (lines === 0 && text.split('\n').length > 2) {
          lines = 2;
          c.closeStdout();
        }
      },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(141);
    expect(existsSync(join(out, '.pama.lock'))).toBe(false);
  });

  it('100 000-deep JSON in a config, solve input or metrics.json is refused naming the field (exit 2)', async () => {
    const deep = (inner: string) => `${'['.repeat(100_000)}${inner}${']'.repeat(100_000)}`;
    const deepConfig = join(dir, 'deep-config.json');
    writeFileSync(deepConfig, `{"ppo":{"gamma":${deep('1')}}}`);
    expectOneLine(await runChaos(['align', '--config', deepConfig]), /ppo\.gamma\[0\]\[0\].*nests deeper than 64 levels/);
    expectOneLine(await runChaos(['solve'], { input: `{"values":${deep('')}}` }), /invalid input: stdin: values\[0\].*nests deeper/);
    const deepMetrics = join(dir, 'deep-metrics.json');
    writeFileSync(deepMetrics, `{"objectives":["a"],"config":${deep('')}}`);
    expectOneLine(await runChaos(['report', deepMetrics]), /config\[0\]\[0\].*nests deeper/);
  });
});

describe('chaos: integrity of everything read back', () => {
  it('a checkpoint whose header was edited (one digit of the KL state) is refused, naming the file and the remedy', async () => {
    const out = copyOfInterrupted('edited-header');
    const ckpt = join(out, RUN, 'ckpt-000001.bin');
    const bytes = readFileSync(ckpt);
    const text = bytes.toString('latin1');
    const at = text.indexOf('"klController":{"coef":0.0') + '"klController":{"coef":0.0'.length;
    expect(at).toBeGreaterThan(100);
    bytes[at] = bytes[at] === 0x35 ? 0x36 : 0x35;
    writeFileSync(ckpt, bytes);
    expectOneLine(
      await runChaos(align(out, '--resume')),
      /ckpt-000001\.bin: not a usable checkpoint \(checkpoint\.headerHash.*delete .*pama-sample-seed1 and rerun with --resume/,
    );
  });

  it('a checkpoint trained with other settings is refused in CLI terms, without library advice', async () => {
    const out = copyOfInterrupted('other-settings');
    const ckpt = join(out, RUN, 'ckpt-000001.bin');
    const saved = decodeCheckpoint(new Uint8Array(readFileSync(ckpt)));
    writeFileSync(ckpt, encodeCheckpoint({ ...saved, settings: { ...saved.settings, 'ppo.learningRate': 0.5 } }));
    const line = expectOneLine(
      await runChaos(align(out, '--resume')),
      /was trained with other settings: settings\.ppo\.learningRate.*rerun with the config of the interrupted run, or delete/,
    );
    expect(line).not.toMatch(/allowChangedSettings/);
  });

  it('progress.json pointing outside the run directory, or truncated, is refused naming the file', async () => {
    const escaped = copyOfInterrupted('escape');
    const progressPath = join(escaped, RUN, 'progress.json');
    cpSync(join(escaped, RUN, 'ckpt-000001.bin'), join(escaped, 'outside.bin'));
    writeFileSync(progressPath, readFileSync(progressPath, 'utf8').replace('"ckpt-000001.bin"', '"../../outside.bin"'));
    expectOneLine(await runChaos(align(escaped, '--resume')), /progress\.json: contents do not match their sha256/);

    const truncated = copyOfInterrupted('truncated');
    const truncatedPath = join(truncated, RUN, 'progress.json');
    const whole = readFileSync(truncatedPath, 'utf8');
    writeFileSync(truncatedPath, whole.slice(0, whole.length >> 1));
    expectOneLine(
      await runChaos(align(truncated, '--resume')),
      /progress\.json: is not valid JSON \(truncated\?\).*delete .* and rerun with --resume/,
    );
  });

  it('a pre-training cache entry with one changed base64 character is reported and recomputed: results unchanged', async () => {
    const reference = join(dir, 'reference');
    expect((await runChaos(align(reference))).status).toBe(0);
    const otherCache = join(dir, 'cache-copy');
    cpSync(cacheDir, otherCache, { recursive: true });
    const entry = readdirSync(otherCache).find((f) => f.startsWith('pretrained-') && f.endsWith('.json'))!;
    const text = readFileSync(join(otherCache, entry), 'utf8');
    const at = text.indexOf('"base64": "') + 20;
    writeFileSync(join(otherCache, entry), text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    const otherConfig = join(dir, 'config-other-cache.json');
    writeFileSync(otherConfig, JSON.stringify({ ...tiny, cacheDir: otherCache }));
    const out = join(dir, 'after-bad-cache');
    const r = await runChaos(['align', '--quick', '--jobs', '1', '--config', otherConfig, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/ignoring pre-training cache entry .*pretrained-.*\.json: contents do not match their sha256 .*recomputed/);
    expect(trained(out)).toEqual(trained(reference));
  });
});

describe('chaos: concurrency, kills and temporary files', () => {
  it('a second process on a locked out dir names the holder and exits 3; a dead holder’s lock is taken over', async () => {
    const out = copyOfInterrupted('two-processes');
    let second: ChaosResult | undefined;
    let firstPid = 0;
    const first = await runChaos(align(out, '--resume'), {
      onSpawn: (pid) => (firstPid = pid),
      onStdout: (text, control) => {
        if (second === undefined && /pama-sample-seed1: 1\/3 starting/.test(text)) {
          second = { status: null, signal: null, stdout: '', stderr: '', timedOut: false, pid: 0 };
          // Frozen, the holder stays alive (and holds the lock) for as long as the second start takes.
          control.signal('SIGSTOP');
          void runChaos(align(out, '--resume')).then((r) => {
            second = r;
            control.signal('SIGKILL');
          });
        }
      },
    });
    expect(first.signal).toBe('SIGKILL');
    expectOneLine(second!, new RegExp(`is in use by pama align \\(pid ${firstPid} on .* since .*\\)`), 3);
    // The killed holder left its lock behind: the next start takes it over and finishes.
    expect(existsSync(join(out, '.pama.lock'))).toBe(true);
    const third = await runChaos(align(out, '--resume'));
    expect(third.status).toBe(0);
    expect(trained(out)).toEqual(trained(join(dir, 'reference')));
  });

  it('temporary files left by a kill are removed on the next start; --resume accepts the out dir spelled differently', async () => {
    const out = copyOfInterrupted('leftovers');
    const run = join(out, RUN);
    const leftovers = [
      join(run, '.ckpt-000002.bin.999999.1.tmp'),
      join(run, '.progress.json.999999.1.tmp'),
      join(run, '.result.json.999999.1.tmp'),
      join(out, '.metrics.json.999999.1.tmp'),
    ];
    for (const f of leftovers) writeFileSync(f, 'partial');
    const r = await runChaos(align(`${out}/./`, '--resume'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('removed 4 temporary file(s)');
    for (const f of leftovers) expect(existsSync(f)).toBe(false);
    expect(trained(out)).toEqual(trained(join(dir, 'reference')));
  });

  it('pama report --out <a directory> writes report.html inside it and leaves no temporary file anywhere', async () => {
    const target = join(dir, 'report-dir');
    mkdirSync(target);
    const r = await runChaos(['report', join(dir, 'reference', 'metrics.json'), '--out', target]);
    expect(r.status).toBe(0);
    expect(readdirSync(target)).toEqual(['report.html']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('SIGTERM and SIGINT of pama align print how to resume', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const out = join(dir, `signal-${signal}`);
      let sent = false;
      const r = await runChaos(align(out), {
        onStdout: (text, control) => {
          if (!sent && /pama-sample-seed1: 1\/3 /.test(text)) {
            sent = true;
            control.signal(signal);
          }
        },
      });
      expect(r.status).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(r.stderr).toContain(`interrupted by ${signal}`);
      expect(r.stderr).toContain(`pama align --quick --jobs 1 --config ${config} --out ${out} --resume`);
      expect(existsSync(join(out, '.pama.lock'))).toBe(false);
    }
  });
});

describe('chaos: errors a user can act on', () => {
  it('a full disk (ENOSPC) is one line naming the file and the remedy, for report and for align (with the resume command)', async () => {
    const env = { PAMA_ENOSPC_MATCH: 'full\\.html|progress\\.json' };
    const report = await runChaos(['report', join(dir, 'reference', 'metrics.json'), '--out', join(dir, 'full.html')], {
      nodeArgs: ['--import', enospcPreload],
      env,
    });
    expectOneLine(report, /cannot write .*full\.html: no space left on the device \(ENOSPC\); free some space$/, 1);
    const out = join(dir, 'full-disk');
    const run = await runChaos(align(out), { nodeArgs: ['--import', enospcPreload], env });
    expectOneLine(
      run,
      /cannot write .*progress\.json: no space left on the device \(ENOSPC\); free some space, then resume with: pama align .*--resume$/,
      1,
    );
    // Nothing half-written is left behind.
    expect(readdirSync(join(out, RUN)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a wrong type in metrics.json ("seconds": "12") is one line naming the field', async () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'reference', 'metrics.json'), 'utf8'));
    const bad = join(dir, 'seconds-string.json');
    writeFileSync(bad, JSON.stringify({ ...metrics, seconds: '12' }));
    expectOneLine(await runChaos(['report', bad]), /invalid metrics: seconds: a finite number.*\(got "12"\)/);
  });

  it('prompts.evalCount beyond what the corpus gives fails before any work; an out dir left by a failed start does not block the rerun', async () => {
    const tooMany = join(dir, 'config-eval.json');
    writeFileSync(tooMany, JSON.stringify({ ...tiny, prompts: { evalCount: 5000, samplesShown: 2 } }));
    const out = join(dir, 'eval-count');
    const r = await runChaos(['align', '--quick', '--jobs', '1', '--config', tooMany, '--out', out]);
    expectOneLine(r, /invalid config: prompts\.evalCount: at most \d+.*\(got 5000\)/);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);

    // A start that failed after writing config.json but before any run began.
    const failed = join(dir, 'failed-start');
    mkdirSync(failed);
    writeFileSync(join(failed, 'config.json'), JSON.stringify({ steps: 1 }));
    // The rerun gets past the out-dir check and starts work (stopped there: the rest is the normal run).
    let started = false;
    const rerun = await runChaos(align(failed), {
      onStdout: (text, control) => {
        if (!started && /pre-training/.test(text)) {
          started = true;
          control.signal('SIGKILL');
        }
      },
    });
    expect(rerun.stderr).toBe('');
    expect(rerun.stdout).toContain('holds only the config of a start that did no work; starting afresh');
    expect(started).toBe(true);
  });
});
