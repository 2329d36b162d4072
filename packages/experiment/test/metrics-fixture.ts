// A synthetic metrics.json for report tests: generated, with a deterministic trend per method.
import type { Metrics, RunMetrics } from 'pama-experiment';

export function metricsFixture(options: { seeds?: number[]; steps?: number; sampleText?: string } = {}): Metrics {
  const seeds = options.seeds ?? [1, 2, 3];
  const steps = options.steps ?? 12;
  const methods: Array<{ method: string; granularity?: string; gain: [number, number] }> = [
    { method: 'pama', granularity: 'token', gain: [0.3, 0.4] },
    { method: 'morlhf', gain: [0.35, 0.1] },
    { method: 'mgda-ub', gain: [0.15, 0.2] },
  ];
  const runs: RunMetrics[] = [];
  for (const m of methods) {
    for (const seed of seeds) {
      const jitter = (k: number) => Math.sin(seed * 12.9898 + k * 78.233) * 0.03;
      runs.push({
        method: m.method,
        ...(m.granularity ? { granularity: m.granularity } : {}),
        seed,
        steps: Array.from({ length: steps }, (_, k) => {
          const t = k / Math.max(1, steps - 1);
          const w = 0.5 + 0.3 * Math.sin(k + seed);
          return {
            step: k + 1,
            rewards: { sentiment: 0.1 + m.gain[0] * t + jitter(k), length: 0.6 + m.gain[1] * t + jitter(k + 100) },
            kl: 0.02 * k * (1 + jitter(k)),
            weights: { sentiment: w, length: 1 - w },
            responseLength: 8 + 4 * m.gain[1] * t * 10,
          };
        }),
        test: {
          before: { sentiment: 0.1 + jitter(1), length: 0.6 + jitter(2) },
          after: { sentiment: 0.1 + m.gain[0] + jitter(3), length: 0.6 + m.gain[1] + jitter(4) },
        },
        samples: [
          { prompt: 'the critic said', before: 'it was a long night', after: options.sampleText ?? 'a fine and lovely evening of music' },
        ],
      });
    }
  }
  return {
    objectives: ['sentiment', 'length'],
    backend: 'cpu',
    config: { quick: true },
    runs,
    createdAt: '2026-01-01T00:00:00Z',
    seconds: 12,
  };
}
