import { request } from 'node:http';
import { functionReward, httpReward, lengthReward, sentimentReward, type RewardSource } from 'pama-rewards';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinSources, startRewardServer, ServerOptionError, type RewardServerOptions, type RunningRewardServer } from '../src/index.js';

let running: RunningRewardServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function start(options: Partial<RewardServerOptions> = {}): Promise<RunningRewardServer> {
  const server = await startRewardServer({ sources: builtinSources('length,sentiment'), ...options });
  running.push(server);
  return server;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** A promise the test opens by hand, to hold requests in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('reward-server: protocols', () => {
  it('binds 127.0.0.1 by default and reports health', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', sources: ['length', 'sentiment'], predictSource: 'length', active: 0, queued: 0 });
  });

  it('answers /v1/score with one row per item and one column per objective, as in-process scoring does', async () => {
    const server = await start();
    const items = [
      { prompt: 'a', response: 'I love this wonderful tool' },
      { prompt: 'b', response: 'awful' },
    ];
    const { status, json } = await post(`${server.url}/v1/score`, { items });
    expect(status).toBe(200);
    const length = await lengthReward().score(items)();
    const sentiment = await sentimentReward().score(items)();
    if (length._tag === 'Left' || sentiment._tag === 'Left') throw new Error('in-process scoring failed');
    expect(json).toEqual({ objectives: ['length', 'sentiment'], scores: [0, 1].map((i) => [length.right[i], sentiment.right[i]]) });
    const subset = await post(`${server.url}/v1/score`, { items, objectives: ['sentiment'] });
    expect(subset.json).toEqual({ objectives: ['sentiment'], scores: [[sentiment.right[0]], [sentiment.right[1]]] });
  });

  it('answers /predict in the text-embeddings-inference form from the selected source', async () => {
    const server = await start({ predictSource: 'sentiment' });
    const single = await post(`${server.url}/predict`, { inputs: 'I hate it' });
    expect(single.status).toBe(200);
    const [prediction] = single.json as Array<{ label: string; score: number }>;
    expect(prediction.label).toBe('sentiment');
    expect(prediction.score).toBeLessThan(0);
    const batch = await post(`${server.url}/predict`, { inputs: [['great'], ['q', 'terrible']], raw_scores: true });
    const rows = batch.json as Array<Array<{ label: string; score: number }>>;
    expect(rows.length).toBe(2);
    expect(rows[0][0].score).toBeGreaterThan(0);
    expect(rows[1][0].score).toBeLessThan(0);
  });

  it('serves pama-rewards httpReward over both protocols', async () => {
    const server = await start();
    const items = Array.from({ length: 70 }, (_, i) => ({ prompt: `p${i}`, response: 'good '.repeat(i) }));
    const expected = await lengthReward().score(items)();
    const viaScore = httpReward({ name: 'length', url: `${server.url}/v1/score`, protocol: 'score', maxBatchSize: 16 });
    const viaPredict = httpReward({ name: 'len', url: `${server.url}/predict`, protocol: 'predict', maxBatchSize: 16 });
    expect(await viaScore.score(items)()).toEqual(expected);
    expect(await viaPredict.score(items)()).toEqual(expected);
    const sentimentColumn = httpReward({ name: 'sentiment', url: `${server.url}/v1/score`, protocol: 'score' });
    expect(await sentimentColumn.score(items)()).toEqual(await sentimentReward().score(items)());
  });
});

