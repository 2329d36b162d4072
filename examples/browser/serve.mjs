#!/usr/bin/env node
// A tiny static server for the browser demo (index.html and dist/), on 127.0.0.1.
//   node examples/browser/serve.mjs [--port 8080]     then open http://127.0.0.1:8080/
// Builds the bundle first when dist/demo.js is missing. Only files under this folder are served.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** Starts the server; resolves to { server, url }. Port 0 picks a free port. */
export async function serveDemo(port = 8080) {
  if (!existsSync(join(here, 'dist', 'demo.js'))) await (await import('./build.mjs')).buildDemo();
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(here, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(here + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const k = process.argv.indexOf('--port');
  const { url } = await serveDemo(k >= 0 ? Number(process.argv[k + 1]) : 8080);
  process.stdout.write(`PAMA browser demo: ${url}\n`);
}
