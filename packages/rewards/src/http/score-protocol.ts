import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { RewardError } from '../reward-error.js';
import type { RewardItem } from '../reward-source.js';
import { badShape, isRecord, parseJson } from './json-shape.js';

/**
 * This project's protocol: `POST /v1/score` with `{"items":[{prompt,response}], "objectives"?: [name]}`
 * → `{"objectives":[names],"scores":[[one number per objective] one row per item]}`.
 */
export function encodeScoreRequest(items: ReadonlyArray<RewardItem>, objective: string | undefined): string {
  const body: { items: RewardItem[]; objectives?: string[] } = {
    items: items.map(({ prompt, response }) => ({ prompt, response })),
  };
  if (objective !== undefined) body.objectives = [objective];
  return JSON.stringify(body);
}

/**
 * Decodes and strictly validates a `/v1/score` response for a batch of `expected` items and picks
 * one objective's column: the configured one, else the only one, else the one named like the source.
 */
export function decodeScoreResponse(
  source: string,
  text: string,
  expected: number,
  objective: string | undefined,
): E.Either<RewardError, Float64Array> {
  return pipe(
    parseJson(source, text),
    E.chain((body) => decodeScoreBody(source, body, expected, objective)),
  );
}

function decodeScoreBody(
  source: string,
  body: unknown,
  expected: number,
  objective: string | undefined,
): E.Either<RewardError, Float64Array> {
  if (!isRecord(body)) return badShape(source, 'response', body, 'expected an object');
  const { objectives, scores } = body;
  if (!Array.isArray(objectives) || !objectives.every((o) => typeof o === 'string')) {
    return badShape(source, 'objectives', objectives, 'expected an array of strings');
  }
  const wanted = objective ?? (objectives.length === 1 ? objectives[0] : source);
  const column = objectives.indexOf(wanted);
  if (column < 0) return badShape(source, 'objectives', objectives, `objective "${wanted}" is not among them`);
  if (!Array.isArray(scores)) return badShape(source, 'scores', scores, 'expected an array');
  if (scores.length !== expected) return badShape(source, 'scores.length', scores.length, `expected ${expected} rows (one per item)`);
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const row: unknown = scores[i];
    if (!Array.isArray(row) || row.length !== objectives.length) {
      return badShape(source, `scores[${i}]`, row, `expected an array of ${objectives.length} numbers`, i);
    }
    for (let j = 0; j < row.length; j++) {
      const value: unknown = row[j];
      if (typeof value !== 'number') return badShape(source, `scores[${i}][${j}]`, value, 'expected a number', i);
      if (!Number.isFinite(value)) return E.left(new RewardError(source, { kind: 'non-finite', value }, { item: i }));
    }
    out[i] = row[column] as number;
  }
  return E.right(out);
}
