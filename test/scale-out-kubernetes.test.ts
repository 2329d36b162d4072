// docs/scale-out.md's Kubernetes recipe, checked without a cluster (kubectl is not installed here):
// its three manifests are read from the document, parsed as YAML and validated against the
// Kubernetes OpenAPI schema of batch/v1 Job (the kubernetes-models package, which validates with the
// upstream schema); then what the schema cannot see: the align Job is an Indexed Job whose
// completions equal the N of its `--shard "$K/N"`, and every container runs a pama subcommand with
// flags pama accepts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runPamaSync } from './support/run-pama.js';

const doc = readFileSync(join(repoRoot, 'docs/scale-out.md'), 'utf8');

/** The YAML block that follows `marker` in the document, parsed. */
function manifestAfter(marker: string): Record<string, unknown> {
  const at = doc.indexOf(marker);
  if (at === -1) throw new Error(`docs/scale-out.md no longer has ${JSON.stringify(marker)}`);
  const block = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at));
  if (block === null) throw new Error(`no yaml block after ${JSON.stringify(marker)}`);
  return parse(block[1] as string) as Record<string, unknown>;
}

const manifests = {
  pretrain: manifestAfter('`pretrain.yaml`:'),
  align: manifestAfter('`align.yaml`'),
  merge: manifestAfter('`merge.yaml`:'),
};

type Container = { command: string[]; args?: string[] };
const containerOf = (m: Record<string, unknown>) =>
  (m as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0] as Container;

describe("docs/scale-out.md's Kubernetes manifests", () => {
  it('are valid batch/v1 Jobs by the Kubernetes OpenAPI schema', () => {
    for (const [name, manifest] of Object.entries(manifests)) {
      expect(() => new Job(manifest as ConstructorParameters<typeof Job>[0]).validate(), name).not.toThrow();
    }
  });

  it('would be refused with a wrong field (the validation can fail)', () => {
    const wrong = structuredClone(manifests.align) as { spec: Record<string, unknown> };
    wrong.spec.completions = 'three';
    expect(() => new Job(wrong as unknown as ConstructorParameters<typeof Job>[0]).validate()).toThrow(/completions/);
  });

  it('align is an Indexed Job whose completions are the N of --shard "$K/N"', () => {
    const spec = (manifests.align as { spec: { completionMode: string; completions: number; parallelism: number } }).spec;
    expect(spec.completionMode).toBe('Indexed');
    const script = containerOf(manifests.align).args?.join('\n') ?? '';
    expect(script).toContain('K=$((JOB_COMPLETION_INDEX + 1))');
    expect(/--shard "\$K\/(\d+)"/.exec(script)?.[1]).toBe(String(spec.completions));
  });

  it('run pama subcommands with flags pama accepts', () => {
    const commands = Object.values(manifests).map((m) => {
      const c = containerOf(m);
      return [...c.command, ...(c.args ?? [])].join(' ');
    });
    for (const line of commands) {
      const call = /node apps\/cli\/dist\/bin\.js (\w+)((?:.|\\\n)*)/.exec(line);
      expect(call, line).not.toBeNull();
      const [, sub, rest] = call as RegExpExecArray;
      const usage = runPamaSync([sub as string, '--help']);
      expect(usage.status, sub).toBe(0);
      for (const flag of (rest as string).match(/--[a-z-]+/g) ?? []) expect(usage.stdout, `${sub} ${flag}`).toContain(flag);
    }
  });
});
