// End to end: `classifier` objectives (Hugging Face-layout ONNX folders, run in process) through
// `pama score`, `pama align` and `pama sweep` with tiny models on the CPU backend; bad folders and
// missing header variables refused with one line before any work; HTTP objectives sending headers
// read from the environment to a loopback server that checks them.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { classifierReward } from 'pama-rewards-onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { pamaBin, repoRoot, runPama } from './support/run-pama.js';
import { tinyConfig } from './support/tiny-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-classifier-e2e-'));
const fixtures = join(repoRoot, 'packages', 'rewards-onnx', 'test', 'fixtures');
const TINY = tinyConfig(dir, { methods: ['pama'], seeds: [1], steps: 2 });

/** examples/classifier-objective.json with the tiny settings, its folders made absolute. */
function classifierConfig(
  edit: (o: Record<string, unknown>) => Record<string, unknown> = (o) => o,
  extra: Record<string, unknown> = {},
): string {
  const example = JSON.parse(readFileSync(join(repoRoot, 'examples', 'classifier-objective.json'), 'utf8')) as {
    objectives: Record<string, unknown>[];
  };
  const objectives = example.objectives.map((o) => edit(typeof o.dir === 'string' ? { ...o, dir: join(repoRoot, 'examples', o.dir) } : o));
  const file = join(dir, `config-${Math.random().toString(36).slice(2, 8)}.json`);
  writeFileSync(file, JSON.stringify({ ...TINY, ...extra, objectives }));
  return file;
}

