// Request headers from the environment, against a real loopback server that checks them the way a
// gateway does: the right token scores, a wrong one is a 401, an unset variable is refused when the
// source is built, and the token appears in no error, message or JSON.
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { httpReward, RewardConfigError, resolveHeaders, type RewardItem } from '../src/index.js';
import { lengthScores, sendJson, startTestServer, type TestServer } from './support/test-server.js';

const SECRET = 's3cret-token-value';
const items: RewardItem[] = [
  { prompt: 'p', response: 'ab' },
  { prompt: 'p', response: 'abcd' },
];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers /v1/score only to `Authorization: Bearer <SECRET>` and records the headers it saw. */
async function gateway(seen: Array<Record<string, unknown>>): Promise<TestServer> {
  server = await startTestServer((req, res, body) => {
    seen.push({ ...req.headers });
    if (req.headers.authorization !== `Bearer ${SECRET}`) return sendJson(res, 401, { error: 'unauthorised' });
    sendJson(res, 200, lengthScores(body));
  });
  return server;
}

const source = (url: string, environment: Record<string, string | undefined>) =>
  httpReward({
    name: 'remote',
    url: `${url}/v1/score`,
    protocol: 'score',
    headers: { Authorization: { env: 'REWARD_TOKEN', prefix: 'Bearer ' }, 'X-Team': 'alignment' },
    environment,
    retry: { retries: 0 },
  });

describe('httpReward headers', () => {
  it('sends the header read from the environment variable, and the server that checks it scores', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const { url } = await gateway(seen);
    const result = await source(url, { REWARD_TOKEN: SECRET }).score(items)();
    expect(result).toEqual(E.right(new Float64Array([2, 4])));
    expect(seen[0]).toMatchObject({ authorization: `Bearer ${SECRET}`, 'x-team': 'alignment', 'content-type': 'application/json' });
  });

  it('a wrong token is the 401 of the server, and the token is in no error text', async () => {
    const { url } = await gateway([]);
    const wrong = 'wrong-token-value';
    const result = await source(url, { REWARD_TOKEN: wrong }).score(items)();
    expect(E.isLeft(result)).toBe(true);
    if (E.isRight(result)) return;
    expect(result.left.cause).toMatchObject({ kind: 'http-status', status: 401 });
    for (const text of [result.left.message, JSON.stringify(result.left), JSON.stringify(result.left.toJSON())])
      expect(text).not.toContain(wrong);
  });

  it('an unset or empty variable is refused when the source is built, naming the header and the variable only', () => {
    for (const environment of [{}, { REWARD_TOKEN: '' }]) {
      let error: unknown;
      try {
        source('http://127.0.0.1:9', environment);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RewardConfigError);
      expect((error as Error).message).toMatch(
        /^headers\.Authorization: the environment variable is (not set|empty) \(got "REWARD_TOKEN"\)$/,
      );
    }
  });

  it('refuses header names and values a request cannot carry, without printing the value', () => {
    expect(() => resolveHeaders({ 'Bad Name': 'x' })).toThrow('headers.Bad Name: not a header name');
    expect(() => resolveHeaders({ 'Content-Type': 'text/plain' })).toThrow('headers.Content-Type: set by the source itself');
    expect(() => resolveHeaders({ Authorization: { env: 'T' } }, { T: `${SECRET}\r\nX-Injected: 1` })).toThrow(
      'headers.Authorization: the environment variable holds a control character a header cannot carry (got "T")',
    );
    expect(() => resolveHeaders({ Authorization: `Bearer ${SECRET}\n` })).toThrow(/holds a control character.*\(got "\d+ characters"\)$/);
    expect(() => resolveHeaders({ Authorization: { env: 'not a name' } as never })).toThrow(
      'headers.Authorization: a string, or { env: VARIABLE_NAME, prefix? }',
    );
  });

  it('reads process.env by default', () => {
    process.env.PAMA_TEST_REWARD_TOKEN = SECRET;
    try {
      expect(resolveHeaders({ Authorization: { env: 'PAMA_TEST_REWARD_TOKEN', prefix: 'Bearer ' } })).toEqual({
        Authorization: `Bearer ${SECRET}`,
      });
    } finally {
      delete process.env.PAMA_TEST_REWARD_TOKEN;
    }
  });
});
