import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  functionReward,
  httpReward,
  lengthReward,
  RewardError,
  scoreAll,
  sentimentReward,
  type RewardItem,
  type RewardSource,
} from '../src/index.js';
import { lengthScores, sendJson, startTestServer, type TestServer } from './support/test-server.js';

// One loopback server whose path picks its behaviour: healthy, or one of the injected faults.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res, body) => {
    switch (req.url) {
      case '/ok':
        return sendJson(res, 200, lengthScores(body, 'remote'));
      case '/status-500':
        return sendJson(res, 500, 'boom');
      case '/garbage':
        return sendJson(res, 200, 'not json at all');
      case '/rows':
        return sendJson(res, 200, { objectives: ['remote'], scores: [] });
      case '/non-finite':
        return sendJson(res, 200, JSON.stringify(lengthScores(body, 'remote')).replace(/\[(\d+)\]\]\}$/, '[1e999]]}'));
      case '/reset':
        return req.socket.destroy();
      default:
        return sendJson(res, 404, 'no such path');
    }
  });
});
afterAll(() => server.close());

type Fault =
  | { kind: 'throw-at'; item: number }
  | { kind: 'nan-at'; item: number }
  | { kind: 'infinity-at'; item: number }
  | { kind: 'wrong-length' }
  | { kind: 'reject' }
  | { kind: 'http'; path: '/status-500' | '/garbage' | '/rows' | '/non-finite' | '/reset' };

const healthyKinds = ['length', 'sentiment', 'function', 'http'] as const;

function healthy(kind: (typeof healthyKinds)[number], name: string): RewardSource {
  switch (kind) {
    case 'length':
      return lengthReward({ name });
    case 'sentiment':
      return sentimentReward({ name });
    case 'function':
      return functionReward({ name, scoreItem: async (item) => item.prompt.length - item.response.length });
    case 'http':
      return httpReward({ name, url: `${server.url}/ok`, protocol: 'score', objective: 'remote', maxBatchSize: 3, retry: { retries: 0 } });
  }
}

function faulty(fault: Fault, name: string): RewardSource {
  switch (fault.kind) {
    case 'throw-at':
      return functionReward({
        name,
        scoreItem: (_, i) => {
          if (i === fault.item) throw new Error('injected');
          return i;
        },
      });
    case 'nan-at':
      return functionReward({ name, scoreItem: (_, i) => (i === fault.item ? Number.NaN : i) });
    case 'infinity-at':
      return functionReward({ name, scoreBatch: (xs) => xs.map((_, i) => (i === fault.item ? Number.NEGATIVE_INFINITY : i)) });
    case 'wrong-length':
      return functionReward({ name, scoreBatch: (xs) => xs.map(() => 1).concat([1]) });
    case 'reject':
      return { name, score: () => () => Promise.reject(new Error('broken contract')) };
    case 'http':
      return httpReward({
        name,
        url: `${server.url}${fault.path}`,
        protocol: 'score',
        objective: 'remote',
        maxBatchSize: 3,
        retry: { retries: 0 },
      });
  }
}

/** Whether the fault shows on this batch (an item-level fault needs that item to exist). */
function manifests(fault: Fault, b: number): boolean {
  if (fault.kind === 'throw-at' || fault.kind === 'nan-at' || fault.kind === 'infinity-at') return fault.item < b;
  if (fault.kind === 'http') return b > 0;
  return true;
}

const itemArb: fc.Arbitrary<RewardItem> = fc.record({ prompt: fc.string({ maxLength: 20 }), response: fc.string({ maxLength: 60 }) });
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('throw-at' as const), item: fc.nat(8) }),
  fc.record({ kind: fc.constant('nan-at' as const), item: fc.nat(8) }),
  fc.record({ kind: fc.constant('infinity-at' as const), item: fc.nat(8) }),
  fc.constant({ kind: 'wrong-length' as const }),
  fc.constant({ kind: 'reject' as const }),
  fc.record({
    kind: fc.constant('http' as const),
    path: fc.constantFrom('/status-500', '/garbage', '/rows', '/non-finite', '/reset') as fc.Arbitrary<
      '/status-500' | '/garbage' | '/rows' | '/non-finite' | '/reset'
    >,
  }),
);

describe('scoreAll all-or-nothing property', () => {
  it('for any batch and any one failing source among healthy ones, the result is a complete finite B×N matrix or a Left naming that source', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { maxLength: 8 }),
        fc.array(fc.constantFrom(...healthyKinds), { minLength: 0, maxLength: 3 }),
        fc.option(fc.record({ fault: faultArb, position: fc.nat(3) }), { nil: undefined }),
        async (items, kinds, injected) => {
          const sources = kinds.map((kind, j) => healthy(kind, `s${j}`));
          if (injected !== undefined) sources.splice(Math.min(injected.position, sources.length), 0, faulty(injected.fault, 'faulty'));
          const result = await scoreAll(sources, items)();
          if (E.isRight(result)) {
            const m = result.right;
            expect(m.shape).toEqual([items.length, sources.length]);
            expect(m.data.length).toBe(items.length * sources.length);
            expect(m.data.every(Number.isFinite)).toBe(true);
            expect(injected === undefined || !manifests(injected.fault, items.length)).toBe(true);
          } else {
            // A Left only when the injected fault shows on this batch, and it names the faulty source.
            expect(injected !== undefined && manifests(injected.fault, items.length)).toBe(true);
            expect(result.left).toBeInstanceOf(RewardError);
            expect(result.left.source).toBe('faulty');
          }
          if (injected !== undefined && manifests(injected.fault, items.length)) expect(E.isLeft(result)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
