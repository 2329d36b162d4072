// The aligned model as an artifact, end to end on the real binary with the user's own text:
// `pama align` on a JSONL corpus with prompt files saves every run's policy and the pre-trained
// model in TensorFlow.js's format; `pama eval` on them reproduces the run's test scores;
// `pama generate` samples from them reproducibly; bad files are one line naming file and line.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPama, runPamaSync, type PamaResult } from './support/run-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-artifact-'));
const out = join(dir, 'out');
const policy = join(out, 'runs', 'pama-sample-seed1', 'policy');
const pretrained = join(out, 'pretrained');

const WORDS =
  'the a cat dog bird friend saw liked hated found good bad happy sad great awful big small park house day night was is very and with in on'.split(
    ' ',
  );

/** A seeded synthetic corpus: lines of two sentences of 6–11 words. */
function corpusLines(count: number): string[] {
  let state = 12345;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const sentence = () => `${Array.from({ length: 6 + next(6) }, () => WORDS[next(WORDS.length)]).join(' ')}.`;
  return Array.from({ length: count }, () => `${sentence()} ${sentence()}`);
}

function write(name: string, contents: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

const baseConfig = {
  backend: 'cpu',
  cacheDir: join(dir, 'cache'),
  methods: ['pama'],
  steps: 2,
  corpus: { maxVocabulary: 64 },
  model: { contextLength: 16, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32 },
  pretrain: { steps: 8, batchSize: 8 },
  ppo: { batchSize: 8, minibatchSize: 8 },
  generation: { maxNewTokens: 8 },
  prompts: { evalCount: 16, samplesShown: 2 },
  // Relative paths resolve against the config file's directory.
  data: { corpus: 'corpus.jsonl', prompts: 'prompts.txt', testPrompts: 'test-prompts.jsonl' },
};
const config = join(dir, 'config.json');

function expectOneLine(r: PamaResult, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

let align: PamaResult;
beforeAll(async () => {
  write(
    'corpus.jsonl',
    `${corpusLines(300)
      .map((text) => JSON.stringify({ text }))
      .join('\n')}\n`,
  );
  write('prompts.txt', 'the cat saw a dog\nthe friend was happy\na big park and a small house\nthe bird is very sad\n');
  write(
    'test-prompts.jsonl',
    ['the dog found', 'a good day in the park', 'the night was awful', 'my friend liked the house']
      .map((text) => JSON.stringify({ text }))
      .join('\n'),
  );
  writeFileSync(config, JSON.stringify(baseConfig));
  align = await runPama(['align', '--quick', '--config', config, '--out', out]);
}, 300_000);

describe('the aligned model as an artifact', () => {
  it('pama align saves the pre-trained model and every run policy as model.json, weight shards and tokenizer.json', () => {
    expect(align.status, align.stderr).toBe(0);
    for (const d of [policy, pretrained]) {
      const json = JSON.parse(readFileSync(join(d, 'model.json'), 'utf8'));
      expect(json.format).toBe('pama-policy-value');
      for (const shard of json.weightsManifest[0].paths) expect(existsSync(join(d, shard))).toBe(true);
      expect(JSON.parse(readFileSync(join(d, 'tokenizer.json'), 'utf8')).kind).toBe('word');
    }
    const made = JSON.parse(readFileSync(join(policy, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(made).toMatchObject({ kind: 'aligned', method: 'pama', seed: 1, steps: 2 });
  });

  it('pama eval of the saved models reproduces the run’s test scores before and after alignment, on the test prompt file', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const after = runPamaSync(['eval', '--model', policy, '--config', config, '--quick', '--json']);
    expect(after.status, after.stderr).toBe(0);
    const report = JSON.parse(after.stdout);
    expect(report.prompts.count).toBe(4);
    expect(report.means).toEqual(metrics.runs[0].test.after);
    const before = JSON.parse(runPamaSync(['eval', '--model', pretrained, '--config', config, '--quick', '--json']).stdout);
    expect(before.means).toEqual(metrics.runs[0].test.before);
    const table = runPamaSync(['eval', '--model', policy, '--config', config, '--quick']);
    expect(table.stdout).toMatch(/^objective\s+mean$/m);
    expect(table.stdout).toMatch(/^sentiment\s+-?\d+\.\d{4}$/m);
  });

  it('pama generate samples --n responses per prompt, the same ones for the same --seed', () => {
    const prompts = write('gen-prompts.txt', 'the cat\nthe friend was happy and\n');
    const args = ['generate', '--model', policy, '--prompts', prompts, '--n', '3', '--seed', '9', '--backend', 'cpu', '--json'];
    const first = runPamaSync(args);
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.prompt)).toEqual(['the cat', 'the friend was happy and']);
    expect(lines.every((l) => l.responses.length === 3)).toBe(true);
    expect(runPamaSync(args).stdout).toBe(first.stdout);
    const single = runPamaSync([
      'generate',
      '--model',
      pretrained,
      '--prompt',
      'the dog',
      '--temperature',
      '0.7',
      '--top-k',
      '5',
      '--backend',
      'cpu',
    ]);
    expect(single.status, single.stderr).toBe(0);
    expect(single.stdout).toMatch(/^prompt: the dog\n {2}1\. /);
  });

  it('bad files and models are one line naming the file (and line), exit 2', () => {
    const withData = (data: object) => {
      const path = write(
        `bad-${Object.values(data).join('-').replace(/\W/g, '')}.json`,
        JSON.stringify({ ...baseConfig, data: { ...baseConfig.data, ...data } }),
      );
      return ['align', '--quick', '--config', path, '--out', join(dir, 'never')];
    };
    expectOneLine(runPamaSync(withData({ corpus: 'missing.txt' })), /data\.corpus file .*missing\.txt: no such file/);
    write('bad-line.jsonl', '{"text": "the cat saw a dog"}\n{"text": oops}\n');
    expectOneLine(runPamaSync(withData({ prompts: 'bad-line.jsonl' })), /data\.prompts file .*bad-line\.jsonl:2: not a JSON line/);
    write('latin1.txt', Buffer.concat([Buffer.from('the cat saw a dog\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expectOneLine(runPamaSync(withData({ testPrompts: 'latin1.txt' })), /data\.testPrompts file .*latin1\.txt:2: not UTF-8 text/);
    write('empty.txt', '');
    expectOneLine(
      runPamaSync(['generate', '--model', policy, '--prompts', join(dir, 'empty.txt'), '--backend', 'cpu']),
      /--prompts file .*empty\.txt: empty/,
    );
    expectOneLine(runPamaSync(['generate', '--model', join(dir, 'nothing')]), /--model .*nothing: no such directory/);
    expectOneLine(runPamaSync(['generate', '--model', policy, '--n', '0']), /--n: an integer from 1 to \d+ \(got "0"\)/);
    expect(existsSync(join(dir, 'never', 'runs'))).toBe(false);
  });
});
