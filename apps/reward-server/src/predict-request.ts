import type { RewardItem } from 'pama-rewards';
import { RequestError, requireShortText } from './request-error.js';
import type { RequestLimits } from './score-request.js';

export interface PredictRequest {
  readonly items: RewardItem[];
  /** A single input (not a batch) is answered with one prediction list rather than a list of lists. */
  readonly single: boolean;
}

/**
 * Validates a text-embeddings-inference `/predict` body, read the way that server reads it:
 * `inputs` is a text, a `[text, text]` pair, or a batch `[[text] | [text, text], …]`.
 * A pair is (prompt, response); a lone text is the response with an empty prompt.
 */
export function parsePredictRequest(body: unknown, { maxItems, maxItemChars }: RequestLimits): PredictRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'body', body, 'expected a JSON object');
  }
  const { inputs, raw_scores: rawScores } = body as Record<string, unknown>;
  if (rawScores !== undefined && typeof rawScores !== 'boolean') {
    throw new RequestError(400, 'raw_scores', rawScores, 'expected a boolean');
  }
  if (typeof inputs === 'string')
    return { items: [{ prompt: '', response: requireShortText(inputs, 'inputs', maxItemChars) }], single: true };
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new RequestError(400, 'inputs', inputs, 'expected a string, a [string, string] pair or a non-empty batch');
  }
  if (typeof inputs[0] === 'string') return { items: [sequence(inputs, 'inputs', maxItemChars)], single: true };
  if (inputs.length > maxItems)
    throw new RequestError(400, 'inputs.length', inputs.length, `at most ${maxItems} inputs allowed per request`);
  return { items: inputs.map((input: unknown, i) => sequence(input, `inputs[${i}]`, maxItemChars)), single: false };
}

/** `[text]` or `[prompt, response]`. */
function sequence(value: unknown, field: string, maxItemChars: number): RewardItem {
  const ok = Array.isArray(value) && (value.length === 1 || value.length === 2) && value.every((v) => typeof v === 'string');
  if (!ok) throw new RequestError(400, field, value, 'expected [string] or [string, string]');
  const texts = (value as string[]).map((text, k) => requireShortText(text, `${field}[${k}]`, maxItemChars));
  return texts.length === 1 ? { prompt: '', response: texts[0] } : { prompt: texts[0], response: texts[1] };
}
