import { FieldError } from 'pama-core/support';

/**
 * A request the server refuses: the status to answer, and the field, value and reason the JSON
 * `error` line names (`items[1].response: expected a string (got 7)`).
 *
 * @example
 * throw new RequestError(400, 'items', body.items, 'expected an array');
 */
export class RequestError extends FieldError {
  override readonly name = 'RequestError';
  constructor(
    readonly status: number,
    field: string,
    value: unknown,
    reason: string,
    context?: string,
  ) {
    super(field, value, reason, context);
  }
}

/** Refuses a text longer than the per-item limit, naming the field, its length and the limit. */
export function requireShortText(text: string, field: string, maxChars: number): string {
  if (text.length > maxChars) {
    throw new RequestError(
      400,
      `${field}.length`,
      text.length,
      `more than the limit of ${maxChars} characters per prompt or response (--max-item-chars); split long texts or raise the limit`,
    );
  }
  return text;
}
