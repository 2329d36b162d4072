import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { RewardError } from '../reward-error.js';
import type { RewardItem } from '../reward-source.js';
import { badShape, isRecord, parseJson } from './json-shape.js';

/** What a `/predict` input is built from: the response alone, or the (prompt, response) pair. */
export type PredictInput = 'response' | 'pair';

/**
 * The JSON `/predict` form text-embeddings-inference serves for sequence classifiers:
 * `{"inputs":[[text] | [text, text], …], "raw_scores": bool}` → per input a list of `{label, score}`.
 * Each input is wrapped in its own array: a flat `[a, b]` would be read by the server as one pair.
 */
export function encodePredictRequest(items: ReadonlyArray<RewardItem>, input: PredictInput, rawScores: boolean): string {
  const inputs = items.map((item) => (input === 'pair' ? [item.prompt, item.response] : [item.response]));
  return JSON.stringify({ inputs, raw_scores: rawScores });
}

/** Decodes a `/predict` response for `expected` inputs and picks the configured label's score. */
export function decodePredictResponse(
  source: string,
  text: string,
  expected: number,
  label: string | undefined,
): E.Either<RewardError, Float64Array> {
  return pipe(
    parseJson(source, text),
    E.chain((body) => decodePredictBody(source, body, expected, label)),
  );
}

function decodePredictBody(
  source: string,
  body: unknown,
  expected: number,
  label: string | undefined,
): E.Either<RewardError, Float64Array> {
  if (!Array.isArray(body)) return badShape(source, 'response', body, 'expected an array (one entry per input)');
  if (body.length !== expected) return badShape(source, 'response.length', body.length, `expected ${expected} entries (one per input)`);
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const predictions: unknown = body[i];
    if (!Array.isArray(predictions) || predictions.length === 0) {
      return badShape(source, `response[${i}]`, predictions, 'expected a non-empty array of {label, score}', i);
    }
    let found: number | undefined;
    for (let k = 0; k < predictions.length; k++) {
      const p: unknown = predictions[k];
      if (!isRecord(p) || typeof p.label !== 'string') {
        return badShape(source, `response[${i}][${k}].label`, isRecord(p) ? p.label : p, 'expected a string label', i);
      }
      if (typeof p.score !== 'number') return badShape(source, `response[${i}][${k}].score`, p.score, 'expected a number', i);
      if (!Number.isFinite(p.score)) return E.left(new RewardError(source, { kind: 'non-finite', value: p.score }, { item: i }));
      if (label === undefined ? predictions.length === 1 : p.label === label) found = p.score;
    }
    if (found === undefined) {
      const labels = predictions.map((p) => (p as { label: string }).label);
      const detail =
        label === undefined
          ? `${labels.length} labels; configure which one to use with the \`label\` option`
          : `label "${label}" not among the labels`;
      return badShape(source, `response[${i}]`, labels, detail, i);
    }
    out[i] = found;
  }
  return E.right(out);
}
