// Request headers of an HTTP reward source. A value is either given as is or read, when the source
// is built, from an environment variable the caller names — so a token for a gateway or a hosted
// endpoint need not be written into code, a config file, metrics or a checkpoint. No error message
// ever holds a header's value: they name the header and the variable.
import { RewardConfigError } from '../reward-config-error.js';

/** A header value read from an environment variable when the source is built, after an optional prefix such as `Bearer `. */
export interface HeaderFromEnv {
  /** The variable's name, e.g. `REWARD_TOKEN`. */
  readonly env: string;
  /** Text put before the variable's value, e.g. `Bearer `. */
  readonly prefix?: string;
}

/** A request header's value: as is, or from an environment variable. */
export type HeaderValue = string | HeaderFromEnv;

/** Headers the source sets itself, which a caller may not replace. */
const RESERVED = new Set(['content-type', 'content-length', 'host', 'connection', 'transfer-encoding', 'accept']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Field values may hold visible ASCII, spaces, tabs and non-ASCII text, but no control character.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is refused
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * The headers to send, with every environment variable read now. Throws a `RewardConfigError`
 * naming the header (and the variable) when a name is not a header name, a variable is unset or
 * empty, or a value holds a character a header cannot carry; the value itself never appears.
 *
 * @example
 * resolveHeaders({ Authorization: { env: 'REWARD_TOKEN', prefix: 'Bearer ' } }, { REWARD_TOKEN: 'abc' }); // { Authorization: 'Bearer abc' }
 * resolveHeaders({ Authorization: { env: 'REWARD_TOKEN' } }, {}); // throws RewardConfigError: headers.Authorization: the environment variable is not set (got "REWARD_TOKEN")
 */
export function resolveHeaders(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new RewardConfigError('headers', headers, 'an object of header names to values');
  }
  for (const [name, value] of Object.entries(headers)) {
    const field = `headers.${name}`;
    if (!TOKEN.test(name)) throw new RewardConfigError(field, name, 'not a header name');
    if (RESERVED.has(name.toLowerCase())) throw new RewardConfigError(field, name, 'set by the source itself');
    let text: string;
    if (typeof value === 'string') {
      if (BAD_VALUE.test(value))
        throw new RewardConfigError(field, `${value.length} characters`, 'holds a control character a header cannot carry');
      text = value;
    } else if (typeof value === 'object' && value !== null && typeof value.env === 'string' && ENV_NAME.test(value.env)) {
      const prefix = value.prefix ?? '';
      if (typeof prefix !== 'string' || BAD_VALUE.test(prefix))
        throw new RewardConfigError(`${field}.prefix`, prefix, 'a string without control characters');
      const secret = environment[value.env];
      if (secret === undefined || secret === '')
        throw new RewardConfigError(field, value.env, `the environment variable is ${secret === undefined ? 'not set' : 'empty'}`);
      if (BAD_VALUE.test(secret))
        throw new RewardConfigError(field, value.env, 'the environment variable holds a control character a header cannot carry');
      text = prefix + secret;
    } else {
      throw new RewardConfigError(field, value, 'a string, or { env: VARIABLE_NAME, prefix? } to read it from the environment');
    }
    out[name] = text;
  }
  return out;
}
