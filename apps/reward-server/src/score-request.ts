import type { RewardItem } from 'pama-rewards';
import { RequestError, requireShortText } from './request-error.js';

export interface ScoreRequest {
  readonly items: RewardItem[];
  /** The objectives asked for, in the order the response must list them. */
  readonly objectives: string[];
}

/** Per-request bounds: items per request and characters per prompt or response. */
export interface RequestLimits {
  readonly maxItems: number;
  readonly maxItemChars: number;
}

/** Validates a `/v1/score` body: `{"items":[{prompt,response}], "objectives"?: [name]}`. */
export function parseScoreRequest(
  body: unknown,
  available: ReadonlyArray<string>,
  { maxItems, maxItemChars }: RequestLimits,
): ScoreRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'body', body, 'expected a JSON object');
  }
  const { items, objectives } = body as Record<string, unknown>;
  if (!Array.isArray(items)) throw new RequestError(400, 'items', items, 'expected an array');
  if (items.length > maxItems) throw new RequestError(400, 'items.length', items.length, `at most ${maxItems} items allowed per request`);
  const parsed: RewardItem[] = items.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new RequestError(400, `items[${i}]`, item, 'expected an object');
    }
    const { prompt, response } = item as Record<string, unknown>;
    if (typeof prompt !== 'string') throw new RequestError(400, `items[${i}].prompt`, prompt, 'expected a string');
    if (typeof response !== 'string') throw new RequestError(400, `items[${i}].response`, response, 'expected a string');
    return {
      prompt: requireShortText(prompt, `items[${i}].prompt`, maxItemChars),
      response: requireShortText(response, `items[${i}].response`, maxItemChars),
    };
  });
  if (objectives === undefined) return { items: parsed, objectives: [...available] };
  if (!Array.isArray(objectives) || objectives.length === 0) {
    throw new RequestError(400, 'objectives', objectives, 'expected a non-empty array of names');
  }
  const seen = new Set<string>();
  for (const [k, name] of objectives.entries()) {
    if (typeof name !== 'string' || !available.includes(name)) {
      throw new RequestError(400, `objectives[${k}]`, name, `not one of ${JSON.stringify(available)}`);
    }
    if (seen.has(name)) throw new RequestError(400, `objectives[${k}]`, name, 'is listed twice');
    seen.add(name);
  }
  return { items: parsed, objectives: objectives as string[] };
}
