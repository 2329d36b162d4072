import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { httpReward, RewardError, type HttpRewardOptions, type RewardItem } from '../src/index.js';
import { lengthScores, sendJson, startTestServer, type TestHandler, type TestServer } from './support/test-server.js';

const batch = (n: number): RewardItem[] => Array.from({ length: n }, (_, i) => ({ prompt: `p${i}`, response: 'x'.repeat(i + 1) }));
const fastRetry = { retries: 2, baseDelayMs: 5, maxDelayMs: 20, seed: 1 };

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: TestHandler): Promise<TestServer> {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
}

function remote(server: TestServer, options: Partial<HttpRewardOptions> = {}) {
  return httpReward({ name: 'remote', url: `${server.url}/v1/score`, protocol: 'score', retry: fastRetry, ...options });
}

async function expectLeft(result: E.Either<RewardError, Float64Array>): Promise<RewardError> {
  expect(E.isLeft(result), 'expected a Left, got a Right').toBe(true);
  if (E.isRight(result)) throw new Error('unreachable');
  expect(result.left).toBeInstanceOf(RewardError);
  return result.left;
}

describe('httpReward, /v1/score protocol', () => {
  it('splits a batch into requests of maxBatchSize and reassembles scores in order', async () => {
    const server = await serve((_, res, body) => sendJson(res, 200, lengthScores(body)));
    const result = await remote(server, { maxBatchSize: 4 }).score(batch(10))();
    expect(result).toEqual(E.right(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])));
    expect(server.bodies.map((b) => (JSON.parse(b) as { items: unknown[] }).items.length).sort()).toEqual([2, 4, 4]);
  });

  it('picks the configured objective column and asks the server for it', async () => {
    const server = await serve((_, res, body) => {
      const n = (JSON.parse(body) as { items: unknown[] }).items.length;
      sendJson(res, 200, { objectives: ['a', 'b'], scores: Array.from({ length: n }, (_, i) => [i, 10 * i]) });
    });
    const result = await remote(server, { objective: 'b' }).score(batch(3))();
    expect(result).toEqual(E.right(new Float64Array([0, 10, 20])));
    expect(JSON.parse(server.bodies[0])).toMatchObject({ objectives: ['b'] });
    const missing = await expectLeft(await remote(server, { objective: 'c' }).score(batch(1))());
    expect(missing.cause).toMatchObject({ kind: 'bad-shape', field: 'objectives' });
  });

  it('retries a 500 and then succeeds', async () => {
    const server = await serve((_, res, body, n) =>
      n === 1 ? sendJson(res, 500, { error: 'warming up' }) : sendJson(res, 200, lengthScores(body)),
    );
    const result = await remote(server).score(batch(2))();
    expect(result).toEqual(E.right(new Float64Array([1, 2])));
    expect(server.requests).toBe(2);
  });

  it('gives up after the retries with http-status and the attempt count', async () => {
    const server = await serve((_, res) => sendJson(res, 503, 'overloaded'));
    const error = await expectLeft(await remote(server).score(batch(2))());
    expect(error.cause).toMatchObject({ kind: 'http-status', status: 503, attempts: 3 });
    expect(error.range).toEqual({ start: 0, end: 2 });
    expect(server.requests).toBe(3);
  });

  it('does not retry a 4xx', async () => {
    const server = await serve((_, res) => sendJson(res, 400, { error: 'items[0].prompt must be a string' }));
    const error = await expectLeft(await remote(server).score(batch(1))());
    expect(error.cause).toMatchObject({ kind: 'http-status', status: 400, attempts: 1 });
    expect(error.message).toContain('items[0].prompt');
    expect(server.requests).toBe(1);
  });

  it('reports a redirect as http-status rather than following it', async () => {
    const server = await serve((_, res) => {
      res.writeHead(302, { location: '/elsewhere', 'content-length': 0 });
      res.end();
    });
    const error = await expectLeft(await remote(server).score(batch(1))());
    expect(error.cause).toMatchObject({ kind: 'http-status', status: 302, attempts: 1 });
    expect(server.requests).toBe(1);
  });

  it('times out a hanging server, retrying, and reports timeout', async () => {
    const server = await serve(() => undefined);
    const error = await expectLeft(await remote(server, { timeoutMs: 150, retry: { ...fastRetry, retries: 1 } }).score(batch(1))());
    expect(error.cause).toEqual({ kind: 'timeout', timeoutMs: 150, attempts: 2 });
    expect(server.requests).toBe(2);
  });

  it('reports garbage JSON as bad-json without retrying', async () => {
    const server = await serve((_, res) => sendJson(res, 200, '{"objectives": ["remote"], "scores": [[1]'));
    const error = await expectLeft(await remote(server).score(batch(1))());
    expect(error.kind).toBe('bad-json');
    expect(server.requests).toBe(1);
  });

  it('reports a wrong row count as bad-shape', async () => {
    const server = await serve((_, res) => sendJson(res, 200, { objectives: ['remote'], scores: [[1]] }));
    const error = await expectLeft(await remote(server).score(batch(3))());
    expect(error.cause).toMatchObject({ kind: 'bad-shape', field: 'scores.length', value: 1 });
    expect(error.message).toContain('scores.length: expected 3 rows (one per item) (got 1)');
  });

  it('reports a non-finite score naming the item in the caller batch', async () => {
    // 1e999 is valid JSON that parses to Infinity; the fault is in the second request's last row.
    const server = await serve((_, res, body) => {
      const reply = lengthScores(body);
      if (reply.scores.length === 2) reply.scores[1] = [Number.NaN];
      sendJson(res, 200, JSON.stringify(reply).replace('null', '1e999'));
    });
    const error = await expectLeft(await remote(server, { maxBatchSize: 3, concurrency: 1 }).score(batch(5))());
    expect(error.cause).toEqual({ kind: 'non-finite', value: Number.POSITIVE_INFINITY });
    expect(error.item).toBe(4);
  });

  it('reports a reset connection as connection after retrying', async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await expectLeft(await remote(server).score(batch(1))());
    expect(error.cause).toMatchObject({ kind: 'connection', attempts: 3 });
    expect(server.requests).toBe(3);
  });

  it('reports a refused connection as connection with its code', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    servers = [];
    const source = httpReward({ name: 'gone', url, protocol: 'score', retry: { retries: 0 } });
    const error = await expectLeft(await source.score(batch(1))());
    expect(error.cause).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED', attempts: 1 });
  });

  it('cuts off an oversized response, with or without a content-length', async () => {
    const big = JSON.stringify({ objectives: ['remote'], scores: [[1]], pad: 'x'.repeat(100_000) });
    const declared = await serve((_, res) => sendJson(res, 200, big));
    const e1 = await expectLeft(await remote(declared, { maxResponseBytes: 1000 }).score(batch(1))());
    expect(e1.cause).toEqual({ kind: 'too-large', limitBytes: 1000 });
    const streamed = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const write = (k: number) => (k === 0 ? res.end() : res.write('x'.repeat(16_384), () => write(k - 1)));
      write(64);
    });
    const e2 = await expectLeft(await remote(streamed, { maxResponseBytes: 1000 }).score(batch(1))());
    expect(e2.kind).toBe('too-large');
    expect(streamed.requests).toBe(1);
  });

  it('keeps at most `concurrency` requests in flight, and does use that many', async () => {
    const server = await serve((_, res, body) => setTimeout(() => sendJson(res, 200, lengthScores(body)), 40));
    const source = remote(server, { maxBatchSize: 1, concurrency: 3 });
    // Two overlapping calls share the same bound.
    const [a, b] = await Promise.all([source.score(batch(8))(), source.score(batch(7))()]);
    expect(E.isRight(a) && E.isRight(b)).toBe(true);
    expect(server.requests).toBe(15);
    expect(server.maxInFlight).toBe(3);
  });

  it('fails the whole batch when one sub-request fails, returning nothing partial', async () => {
    const server = await serve((_, res, body) => {
      const { items } = JSON.parse(body) as { items: Array<{ prompt: string }> };
      if (items.some((i) => i.prompt === 'p5')) sendJson(res, 200, { objectives: ['remote'], scores: [] });
      else sendJson(res, 200, lengthScores(body));
    });
    const error = await expectLeft(await remote(server, { maxBatchSize: 2 }).score(batch(8))());
    expect(error.kind).toBe('bad-shape');
    expect(error.range).toEqual({ start: 4, end: 6 });
  });

  it('rejects bad configuration at construction', () => {
    expect(() => httpReward({ name: 'x', url: 'not a url', protocol: 'score' })).toThrow(/url/);
    expect(() => httpReward({ name: 'x', url: 'ftp://h/x', protocol: 'score' })).toThrow(/url/);
    expect(() => httpReward({ name: 'x', url: 'http://h/x', protocol: 'grpc' as never })).toThrow(/protocol/);
    expect(() => httpReward({ name: 'x', url: 'http://h/x', protocol: 'score', concurrency: 0 })).toThrow(/concurrency/);
    expect(() => httpReward({ name: 'x', url: 'http://h/x', protocol: 'score', retry: { jitter: 2 } })).toThrow(/jitter/);
  });
});

