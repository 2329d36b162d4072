// The browser demo (examples/browser) in headless Chromium: a few PAMA steps in the page, on
// WebGPU where Chromium offers it (--enable-unsafe-webgpu gives its SwiftShader adapter without a
// GPU), and on WebAssembly when it does not (--disable-gpu).
import { mkdirSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const STEPS = 3;
// Chromium's start plus a few steps on SwiftShader or wasm take seconds on an idle machine but
// over a minute on a loaded one; the page itself is given 120 s (waitForFunction below).
const DEMO_TIMEOUT_MS = 240_000;

let server: Server;
let url: string;

beforeAll(async () => {
  // The bundle is rebuilt from the current dist of pama-core and pama-tfjs.
  await (await import(pathToFileURL(join(root, 'examples', 'browser', 'build.mjs')).href)).buildDemo();
  ({ server, url } = await (await import(pathToFileURL(join(root, 'examples', 'browser', 'serve.mjs')).href)).serveDemo(0));
}, 120_000);

afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

interface PageResult {
  readonly backend: string;
  readonly adapter: string;
  readonly fallback: string;
  readonly rows: string[][];
  readonly errors: string[];
}

async function runDemo(extraArgs: string[], screenshot: string): Promise<PageResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...BASE_ARGS, ...extraArgs] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}?steps=${STEPS}`);
    await page.waitForFunction("document.body.dataset.done === 'true' || document.body.dataset.error !== undefined", null, {
      timeout: 120_000,
    });
    const text = async (selector: string) => (await page.textContent(selector)) ?? '';
    const result = {
      error: (await page.getAttribute('body', 'data-error')) ?? undefined,
      backend: await text('#backend'),
      adapter: await text('#adapter'),
      fallback: await text('#fallback'),
      rows: await page.$$eval('#steps tr', (trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')),
      ),
    };
    if (result.error !== undefined) errors.push(result.error);
    const artifacts = join(root, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, screenshot), fullPage: true });
    expect(statSync(join(artifacts, screenshot)).size).toBeGreaterThan(10_000);
    return { ...result, errors };
  } finally {
    await browser.close();
  }
}

function expectTrainedRows(rows: string[][]): void {
  expect(rows.map((r) => r[0])).toEqual(Array.from({ length: STEPS }, (_, k) => String(k + 1)));
  for (const [, positive, length, weights] of rows) {
    expect(Number(positive)).toBeGreaterThanOrEqual(0);
    expect(Number(positive)).toBeLessThanOrEqual(1);
    expect(Number(length)).toBeGreaterThanOrEqual(0.5);
    expect(Number(length)).toBeLessThanOrEqual(1.5);
    const w = weights.split(' / ').map(Number);
    expect(w).toHaveLength(2);
    expect(w[0] + w[1]).toBeCloseTo(1, 1);
  }
}

describe('the browser demo in headless Chromium', { timeout: DEMO_TIMEOUT_MS }, () => {
  it('trains on WebGPU (SwiftShader adapter, labelled software) when Chromium offers WebGPU, or says why it went on on wasm', async () => {
    const page = await runDemo(['--enable-unsafe-webgpu'], 'browser-demo-webgpu.png');
    expect(page.errors).toEqual([]);
    process.stdout.write(
      `browser demo with --enable-unsafe-webgpu ran on ${page.backend}${page.fallback === '—' ? '' : ` (${page.fallback})`}\n`,
    );
    if (page.backend === 'webgpu') {
      expect(page.adapter).toMatch(/^google swiftshader \(software\)$/);
      expect(page.fallback).toBe('—');
    } else {
      // Chromium 156's SwiftShader WebGPU intermittently fails to map a new buffer part-way through;
      // the page must then name that failure and finish on wasm. Any other failure fails the test.
      expect(page.backend).toBe('wasm');
      expect(page.fallback).toMatch(/^WebGPU failed during training: .*createBuffer failed.*mappedAtCreation/);
    }
    expectTrainedRows(page.rows);
  });

  it('falls back to WebAssembly, saying why, when there is no WebGPU adapter', async () => {
    const page = await runDemo(['--disable-gpu'], 'browser-demo-wasm.png');
    expect(page.errors).toEqual([]);
    expect(page.backend).toBe('wasm');
    expect(page.fallback).toMatch(/WebGPU unavailable: .*found no adapter/);
    expectTrainedRows(page.rows);
  });
});
