/** A request the server refuses, with the status to answer and a message naming the field. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`.trim();
}

/** Refuses a text longer than the per-item limit, naming the field, its length and the limit. */
export function requireShortText(text: string, field: string, maxChars: number): string {
  if (text.length > maxChars) {
    throw new RequestError(
      400,
      `${field}: ${text.length} characters, more than the limit of ${maxChars} per prompt or response (--max-item-chars); split long texts or raise the limit`,
    );
  }
  return text;
}
