// The sweep's summary as plain text (printed at the end, and the README's table): hypervolume per
// method with its interval over seeds, matched-KL hypervolume, and PAMA against the MORLHF front.
import type { SweepMetrics } from './sweep-metrics.js';

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/** Rows of the hypervolume table, one per method in sweep order. */
export function sweepTableRows(m: SweepMetrics): string[][] {
  return Object.entries(m.hypervolume).map(([method, h]) => {
    const runs = m.runs.filter((r) => r.method === method);
    const kl = runs.reduce((s, r) => s + r.finalKl, 0) / runs.length;
    const matched = m.matchedKl.perMethod[method];
    return [
      method,
      String(runs.length),
      f(h.pooled),
      `${f(h.mean)} [${f(h.interval[0])}, ${f(h.interval[1])}]`,
      h.perSeed.map(f).join(' '),
      f(kl),
      `${f(matched.hypervolume)} (${matched.runs}/${matched.of})`,
    ];
  });
}

export const SWEEP_TABLE_HEAD = [
  'method',
  'runs',
  'HV pooled',
  'HV mean over seeds [95% bootstrap]',
  'HV per seed',
  'mean final KL',
  'HV at KL ≤ budget (runs)',
];

/** PAMA's placement, one sentence per seed. */
export function placementLines(m: SweepMetrics): string[] {
  return (m.pamaVsMorlhf ?? []).map(
    (p) =>
      `seed ${p.seed}: PAMA (${p.point.map(f).join(', ')}) at KL ${f(p.finalKl)} is ${p.position} the MORLHF front (hypervolume gain ${f(p.hypervolumeGain)}; MORLHF KL ${f(p.morlhfKlRange[0])}–${f(p.morlhfKlRange[1])})`,
  );
}

export function formatSweepTable(m: SweepMetrics): string {
  const rows = [SWEEP_TABLE_HEAD, ...sweepTableRows(m)];
  const widths = SWEEP_TABLE_HEAD.map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const lines = rows.map((r) =>
    r
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd(),
  );
  const ref = `reference point (${m.referenceSource}): ${m.objectives.map((o, i) => `${o} ${f(m.reference[i])}`).join(', ')}; KL budget ${f(m.matchedKl.budget)}`;
  return [ref, ...lines, ...placementLines(m)].join('\n');
}