/** Runs pama with extra environment variables. */
function runWithEnv(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [pamaBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const texts = [
  'What a wonderful, joyful evening!',
  'The food was cold and the service was dreadful.',
  'The staff were friendly, a lovely stay.',
];

describe('pama score', () => {
  it('--json: one {"text", "prompt", "scores"} per text, the raw scores the sources give in process', async () => {
    const config = classifierConfig();
    const r = await runPama(['score', '--config', config, ...texts.flatMap((t) => ['--text', t]), '--prompt', 'Review it.', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; prompt: string; scores: Record<string, number> });
    expect(rows.map((row) => row.text)).toEqual(texts);
    expect(Object.keys(rows[0].scores)).toEqual(['positive', 'reward', 'length']);
    const items = texts.map((response) => ({ prompt: 'Review it.', response }));
    for (const [name, source] of [
      ['positive', classifierReward({ name: 'positive', dir: join(fixtures, 'tiny-sentiment'), label: 'POSITIVE' })],
      ['reward', classifierReward({ name: 'reward', dir: join(fixtures, 'tiny-reward'), pair: true, maxLength: 64 })],
    ] as const) {
      const expected = await source.score(items)();
      if (E.isLeft(expected)) throw expected.left;
      rows.forEach((row, i) => expect(row.scores[name]).toBeCloseTo(expected.right[i], 5));
    }
    expect(rows[0].scores.positive).toBeGreaterThan(0.5);
    expect(rows[1].scores.positive).toBeLessThan(0.5);
  });

  it('prints a table of texts read from a file', async () => {
    const file = join(dir, 'texts.txt');
    writeFileSync(file, `${texts.join('\n')}\n`);
    const r = await runPama(['score', '--config', classifierConfig(), '--texts', file]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^text\s+positive\s+reward\s+length$/);
    expect(lines).toHaveLength(2 + texts.length);
    expect(lines[2].startsWith(texts[0])).toBe(true);
  });

  it('a label the model does not have, or a folder without a model, is one line naming the folder', async () => {
    const badLabel = await runPama([
      'score',
      '--config',
      classifierConfig((o) => (o.name === 'positive' ? { ...o, label: 'JOY' } : o)),
      '--text',
      'x',
    ]);
    expect(badLabel.status).toBe(1);
    expect(badLabel.stderr.trim().split('\n')).toHaveLength(1);
    expect(badLabel.stderr).toContain(
      `pama: objective 'positive' (classifier ${join(fixtures, 'tiny-sentiment')}) failed: classifier folder ${join(fixtures, 'tiny-sentiment')}: label: not a label of this model: NEGATIVE, POSITIVE`,
    );
    const noModel = await runPama([
      'score',
      '--config',
      classifierConfig((o) => (o.name === 'reward' ? { ...o, dir: dir } : o)),
      '--text',
      'x',
    ]);
    expect(noModel.status).toBe(1);
    expect(noModel.stderr).toMatch(
      /^pama: objective 'reward' \(classifier .*\) failed: classifier folder .*: model\.onnx: no ONNX model in the folder .*\n$/,
    );
  });

  it('a classifier option the objective does not know is refused naming the key', async () => {
    const r = await runPama([
      'score',
      '--config',
      classifierConfig((o) => (o.name === 'positive' ? { ...o, labels: ['POSITIVE'] } : o)),
      '--text',
      'x',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^pama: invalid config: objectives\[0\]\.labels: unknown key for a 'classifier' objective \(known: .*dir, label, logit, pair/,
    );
  });
});

describe('classifier objectives in training', () => {
  it('pama align: the probe batch names the classifier objectives, and every run has finite test scores for them', async () => {
    const out = join(dir, 'align');
    const r = await runPama(['align', '--config', classifierConfig(), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /objectives: positive \(classifier .*tiny-sentiment\), reward \(classifier .*tiny-reward\), length \(length\); probe batch scored/,
    );
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
      objectives: string[];
      runs: Array<{ test: { after: Record<string, number> } }>;
    };
    expect(metrics.objectives).toEqual(['positive', 'reward', 'length']);
    for (const o of metrics.objectives) expect(Number.isFinite(metrics.runs[0].test.after[o])).toBe(true);
  });

  it('pama sweep runs with them too', async () => {
    const out = join(dir, 'sweep');
    const r = await runPama([
      'sweep',
      '--config',
      classifierConfig(),
      '--weights',
      '2',
      '--methods',
      'morlhf',
      '--seeds',
      '1',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'metrics.json'))).toBe(true);
  });

  it('a corrupt model stops pama align before any training, with one line naming the folder', async () => {
    const broken = join(dir, 'broken');
    const { cpSync } = await import('node:fs');
    cpSync(join(fixtures, 'tiny-reward'), broken, { recursive: true });
    writeFileSync(join(broken, 'onnx', 'model.onnx'), readFileSync(join(broken, 'onnx', 'model.onnx')).subarray(0, 5000));
    const out = join(dir, 'refused');
    const r = await runPama([
      'align',
      '--config',
      classifierConfig((o) => (o.name === 'reward' ? { ...o, dir: broken } : o)),
      '--out',
      out,
    ]);
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^pama: objective 'reward' \\(classifier ${broken}\\) failed the probe batch: classifier folder ${broken}: onnx/model\\.onnx: not a model onnxruntime-`,
      ),
    );
    expect(r.stdout).not.toContain('pre-training');
    expect(existsSync(join(out, 'runs'))).toBe(false);
  });
});

describe('HTTP objectives with headers from the environment', () => {
  const SECRET = 'e2e-secret-token';
  let server: Server;
  let url = '';
  const seen: string[] = [];
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

  it('pama score sends the header to a server that checks it; an unset variable is one line before any work', async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push(String(req.headers.authorization));
        if (req.headers.authorization !== `Bearer ${SECRET}`) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorised"}');
          return;
        }
        const items = (JSON.parse(body) as { items: Array<{ response: string }> }).items;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ objectives: ['chars'], scores: items.map((i) => [i.response.length]) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/score`;
    const config = join(dir, 'headers.json');
    writeFileSync(
      config,
      JSON.stringify({
        objectives: [
          { name: 'chars', source: 'http', url, retries: 0, headers: { Authorization: { env: 'PAMA_E2E_TOKEN', prefix: 'Bearer ' } } },
        ],
      }),
    );

    const ok = await runWithEnv(['score', '--config', config, '--text', 'abcd', '--json'], { PAMA_E2E_TOKEN: SECRET });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toEqual({ text: 'abcd', scores: { chars: 4 } });
    expect(seen.at(-1)).toBe(`Bearer ${SECRET}`);

    const wrong = await runWithEnv(['score', '--config', config, '--text', 'abcd'], { PAMA_E2E_TOKEN: 'not-the-token' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^pama: objective 'chars' \(http .*\) failed: .*401/);
    expect(wrong.stderr).not.toContain('not-the-token');

    const before = seen.length;
    const unset = await runWithEnv(['score', '--config', config, '--text', 'abcd'], {});
    expect(unset.status).toBe(2);
    expect(unset.stderr).toBe(
      `pama: objective 'chars' (http ${url}): headers.Authorization: the environment variable is not set (got "PAMA_E2E_TOKEN")\n`,
    );
    expect(seen.length).toBe(before);

    const literal = join(dir, 'literal.json');
    writeFileSync(
      literal,
      JSON.stringify({ objectives: [{ name: 'chars', source: 'http', url, headers: { Authorization: `Bearer ${SECRET}` } }] }),
    );
    const refused = await runWithEnv(['score', '--config', literal, '--text', 'abcd'], {});
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^pama: invalid config: objectives\[0\]\.headers: an object of header names to \{ "env": VARIABLE.* \(got \["Authorization"\]\)\n$/,
    );
    expect(refused.stderr).not.toContain(SECRET);
  });
});
