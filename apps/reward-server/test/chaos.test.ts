// Hostile-but-fair use of the real bin, on loopback only: pathological bodies, idle and half-open
// connections at shutdown, SIGTERM under 300 clients, bad flags, cross-site content types.
// Each test asserts behaviour (order of events, status codes, exit codes), never wall-clock times.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pama-reward-server.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface BinProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

let children: ChildProcess[] = [];
let sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets) socket.destroy();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
  sockets = [];
});

function run(args: string[]): BinProcess {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function startBin(args: string[]): Promise<BinProcess & { url: string; port: number }> {
  const proc = run(['--port', '0', ...args]);
  for (;;) {
    const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(proc.stdout());
    if (match) return { ...proc, url: match[1], port: Number(match[2]) };
    if (proc.child.exitCode !== null) throw new Error(`bin exited: ${proc.stderr()}`);
    await sleep(10);
  }
}

async function postJson(
  url: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: { error?: string } & Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { error?: string } & Record<string, unknown> };
}

/** A raw TCP connection to the server, resolved once connected. */
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

/** VADER's worst case: its contrastive-"but" pass is quadratic in the number of words. */
const pathological = (chars: number) => 'good but bad '.repeat(Math.ceil(chars / 13)).slice(0, chars);

describe('chaos: no request holds the event loop', () => {
  it('/healthz keeps answering while a request of many long items is scored', async () => {
    const server = await startBin(['--sources', 'sentiment']);
    const items = Array.from({ length: 12 }, () => ({ prompt: '', response: pathological(16_000) }));
    let bigDone = false;
    const big = postJson(`${server.url}/v1/score`, { items }).then((r) => {
      bigDone = true;
      return r;
    });
    // One health check at a time: count those answered while the big request was being scored.
    let answeredWhileScoring = 0;
    while (!bigDone) {
      const res = await fetch(`${server.url}/healthz`);
      const health = (await res.json()) as { active: number };
      if (!bigDone && health.active === 1) answeredWhileScoring++;
    }
    const done = await big;
    expect(done.status).toBe(200);
    expect((done.json.scores as number[][]).length).toBe(12);
    // Scored in one block, at most one check could slip in before the block starts.
    expect(answeredWhileScoring).toBeGreaterThanOrEqual(3);
  });

  it('refuses an over-long prompt or response with a 400 naming the field and the limit', async () => {
    const server = await startBin(['--sources', 'length,sentiment']);
    const items = [
      { prompt: 'p', response: 'fine' },
      { prompt: 'p', response: 'fine' },
      { prompt: 'p', response: pathological(20_000) },
    ];
    const score = await postJson(`${server.url}/v1/score`, { items });
    expect(score.status).toBe(400);
    expect(score.json.error).toContain('items[2].response.length: more than the limit of 16384 characters');
    expect(score.json.error).toContain('(got 20000)');
    expect(score.json.error).toContain('16384');
    const predict = await postJson(`${server.url}/predict`, { inputs: [['ok'], [pathological(16_385), 'ok']] });
    expect(predict.status).toBe(400);
    expect(predict.json.error).toContain('inputs[1][0].length: more than the limit');
    expect(predict.json.error).toContain('(got 16385)');
    // A lower limit from the command line is the one enforced and named.
    const strict = await startBin(['--sources', 'length', '--max-item-chars', '10']);
    const refused = await postJson(`${strict.url}/v1/score`, { items: [{ prompt: 'a prompt too long', response: 'r' }] });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain('items[0].prompt.length: more than the limit of 10 characters');
    expect(refused.json.error).toContain('(got 17)');
  });
});

