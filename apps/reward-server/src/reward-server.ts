import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RewardError, RewardItem, RewardSource } from 'pama-rewards';
import { AdmissionControl } from './admission-control.js';
import { ConnectionDrain } from './connection-drain.js';
import { requireJsonContentType } from './content-type.js';
import { parsePredictRequest } from './predict-request.js';
import { discardBody, readBody } from './request-body.js';
import { RequestError } from './request-error.js';
import { parseScoreRequest } from './score-request.js';
import { resolveServerOptions, type RewardServerOptions } from './server-options.js';
import { scoreInSlices, yieldToEventLoop } from './slice-scoring.js';

export interface RunningRewardServer {
  /** `http://host:port`, with the real port when 0 was asked for. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Requests being scored and requests waiting for a slot, right now. */
  load(): { active: number; queued: number };
  /**
   * Stops accepting connections (after accepting those the kernel already queued), answers every
   * request already received, closes idle connections at once, then resolves `true`; resolves
   * `false` when the drain timeout cut some connections.
   */
  close(): Promise<boolean>;
}

/**
 * Starts a reward server and resolves once it listens.
 *
 * @example
 * const server = await startRewardServer({ sources: builtinSources('length,sentiment'), port: 0 });
 * // POST `${server.url}/v1/score` with Content-Type: application/json
 * await server.close(); // drains in-flight requests
 */
export async function startRewardServer(options: RewardServerOptions): Promise<RunningRewardServer> {
  const config = resolveServerOptions(options);
  const admission = new AdmissionControl(config.concurrency, config.queue);
  const names = config.sources.map((s) => s.name);
  const limits = { maxItems: config.maxItems, maxItemChars: config.maxItemChars };

  const server: Server = createServer((req, res) => {
    if (drain.draining) res.setHeader('connection', 'close');
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RequestError) return reply(res, error.status, { error: error.message });
      reply(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  const drain = new ConnectionDrain(server, config);

  /** Sends JSON; while draining, asks the client to close so the connection can end. */
  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return void res.destroy();
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(drain.draining ? { connection: 'close' } : {}),
      ...headers,
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return reply(res, 405, { error: `method ${req.method} not allowed on /healthz` }, { allow: 'GET' });
      return reply(res, drain.draining ? 503 : 200, {
        status: drain.draining ? 'draining' : 'ok',
        sources: names,
        predictSource: config.predictSource.name,
        active: admission.active,
        queued: admission.queued,
      });
    }
    if (path !== '/v1/score' && path !== '/predict')
      return reply(res, 404, { error: `no route ${path}; try POST /v1/score, POST /predict, GET /healthz` });
    if (req.method !== 'POST') return reply(res, 405, { error: `method ${req.method} not allowed on ${path}` }, { allow: 'POST' });

    let text: string;
    try {
      requireJsonContentType(req);
      text = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      // The body is not read: discard what the client still sends (bounded) so it can read the answer.
      if (error instanceof RequestError && error.status === 415) discardBody(req, config.maxBodyBytes);
      if (error instanceof RequestError && (error.status === 413 || error.status === 415)) res.setHeader('connection', 'close');
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new RequestError(400, 'body', text.slice(0, 80), `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (path === '/v1/score') {
      const request = parseScoreRequest(body, names, limits);
      const sources = request.objectives.map((name) => config.sources[names.indexOf(name)]);
      const matrix = await admitted(res, () => score(sources, request.items));
      if (matrix === undefined) return;
      const n = sources.length;
      const rows = Array.from({ length: request.items.length }, (_, i) => Array.from(matrix.subarray(i * n, (i + 1) * n)));
      return reply(res, 200, { objectives: request.objectives, scores: rows });
    }
    const request = parsePredictRequest(body, limits);
    const matrix = await admitted(res, () => score([config.predictSource], request.items));
    if (matrix === undefined) return;
    const label = config.predictSource.name;
    const predictions = Array.from(matrix, (value) => [{ label, score: value }]);
    return reply(res, 200, request.single ? predictions[0] : predictions);
  }

  /** Runs `work` in a scoring slot, or answers 429 when the queue is full (resolving undefined). */
  async function admitted<T>(res: ServerResponse, work: () => Promise<T>): Promise<T | undefined> {
    const entry = admission.tryEnter();
    if (entry === undefined) {
      reply(
        res,
        429,
        { error: `too many requests: ${config.concurrency} scoring and ${config.queue} queued` },
        { 'retry-after': String(config.retryAfterSeconds) },
      );
      return undefined;
    }
    const release = await entry;
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Scores in slices of bounded text (see `scoreInSlices`), so no request holds the event loop for long. */
  async function score(sources: ReadonlyArray<RewardSource>, items: RewardItem[]): Promise<Float64Array> {
    const result = await scoreInSlices(sources, items, config.maxItemChars, async () => {
      await yieldToEventLoop();
      await drain.acceptingSettled();
    });
    if (!result.ok) throw sourceFailure(result.error);
    return result.scores;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    host: address.address,
    port: address.port,
    load: () => ({ active: admission.active, queued: admission.queued }),
    close: () => drain.shutdown(),
  };
}

/** A source's failure is the server's failure (500), except bad input, which is the client's (400). */
function sourceFailure(error: RewardError): RequestError {
  return new RequestError(error.kind === 'bad-input' ? 400 : 500, error.field, error.value, error.reason, error.context);
}
