import * as E from 'fp-ts/lib/Either.js';
import { errorText, RewardError } from '../reward-error.js';

/** Parses JSON, turning a syntax error into a `bad-json` RewardError. */
export function parseJson(source: string, text: string): E.Either<RewardError, unknown> {
  return E.tryCatch(
    (): unknown => JSON.parse(text),
    (error) => new RewardError(source, { kind: 'bad-json', detail: errorText(error), body: text.slice(0, 80) }),
  );
}

export function badShape(source: string, field: string, value: unknown, detail: string, item?: number): E.Either<RewardError, never> {
  return E.left(new RewardError(source, { kind: 'bad-shape', field, value, detail }, item === undefined ? {} : { item }));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
