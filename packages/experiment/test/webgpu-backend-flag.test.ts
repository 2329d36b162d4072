// `pama align --backend` and the WebGPU adapter in metrics.json and the report.
import { describe, expect, it } from 'vitest';
import { alignConfigFromFlags } from '../src/config/resolve-align-config.js';
import { checkMetrics } from 'pama-experiment';
import { renderReport } from 'pama-experiment/report';
import { metricsFixture } from './metrics-fixture.js';

const LAVAPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe',
  description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)',
  software: true,
};

describe('--backend', () => {
  it('sets the config backend, webgpu included, and names a bad value with the allowed ones', () => {
    for (const backend of ['webgpu', 'wasm', 'cpu', 'auto']) expect(alignConfigFromFlags({ quick: true, backend }).backend).toBe(backend);
    expect(alignConfigFromFlags({ quick: true }).backend).toBe('auto');
    expect(() => alignConfigFromFlags({ quick: true, backend: 'gpu' })).toThrow(/backend: .*webgpu.*\(got "gpu"\)/);
  });
});

describe('the WebGPU adapter in metrics.json and report.html', () => {
  it('is accepted when well formed and shown in the report facts, marked software', async () => {
    const metrics = checkMetrics({ ...metricsFixture(), backend: 'webgpu', adapter: LAVAPIPE });
    const html = await renderReport(metrics);
    expect(html).toContain('<dt>Adapter</dt><dd>llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) (software: correctness only, not speed)</dd>');
    expect(await renderReport(metricsFixture())).not.toContain('<dt>Adapter</dt>');
  });

  it('is refused, naming the field, when malformed', () => {
    expect(() => checkMetrics({ ...metricsFixture(), adapter: 'lavapipe' })).toThrow(/invalid metrics: adapter: .*\(got "lavapipe"\)/);
    expect(() => checkMetrics({ ...metricsFixture(), adapter: { ...LAVAPIPE, software: 'yes' } })).toThrow(
      /adapter\.software: a boolean \(got "yes"\)/,
    );
  });
});
