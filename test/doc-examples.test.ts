// Every @example of the libraries' exported declarations runs (test/support/doc-examples.mjs
// says how: each as its own module, seeing its package's exports; a line `EXPR; // VALUE` checks
// EXPR against the literal VALUE, `EXPR; // throws …` checks that it throws), so a wrong example
// fails here. They run in a scratch directory holding the files they open
// (support/doc-example-files.ts), with a reward server to score against
// (support/doc-example-server.ts). PENDING lists the examples that cannot run yet, with why.
// The list only shrinks: an example listed here that runs, or that is gone, fails the test too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeExampleFiles } from './support/doc-example-files.js';
import { startExampleServer } from './support/doc-example-server.js';

// id → why that example cannot run (none at present).
const PENDING: Readonly<Record<string, string>> = {};

interface Outcome {
  readonly id: string;
  readonly ok: boolean;
  readonly error: string | null;
}

async function runAll(): Promise<Outcome[]> {
  const script = fileURLToPath(new URL('support/doc-examples.mjs', import.meta.url));
  // Examples that write files (out/policy, model.safetensors) write them into the scratch directory too.
  const cwd = mkdtempSync(join(tmpdir(), 'pama-doc-examples-'));
  const server = await startExampleServer();
  try {
    await writeExampleFiles(cwd);
    const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, ...server.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(status, stderr.slice(-2000)).toBe(0);
    return stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Outcome);
  } finally {
    await server.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('the API documentation examples', () => {
  let outcomes: Outcome[] = [];
  beforeAll(async () => {
    outcomes = await runAll();
  }, 600_000);

  it('are found in every library', () => {
    for (const dir of ['packages/core/', 'packages/rewards/', 'packages/rewards-onnx/', 'packages/tfjs/', 'packages/experiment/']) {
      expect(
        outcomes.some((o) => o.id.startsWith(dir) && o.ok),
        dir,
      ).toBe(true);
    }
  });

  it('run and state their results truly, except the pending ones', () => {
    const failing = outcomes.filter((o) => !o.ok && !(o.id in PENDING)).map((o) => `${o.id}: ${o.error}`);
    expect(failing).toEqual([]);
  });

  it('the pending list only shrinks: each entry exists and still cannot run', () => {
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    const stale = Object.keys(PENDING).filter((id) => byId.get(id)?.ok !== false);
    expect(stale).toEqual([]);
  });
});
