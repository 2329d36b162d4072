/** Bad input to the running normaliser: names the field and the offending value. */
export class NormalizerInputError extends Error {
  override readonly name = 'NormalizerInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`invalid ${field} = ${renderValue(value)}: ${reason}`);
  }
}

function renderValue(value: unknown): string {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `[${(value as ArrayLike<unknown>).length} values]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