describe('chaos: shutdown', () => {
  it('on SIGTERM closes connections with no request in progress at once and exits 0', async () => {
    const server = await startBin(['--sources', 'length', '--drain-timeout-ms', '15000']);
    // Never sent a byte; sent half a request line (slowloris); kept alive after one answered request.
    const silent = await openSocket(server.port);
    const slowloris = await openSocket(server.port);
    slowloris.write('POST /v1/score HTTP/1.1\r\nHost: x\r\n');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/healthz`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(first).toBe(200);
    const closed = (socket: Socket) =>
      new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    await sleep(200); // all three connections have been idle longer than the grace period
    server.child.kill('SIGTERM');
    await Promise.all([closed(silent), closed(slowloris)]);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).not.toContain('drain timeout');
    agent.destroy();
  });

  it('under 300 clients, SIGTERM answers every request already sent, then refuses new connections', async () => {
    const server = await startBin(['--sources', 'sentiment', '--concurrency', '4', '--queue', '1024']);
    const words = 'the service was good but the wait was long and the staff seemed tired yet kind'.split(' ');
    const items = Array.from({ length: 8 }, (_, i) => ({
      prompt: 'q',
      response: Array.from({ length: 120 }, (_, k) => words[(i + k) % words.length]).join(' '),
    }));
    const body = JSON.stringify({ items });
    const head = `POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    // Each client connects, writes its whole request, then reads until the server closes.
    const clients = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const socket = await openSocket(server.port);
        let received = '';
        let error: string | undefined;
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
        socket.removeAllListeners('error');
        socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
        const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        await new Promise<void>((resolve) => socket.write(head + body, () => resolve()));
        return { ended, outcome: () => ({ status: /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 'none', error }) };
      }),
    );
    // Every request has been handed to the kernel; most are still queued behind the scoring.
    server.child.kill('SIGTERM');
    await Promise.all(clients.map((c) => c.ended));
    const outcomes = clients.map((c) => c.outcome());
    const tally = new Map<string, number>();
    for (const o of outcomes) tally.set(`${o.status}/${o.error ?? 'ok'}`, (tally.get(`${o.status}/${o.error ?? 'ok'}`) ?? 0) + 1);
    expect(Object.fromEntries(tally)).toEqual({ '200/ok': 300 });
    expect(await server.exited).toBe(0);
    // Stopped listening: a new connection is refused, not reset.
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => resolve('connected'));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      sockets.push(socket);
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('chaos: flags', () => {
  it.each([
    [['--port', '99999'], '--port: must be an integer in [0, 65535] (got 99999)'],
    [['--concurrency', '0'], '--concurrency: must be an integer in [1, ∞] (got 0)'],
    [['--max-body-bytes', '0'], '--max-body-bytes: must be an integer in [1, ∞] (got 0)'],
    [['--max-item-chars', '0'], '--max-item-chars: must be an integer in [1, ∞] (got 0)'],
    [['--predict-source', 'nope'], '--predict-source: not among ["length","sentiment"] (got "nope")'],
  ])('%j exits 2 naming the flag', async (args, message) => {
    const proc = run(args);
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toContain(message);
  });
});

describe('chaos: cross-site requests', () => {
  it('answers 415 with a JSON error to bodies that are not application/json, and grants no CORS preflight', async () => {
    const server = await startBin(['--sources', 'length']);
    const body = { items: [{ prompt: 'p', response: 'r' }] };
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ]) {
      const res = await postJson(`${server.url}/v1/score`, body, type);
      expect(res.status, type).toBe(415);
      expect(res.json.error).toMatch(/^content-type: /);
    }
    const predict = await postJson(`${server.url}/predict`, { inputs: 'x' }, 'text/plain;charset=UTF-8');
    expect(predict.status).toBe(415);
    const untyped = await fetch(`${server.url}/v1/score`, { method: 'POST', body: new Uint8Array(Buffer.from(JSON.stringify(body))) });
    expect(untyped.status).toBe(415);
    expect(((await untyped.json()) as { error: string }).error).toBe('content-type: expected application/json (got undefined)');
    expect((await postJson(`${server.url}/v1/score`, body, 'Application/JSON; charset=utf-8')).status).toBe(200);
    const preflight = await fetch(`${server.url}/v1/score`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(null);
  });
});
