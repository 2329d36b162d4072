import fc from 'fast-check';
import { scoreAll } from 'pama-rewards';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSources, startRewardServer, type RunningRewardServer } from '../src/index.js';

let server: RunningRewardServer;
beforeAll(async () => {
  server = await startRewardServer({ sources: builtinSources('length,sentiment-afinn') });
});
afterAll(() => server.close());

async function post(path: string, body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: await res.json() };
}

const itemArb = fc.record({ prompt: fc.string({ maxLength: 30 }), response: fc.string({ unit: 'grapheme', maxLength: 80 }) });

// Arbitrary JSON, plus near-miss bodies of both endpoints with wrongly typed fields.
const bodyArb = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      items: fc.oneof(
        fc.jsonValue(),
        fc.array(fc.record({ prompt: fc.jsonValue(), response: fc.jsonValue() }, { requiredKeys: [] }), { maxLength: 4 }),
      ),
      objectives: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      inputs: fc.oneof(fc.string(), fc.jsonValue(), fc.array(fc.array(fc.string(), { maxLength: 3 }), { maxLength: 4 })),
      raw_scores: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
);

describe('reward-server properties', () => {
  it('for any batch of items, /v1/score answers 200 with a complete B×N matrix of finite numbers equal to in-process scoring', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(itemArb, { maxLength: 12 }), async (items) => {
        const { status, json } = await post('/v1/score', JSON.stringify({ items }));
        expect(status).toBe(200);
        const { objectives, scores } = json as { objectives: string[]; scores: number[][] };
        expect(objectives).toEqual(['length', 'sentiment-afinn']);
        expect(scores.length).toBe(items.length);
        for (const row of scores) {
          expect(row.length).toBe(2);
          expect(row.every(Number.isFinite)).toBe(true);
        }
        const local = await scoreAll(builtinSources('length,sentiment-afinn'), items)();
        if (local._tag === 'Left') throw local.left;
        expect(scores.flat()).toEqual([...local.right.data]);
      }),
      { numRuns: 60 },
    );
  });

  it('for any JSON body on either endpoint, the server answers 200 or a 400 with a message, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/score', '/predict'), bodyArb, async (path, value) => {
        const { status, json } = await post(path, JSON.stringify(value));
        expect([200, 400]).toContain(status);
        if (status === 400) expect(typeof (json as { error: unknown }).error).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
