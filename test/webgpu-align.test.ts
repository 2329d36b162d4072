// `pama align --backend webgpu` end to end on a tiny configuration, against the same run on wasm.
// WebGPU here is Mesa's lavapipe (scripts/install-webgpu-driver.sh); without it the test is skipped
// with the reason, except under CI=true, where it must run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPama, runPamaPiped } from './support/run-pama.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-webgpu-'));
const config = join(dir, 'config.json');
writeFileSync(config, JSON.stringify({ cacheDir: join(dir, 'cache'), pretrain: { steps: 6 }, prompts: { evalCount: 8, samplesShown: 1 } }));
const args = (backend: string) => [
  'align',
  '--quick',
  '--config',
  config,
  '--methods',
  'pama',
  '--steps',
  '2',
  '--backend',
  backend,
  '--out',
  join(dir, backend),
];

let gpu: Awaited<ReturnType<typeof runPama>>;
let wasm: Awaited<ReturnType<typeof runPama>>;
const metrics = (backend: string) => JSON.parse(readFileSync(join(dir, backend, 'metrics.json'), 'utf8'));

beforeAll(async () => {
  gpu = await runPama(args('webgpu'));
  wasm = await runPama(args('wasm'));
}, 300_000);

describe('pama align --backend webgpu', () => {
  it('completes (WebGPU is required when CI=true) and records the adapter in metrics.json', (ctx) => {
    const unavailable = /names no backend that could be started/.test(gpu.stderr);
    if (unavailable && process.env.CI !== 'true') ctx.skip(`WebGPU unavailable here: ${gpu.stderr.trim()}`);
    expect(gpu.stderr).not.toMatch(/pama:|\n\s+at /);
    expect(gpu.status).toBe(0);
    expect(gpu.stdout).toMatch(/^backend: webgpu on .+ \((software|hardware)\)$/m);
    const m = metrics('webgpu');
    expect(m.backend).toBe('webgpu');
    expect(typeof m.adapter.description).toBe('string');
    expect(typeof m.adapter.software).toBe('boolean');
    expect(readFileSync(join(dir, 'webgpu', 'report.html'), 'utf8')).toContain('<dt>Adapter</dt>');
  });

  it('agrees with the same run on wasm: pre-training loss to float32 rounding, then the same rewards', (ctx) => {
    if (gpu.status !== 0 && process.env.CI !== 'true') ctx.skip('WebGPU unavailable here');
    expect(wasm.status).toBe(0);
    const [g, w] = [metrics('webgpu'), metrics('wasm')];
    expect(Math.abs(g.pretrain.finalLoss - w.pretrain.finalLoss)).toBeLessThan(1e-3 * Math.abs(w.pretrain.finalLoss));
    const [gr, wr] = [g.runs[0], w.runs[0]];
    expect(gr.steps).toHaveLength(2);
    for (const objective of ['sentiment', 'length']) {
      // Sampling reads the logits: backends that differ in the last float bits may, rarely, draw a different token.
      expect(Math.abs(gr.steps[0].rewards[objective] - wr.steps[0].rewards[objective]), objective).toBeLessThan(0.05);
      expect(Math.abs(gr.test.before[objective] - wr.test.before[objective]), objective).toBeLessThan(0.05);
    }
  });

  it('prints none of Dawn’s warnings unless --verbose, and --backend wasm never loads Dawn', async (ctx) => {
    if (gpu.status !== 0 && process.env.CI !== 'true') ctx.skip('WebGPU unavailable here');
    const generate = (backend: string, ...more: string[]) =>
      runPamaPiped(['generate', '--backend', backend, '--model', join(dir, 'webgpu', 'pretrained'), '--prompt', 'the music was', ...more]);
    const quiet = await generate('webgpu');
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
    // Dawn clamps lavapipe's dynamic-buffer limits and says so on every adapter discovery.
    if (/llvmpipe|lavapipe/i.test(metrics('webgpu').adapter.description)) {
      expect((await generate('webgpu', '--verbose')).stderr).toMatch(/^Warning: maxDynamic\w+ artificially reduced/m);
    }
    const wasmVerbose = await generate('wasm', '--verbose');
    expect(wasmVerbose.status).toBe(0);
    expect(wasmVerbose.stderr).toBe('');
  });
});
