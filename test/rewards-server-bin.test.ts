// End to end: the real pama-reward-server bin in a child process, scored by pama-rewards' httpReward.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { httpReward, lengthReward, scoreAll, sentimentReward } from 'pama-rewards';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../apps/reward-server/bin/pama-reward-server.js', import.meta.url));

interface BinProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
});

function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function startBin(args: string[]): Promise<BinProcess> {
  const proc = run(args);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /^listening on (http:\/\/\S+)$/m.exec(proc.stdout());
      if (match) {
        clearInterval(timer);
        resolve(match[1]);
      } else if (proc.child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`bin exited: ${proc.stderr()}`));
      }
    }, 10);
  });
  return { child: proc.child, url, stderr: proc.stderr, exited: proc.exited };
}

describe('pama-reward-server bin', () => {
  it('prints the real address for --port 0 and serves pama-rewards sources over both protocols', async () => {
    const server = await startBin(['--port', '0', '--sources', 'length,sentiment']);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url.endsWith(':0')).toBe(false);
    const items = Array.from({ length: 20 }, (_, i) => ({
      prompt: `q${i}`,
      response: i % 2 ? 'I love it, great work' : 'this is bad and sad',
    }));
    const remote = [
      httpReward({ name: 'length', url: `${server.url}/v1/score`, protocol: 'score', maxBatchSize: 8 }),
      httpReward({ name: 'sentiment', url: `${server.url}/v1/score`, protocol: 'score', maxBatchSize: 8 }),
    ];
    const local = [lengthReward(), sentimentReward()];
    const [viaServer, inProcess] = await Promise.all([scoreAll(remote, items)(), scoreAll(local, items)()]);
    expect(viaServer._tag).toBe('Right');
    expect(inProcess._tag).toBe('Right');
    if (viaServer._tag === 'Right' && inProcess._tag === 'Right') expect([...viaServer.right.data]).toEqual([...inProcess.right.data]);
    const predict = await httpReward({ name: 'len', url: `${server.url}/predict`, protocol: 'predict', predictInput: 'pair' }).score(
      items,
    )();
    expect(predict._tag).toBe('Right');
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, then exits 0', async () => {
    const server = await startBin(['--port', '0', '--sources', 'length']);
    const body = JSON.stringify({ items: [{ prompt: 'p', response: 'one two three' }] });
    // A request whose body is half sent: it is in flight when the signal arrives.
    const req = request(`${server.url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, 10));
    await sleep(100);
    server.child.kill('SIGTERM');
    for (let i = 0; i < 200 && !server.stderr().includes('SIGTERM'); i++) await sleep(10);
    await sleep(200);
    // Still running (draining), but no longer accepting connections.
    expect(server.child.exitCode).toBe(null);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    req.end(body.slice(10));
    const done = await response;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.text)).toEqual({ objectives: ['length'], scores: [[0.5]] });
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('SIGTERM');
  });

  it('exits 2 naming the flag on bad arguments, and prints usage for --help', async () => {
    const bad = run(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('--port: expected a non-negative integer (got "eighty")');
    const unknown = run(['--sources', 'length,bleu']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toContain('unknown source "bleu"');
    for (const flag of ['--help', '-h']) {
      const help = run([flag]);
      expect(await help.exited).toBe(0);
      expect(help.stdout()).toContain('--predict-source');
    }
  });

  it('prints its package version for --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../apps/reward-server/package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = run(['--version']);
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toBe(`${version}\n`);
  });
});