describe('reward-server: bad requests', () => {
  it('answers 400 naming the field for malformed JSON and wrong types', async () => {
    const server = await start();
    const cases: Array<[string, unknown, string]> = [
      ['/v1/score', '{"items": [', 'body: not valid JSON'],
      ['/v1/score', [1, 2], 'body: expected a JSON object'],
      ['/v1/score', { items: 'x' }, 'items: expected an array'],
      ['/v1/score', { items: [{ prompt: 'p', response: 'r' }, { prompt: 'p' }] }, 'items[1].response: expected a string'],
      ['/v1/score', { items: [], objectives: ['length', 'bleu'] }, 'objectives[1]'],
      ['/predict', { inputs: 42 }, 'inputs: expected a string'],
      ['/predict', { inputs: [['a'], ['a', 'b', 'c']] }, 'inputs[1]: expected [string] or [string, string]'],
      ['/predict', { inputs: 'x', raw_scores: 'yes' }, 'raw_scores: expected a boolean'],
    ];
    for (const [path, body, message] of cases) {
      const { status, json } = await post(`${server.url}${path}`, body);
      expect(status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect((json as { error: string }).error).toContain(message);
    }
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    const server = await start();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const res = await fetch(`${server.url}/v1/score`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers 413 past the body limit, declared or streamed', async () => {
    const server = await start({ maxBodyBytes: 1000 });
    const declared = await post(`${server.url}/v1/score`, { items: [{ prompt: 'p', response: 'x'.repeat(2000) }] });
    expect(declared.status).toBe(413);
    // Chunked upload with no content-length: the limit is enforced while streaming.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/v1/score`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"items":[{"prompt":"p","response":"');
      for (let i = 0; i < 8; i++) req.write('x'.repeat(500));
      req.end('"}]}');
    });
    expect(status).toBe(413);
  });

  it('answers 500 naming the source when a source fails', async () => {
    const broken = functionReward({ name: 'broken', scoreItem: () => Number.NaN });
    const server = await start({ sources: [lengthReward(), broken] });
    const { status, json } = await post(`${server.url}/v1/score`, { items: [{ prompt: 'p', response: 'r' }] });
    expect(status).toBe(500);
    expect((json as { error: string }).error).toContain('reward source "broken" at item 0');
  });

  it('rejects invalid options, naming them', async () => {
    await expect(startRewardServer({ sources: [] })).rejects.toThrow(ServerOptionError);
    await expect(startRewardServer({ sources: [lengthReward()], predictSource: 'x' })).rejects.toThrow(/predictSource/);
    await expect(startRewardServer({ sources: [lengthReward()], concurrency: 0 })).rejects.toThrow(/concurrency/);
    expect(() => builtinSources('length,bleu')).toThrow(/bleu/);
  });
});

describe('reward-server: load control and shutdown', () => {
  function gatedSource(g: { opened: Promise<void> }, stats: { running: number; peak: number }): RewardSource {
    return functionReward({
      name: 'gated',
      scoreBatch: async (xs) => {
        stats.running++;
        stats.peak = Math.max(stats.peak, stats.running);
        await g.opened;
        stats.running--;
        return xs.map((x) => x.response.length);
      },
    });
  }

  it('scores at most `concurrency` requests at once, answers 429 with Retry-After past the queue, and serves every request it accepted', async () => {
    const g = gate();
    const stats = { running: 0, peak: 0 };
    const server = await start({ sources: [gatedSource(g, stats)], concurrency: 2, queue: 3, retryAfterSeconds: 2 });
    const body = (i: number) => ({ items: [{ prompt: 'p', response: 'x'.repeat(i + 1) }] });
    const accepted = Array.from({ length: 5 }, (_, i) => post(`${server.url}/v1/score`, body(i)));
    await until(() => server.load().active === 2 && server.load().queued === 3);
    const refused = await Promise.all(Array.from({ length: 4 }, (_, i) => post(`${server.url}/v1/score`, body(10 + i))));
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('2');
    }
    g.open();
    const served = await Promise.all(accepted);
    expect(served.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(served.map((r) => (r.json as { scores: number[][] }).scores[0][0]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(stats.peak).toBe(2);
  });

  it('close() finishes in-flight requests, refuses new connections, then resolves', async () => {
    const g = gate();
    const stats = { running: 0, peak: 0 };
    const server = await startRewardServer({ sources: [gatedSource(g, stats)] });
    const inFlight = post(`${server.url}/v1/score`, { items: [{ prompt: 'p', response: 'abc' }] });
    await until(() => stats.running === 1);
    let closed = false;
    const closing = server.close().then((clean) => {
      closed = true;
      return clean;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    g.open();
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ objectives: ['gated'], scores: [[3]] });
    expect(await closing).toBe(true);
  });
});
