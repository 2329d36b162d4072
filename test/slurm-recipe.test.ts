// docs/scale-out.md's Slurm recipe, run as written on a real single-node Slurm (Debian's slurm-wlm
// 22.05 with munge, started privately by test/support/slurm.ts): the three batch scripts and the
// submit commands are read from the document, with only its example paths replaced (/data/study by a
// temporary directory; study.json is a tiny config), and submitted from a folder that, like the
// repository root the document assumes, has pama in node_modules. Pre-training, then a job array of
// three `--shard K/3` tasks, then the merge, chained by job dependencies: the merged metrics.json
// and report.html equal one machine's run of the same config. Slurm is installed when missing
// (scripts/install-slurm.sh); the test is skipped only where it cannot be root.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { determinedMetrics, determinedReport } from './support/merged-metrics.js';
import { pamaBin, repoRoot, runCommand } from './support/run-pama.js';
import { type PrivateSlurm, startPrivateSlurm } from './support/slurm.js';
import { tinyConfig } from './support/tiny-config.js';

const root = mkdtempSync(join(tmpdir(), 'pama-slurm-'));
const work = join(root, 'work');
const study = join(root, 'data', 'study');
const isRoot = process.getuid?.() === 0;
let slurm: PrivateSlurm | undefined;
let mergeJob = '';
let finalState = '';

/** The fenced code block that follows `marker` in docs/scale-out.md. */
function blockAfter(doc: string, marker: string): string {
  const at = doc.indexOf(marker);
  if (at === -1) throw new Error(`docs/scale-out.md no longer has ${JSON.stringify(marker)}`);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(doc.slice(at));
  if (block === null) throw new Error(`no code block after ${JSON.stringify(marker)} in docs/scale-out.md`);
  return block[1] as string;
}

/** The job's state as scontrol reports it, e.g. COMPLETED, or PENDING (DependencyNeverSatisfied). */
async function jobState(id: string, env: NodeJS.ProcessEnv): Promise<string> {
  const out = (await runCommand('scontrol', ['show', 'job', '-o', id], { env })).stdout;
  const state = /JobState=(\S+)/.exec(out)?.[1] ?? 'UNKNOWN';
  const reason = /Reason=(\S+)/.exec(out)?.[1];
  return reason !== undefined && reason !== 'None' ? `${state} (${reason})` : state;
}

/** Every job output file in the submit folder, for a failure message. */
function jobOutputs(): string {
  return readdirSync(work)
    .filter((f) => /^slurm-.*\.out$/.test(f))
    .map((f) => `${f}:\n${readFileSync(join(work, f), 'utf8').trim()}`)
    .join('\n');
}

beforeAll(async () => {
  if (!isRoot) return;
  const install = await runCommand('bash', [join(repoRoot, 'scripts/install-slurm.sh')]);
  if (install.status !== 0) throw new Error(install.stderr.trim());
  slurm = await startPrivateSlurm(join(root, 'slurm'));

  // The submit folder: study.json, the three scripts, and node_modules as in the repository root.
  mkdirSync(work, { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(work, 'node_modules'));
  writeFileSync(join(work, 'study.json'), JSON.stringify(tinyConfig(root, { methods: ['pama', 'morlhf'], seeds: [1, 2], steps: 1 })));
  const doc = readFileSync(join(repoRoot, 'docs/scale-out.md'), 'utf8');
  const scripts = {
    'pretrain.sbatch': blockAfter(doc, '`pretrain.sbatch`:'),
    'align.sbatch': blockAfter(doc, '`align.sbatch`'),
    'merge.sbatch': blockAfter(doc, '`merge.sbatch`:'),
  };
  for (const [name, text] of Object.entries(scripts)) {
    expect(text, name).toContain('/data/study');
    writeFileSync(join(work, name), text.replaceAll('/data/study', study));
  }
  mkdirSync(study, { recursive: true });
  const submit = blockAfter(doc, 'Submit the three with dependencies');
  const submitted = await runCommand('bash', ['-euo', 'pipefail', '-c', submit], { cwd: work, env: slurm.env });
  if (submitted.status !== 0) throw new Error(`the submit commands failed: ${submitted.stderr.trim()}`);
  mergeJob = /Submitted batch job (\d+)/.exec(submitted.stdout)?.[1] ?? '';
  expect(mergeJob, submitted.stdout).not.toBe('');

  // One machine's run of the same config, for the comparison.
  const single = await runCommand(
    process.execPath,
    [pamaBin, 'align', '--config', 'study.json', '--jobs', '2', '--out', join(root, 'single')],
    {
      cwd: work,
    },
  );
  if (single.status !== 0) throw new Error(`the single-machine run failed: ${single.stderr.trim()}`);

  for (let waited = 0; ; waited += 1) {
    finalState = await jobState(mergeJob, slurm.env);
    if (!/^(PENDING|RUNNING|CONFIGURING|COMPLETING)/.test(finalState) || /DependencyNeverSatisfied/.test(finalState)) break;
    if (waited === 600) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}, 900_000);

afterAll(async () => {
  await slurm?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe("docs/scale-out.md's Slurm recipe on a single-node Slurm", () => {
  it('runs pre-training, a three-task array of shards and the merge, chained by job dependencies', (ctx) => {
    if (!isRoot) ctx.skip('needs root: it installs Slurm and runs slurmd');
    expect(finalState, `merge job ${mergeJob}\n${jobOutputs()}\n${slurm?.logs()}`).toBe('COMPLETED');
    // Round-robin over pama-1, pama-2, morlhf-1, morlhf-2: 2, 1 and 1 runs.
    const runs: string[][] = [];
    for (const k of [1, 2, 3]) {
      const shard = JSON.parse(readFileSync(join(study, `shard${k}`, 'shard.json'), 'utf8'));
      expect(`${shard.index}/${shard.count}`).toBe(`${k}/3`);
      runs.push(shard.runs);
    }
    expect(runs.map((r) => r.length)).toEqual([2, 1, 1]);
    expect(existsSync(join(study, 'pretrained', 'pretrain.json'))).toBe(true);
  });

  it('merges into the metrics.json and report.html of one machine’s run of the same config', (ctx) => {
    if (!isRoot) ctx.skip('needs root: it installs Slurm and runs slurmd');
    expect(finalState).toBe('COMPLETED');
    expect(determinedMetrics(join(study, 'merged'))).toBe(determinedMetrics(join(root, 'single')));
    expect(determinedReport(join(study, 'merged'))).toBe(determinedReport(join(root, 'single')));
  });
});
