// `--classifier NAME=DIR[:…]`: the flag's grammar, and the real bin serving the tiny fixture models
// of pama-rewards-onnx over a real socket to several clients at once, with the scores the same
// models give in process; a bad folder is one line before the server listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { httpReward, scoreAll } from 'pama-rewards';
import { classifierReward } from 'pama-rewards-onnx';
import { afterEach, describe, expect, it } from 'vitest';
import { parseClassifierSpec, parseServerArgs } from '../src/index.js';

const bin = fileURLToPath(new URL('../bin/pama-reward-server.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../packages/rewards-onnx/test/fixtures/', import.meta.url));
const SENTIMENT = join(fixtures, 'tiny-sentiment');
const REWARD = join(fixtures, 'tiny-reward');

describe('--classifier', () => {
  it('reads NAME=DIR and the options after it', () => {
    expect(parseClassifierSpec('sentiment=/m/sst2:POSITIVE')).toEqual({ name: 'sentiment', dir: '/m/sst2', label: 'POSITIVE' });
    expect(parseClassifierSpec('rm=/m/rm:pair:maxLength=512:batchSize=8:threads=1:runtime=onnxruntime-web:logit=0')).toEqual({
      name: 'rm',
      dir: '/m/rm',
      pair: true,
      maxLength: 512,
      batchSize: 8,
      threads: 1,
      runtime: 'onnxruntime-web',
      logit: 0,
    });
    expect(() => parseClassifierSpec('/m/sst2')).toThrow(/^--classifier: expected NAME=DIR/);
    expect(() => parseClassifierSpec('x=/m:maxLength=big')).toThrow(
      '--classifier: maxLength must be a whole number (got "x=/m:maxLength=big")',
    );
    expect(() => parseClassifierSpec('x=/m:POSITIVE:NEGATIVE')).toThrow('unexpected option "NEGATIVE"');
  });

  it('serves only the classifiers unless --sources is given, and checks names before loading anything', () => {
    const only = parseServerArgs(['--classifier', `s=${SENTIMENT}:POSITIVE`]);
    expect(only.options.sources).toEqual([]);
    expect(only.classifiers.map((c) => c.name)).toEqual(['s']);
    expect(parseServerArgs(['--sources', 'length', '--classifier', `s=${SENTIMENT}`]).options.sources.map((s) => s.name)).toEqual([
      'length',
    ]);
    expect(() => parseServerArgs(['--sources', 'length', '--classifier', `length=${SENTIMENT}`])).toThrow(/source names must be unique/);
    expect(parseServerArgs(['--classifier', `s=${SENTIMENT}`, '--predict-source', 's']).options.predictSource).toBe('s');
  });
});

let children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children = [];
});

function start(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

const items = [
  { prompt: 'Review the film.', response: 'What a wonderful, joyful evening!' },
  { prompt: 'Review the film.', response: 'The food was cold and the service was dreadful.' },
  { prompt: 'Say thanks.', response: 'No.' },
  { prompt: 'Review the hotel.', response: 'The staff were friendly, a lovely stay.' },
];

describe('pama-reward-server --classifier over a socket', () => {
  it('one loaded model per folder serves many clients at once, with the in-process scores', async () => {
    const { url } = await start([
      '--classifier',
      `positive=${SENTIMENT}:POSITIVE`,
      '--classifier',
      `negative=${SENTIMENT}:NEGATIVE`,
      '--classifier',
      `reward=${REWARD}:pair`,
    ]);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { sources: string[] };
    expect(health.sources).toEqual(['positive', 'negative', 'reward']);

    const local = [
      classifierReward({ name: 'positive', dir: SENTIMENT, label: 'POSITIVE' }),
      classifierReward({ name: 'negative', dir: SENTIMENT, label: 'NEGATIVE' }),
      classifierReward({ name: 'reward', dir: REWARD, pair: true }),
    ];
    const expected = await scoreAll(local, items)();
    if (E.isLeft(expected)) throw expected.left;

    // Eight clients, each its own sources (connection pools), all at once.
    const clients = Array.from({ length: 8 }, () =>
      ['positive', 'negative', 'reward'].map((name) =>
        httpReward({ name, url: `${url}/v1/score`, protocol: 'score', objective: name, maxBatchSize: 2 }),
      ),
    );
    const results = await Promise.all(clients.map((sources) => scoreAll(sources, items)()));
    for (const result of results) {
      if (E.isLeft(result)) throw result.left;
      for (let i = 0; i < items.length; i++)
        for (let j = 0; j < 3; j++) expect(result.right.get(i, j)).toBeCloseTo(expected.right.get(i, j), 5);
    }
  });

  it('a label the model does not have, or a folder that is not a classifier, is one line and exit 2 before listening', async () => {
    for (const [spec, problem] of [
      [
        `positive=${SENTIMENT}:JOY`,
        `--classifier positive: classifier folder ${SENTIMENT}: label: not a label of this model: NEGATIVE, POSITIVE`,
      ],
      [`x=${fixtures}`, `--classifier x: classifier folder ${fixtures.replace(/\/$/, '')}: model.onnx: no ONNX model in the folder`],
    ]) {
      const child = spawn(process.execPath, [bin, '--port', '0', '--classifier', spec], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain(`pama-reward-server: ${problem}`);
    }
  });
});
