// A real pama-reward-server in a child process for the examples that score over HTTP: they read its
// address from REWARD_URL and a bearer token from REWARD_TOKEN, as a deployment would set them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../apps/reward-server/bin/pama-reward-server.js', import.meta.url));

export interface ExampleServer {
  /** The environment the examples run with. */
  readonly env: { readonly REWARD_URL: string; readonly REWARD_TOKEN: string };
  readonly stop: () => Promise<void>;
}

/** Starts the server on a free port with the built-in length and sentiment sources. */
export function startExampleServer(): Promise<ExampleServer> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--sources', 'length,sentiment'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const match = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve({ env: { REWARD_URL: match[1], REWARD_TOKEN: 'example-token' }, stop });
    });
    child.once('exit', (code) => reject(new Error(`pama-reward-server exited ${code} before listening: ${err}`)));
  });
}
