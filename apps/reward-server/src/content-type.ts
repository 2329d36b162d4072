import type { IncomingMessage } from 'node:http';
import { RequestError } from './request-error.js';

/**
 * Requires `Content-Type: application/json` (charset, if given, utf-8) on a request body, else 415.
 * Why: a web page may send `text/plain`, form or multipart bodies to any address without a CORS
 * preflight, so accepting them would let any page the user opens make a local server do work.
 * `application/json` forces the preflight, which this server never grants.
 */
export function requireJsonContentType(req: IncomingMessage): void {
  const header = req.headers['content-type'];
  const [mediaType, ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    throw new RequestError(415, 'content-type', header, 'expected application/json');
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new RequestError(415, 'content-type', header, `charset ${JSON.stringify(charset)} is not supported; send utf-8`);
  }
}
