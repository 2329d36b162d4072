import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestHandler = (req: IncomingMessage, res: ServerResponse, body: string, requestNumber: number) => void;

export interface TestServer {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Most requests ever in flight at once. */
  readonly maxInFlight: number;
  readonly bodies: ReadonlyArray<string>;
  close(): Promise<void>;
}

/** A loopback HTTP server for fault injection: it reads each body, then hands over to `handler`. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const n = ++requests;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      handler(req, res, body, n);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A correct `/v1/score` answer for a request body: objective `name`, score = response length. */
export function lengthScores(body: string, name = 'remote'): { objectives: string[]; scores: number[][] } {
  const { items } = JSON.parse(body) as { items: Array<{ response: string }> };
  return { objectives: [name], scores: items.map((item) => [item.response.length]) };
}