describe('httpReward, text-embeddings-inference /predict form', () => {
  // A small TEI-like classifier: label POSITIVE gets sigmoid(len/10), NEGATIVE the rest.
  const tei: TestHandler = (_, res, body) => {
    const { inputs, raw_scores } = JSON.parse(body) as { inputs: Array<[string] | [string, string]>; raw_scores: boolean };
    sendJson(
      res,
      200,
      inputs.map((input) => {
        const text = input.join('|');
        const logit = text.length / 10;
        const p = 1 / (1 + Math.exp(-logit));
        return raw_scores
          ? [
              { label: 'POSITIVE', score: logit },
              { label: 'NEGATIVE', score: -logit },
            ]
          : [
              { label: 'POSITIVE', score: p },
              { label: 'NEGATIVE', score: 1 - p },
            ];
      }),
    );
  };

  it('takes the configured label, as a probability or a logit, from response or pair inputs', async () => {
    const server = await serve(tei);
    const items = [{ prompt: 'ab', response: 'xyz' }];
    const base = { name: 'rm', url: `${server.url}/predict`, protocol: 'predict' as const, label: 'POSITIVE' };
    expect(await httpReward(base).score(items)()).toEqual(E.right(new Float64Array([1 / (1 + Math.exp(-0.3))])));
    expect(await httpReward({ ...base, rawScores: true }).score(items)()).toEqual(E.right(new Float64Array([0.3])));
    expect(await httpReward({ ...base, rawScores: true, predictInput: 'pair' }).score(items)()).toEqual(E.right(new Float64Array([0.6])));
    expect(JSON.parse(server.bodies[0])).toEqual({ inputs: [['xyz']], raw_scores: false });
    expect(JSON.parse(server.bodies[2])).toEqual({ inputs: [['ab', 'xyz']], raw_scores: true });
  });

  it('requires a label when the classifier returns several, and validates every entry', async () => {
    const server = await serve(tei);
    const noLabel = await expectLeft(await httpReward({ name: 'rm', url: `${server.url}/predict`, protocol: 'predict' }).score(batch(1))());
    expect(noLabel.message).toContain('label');
    const wrongLabel = await expectLeft(
      await httpReward({ name: 'rm', url: `${server.url}/predict`, protocol: 'predict', label: 'LABEL_1' }).score(batch(1))(),
    );
    expect(wrongLabel.cause).toMatchObject({ kind: 'bad-shape', field: 'response[0]' });
    const short = await serve((_, res) => sendJson(res, 200, [[{ label: 'A', score: 1 }]]));
    const rows = await expectLeft(await httpReward({ name: 'rm', url: `${short.url}/predict`, protocol: 'predict' }).score(batch(2))());
    expect(rows.message).toContain('expected 2 entries');
    const badScore = await serve((_, res) => sendJson(res, 200, [[{ label: 'A', score: 'high' }]]));
    const typed = await expectLeft(await httpReward({ name: 'rm', url: `${badScore.url}/predict`, protocol: 'predict' }).score(batch(1))());
    expect(typed.cause).toMatchObject({ kind: 'bad-shape', field: 'response[0][0].score' });
  });
});
