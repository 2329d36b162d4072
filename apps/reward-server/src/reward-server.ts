import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { scoreAll, type RewardError, type RewardItem, type RewardSource } from 'pama-rewards';
import { AdmissionControl } from './admission-control.js';
import { parsePredictRequest } from './predict-request.js';
import { readBody } from './request-body.js';
import { RequestError } from './request-error.js';
import { parseScoreRequest } from './score-request.js';
import { resolveServerOptions, type ResolvedServerOptions, type RewardServerOptions } from './server-options.js';

export interface RunningRewardServer {
  /** `http://host:port`, with the real port when 0 was asked for. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Requests being scored and requests waiting for a slot, right now. */
  load(): { active: number; queued: number };
  /**
   * Stops accepting connections, lets in-flight requests finish, then resolves `true`; resolves
   * `false` when the drain timeout cut some connections.
   */
  close(): Promise<boolean>;
}

/** Starts a reward server and resolves once it listens. */
export async function startRewardServer(options: RewardServerOptions): Promise<RunningRewardServer> {
  const config = resolveServerOptions(options);
  const admission = new AdmissionControl(config.concurrency, config.queue);
  const names = config.sources.map((s) => s.name);
  const sockets = new Set<Socket>();
  let draining = false;

  const server: Server = createServer((req, res) => {
    if (draining) res.setHeader('connection', 'close');
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RequestError) return reply(res, error.status, { error: error.message });
      reply(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** Sends JSON; while draining, asks the client to close so the connection can end. */
  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return void res.destroy();
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(draining ? { connection: 'close' } : {}),
      ...headers,
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: `method ${req.method} not allowed on /healthz` }, { allow: 'GET' });
      return reply(res, draining ? 503 : 200, {
        status: draining ? 'draining' : 'ok',
        sources: names,
        predictSource: config.predictSource.name,
        active: admission.active,
        queued: admission.queued,
      });
    }
    if (path !== '/v1/score' && path !== '/predict') return reply(res, 404, { error: `no route ${path}; try POST /v1/score, POST /predict, GET /healthz` });
    if (req.method !== 'POST') return reply(res, 405, { error: `method ${req.method} not allowed on ${path}` }, { allow: 'POST' });
    if (draining) return reply(res, 503, { error: 'server is shutting down' });

    let text: string;
    try {
      text = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof RequestError && error.status === 413) res.setHeader('connection', 'close');
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new RequestError(400, `body: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (path === '/v1/score') {
      const request = parseScoreRequest(body, names, config.maxItems);
      const sources = request.objectives.map((name) => config.sources[names.indexOf(name)]);
      const matrix = await admitted(res, () => score(sources, request.items));
      if (matrix === undefined) return;
      const n = sources.length;
      const rows = Array.from({ length: request.items.length }, (_, i) => Array.from(matrix.subarray(i * n, (i + 1) * n)));
      return reply(res, 200, { objectives: request.objectives, scores: rows });
    }
    const request = parsePredictRequest(body, config.maxItems);
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
      reply(res, 429, { error: `too many requests: ${config.concurrency} scoring and ${config.queue} queued` }, { 'retry-after': String(config.retryAfterSeconds) });
      return undefined;
    }
    const release = await entry;
    try {
      // Built-in sources score synchronously; yielding to the event loop first lets sockets be read
      // and responses flushed between requests, instead of draining the whole queue in microtasks.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      release();
    }
  }

  async function score(sources: ReadonlyArray<RewardSource>, items: RewardItem[]): Promise<Float64Array> {
    const result = await scoreAll(sources, items)();
    if (result._tag === 'Left') throw sourceFailure(result.left);
    return result.right.data;
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

  let closing: Promise<boolean> | undefined;
  const close = (): Promise<boolean> => {
    closing ??= drain(server, sockets, config, () => {
      draining = true;
    });
    return closing;
  };

  return {
    url: `http://${hostForUrl}:${address.port}`,
    host: address.address,
    port: address.port,
    load: () => ({ active: admission.active, queued: admission.queued }),
    close,
  };
}

/** A source's failure is the server's failure (500), except bad input, which is the client's (400). */
function sourceFailure(error: RewardError): RequestError {
  return new RequestError(error.kind === 'bad-input' ? 400 : 500, error.message);
}

function drain(server: Server, sockets: Set<Socket>, config: ResolvedServerOptions, markDraining: () => void): Promise<boolean> {
  markDraining();
  return new Promise((resolve) => {
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    }, config.drainTimeoutMs);
    // Connections become idle as their responses finish; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve(!forced);
    });
    server.closeIdleConnections();
  });
}
