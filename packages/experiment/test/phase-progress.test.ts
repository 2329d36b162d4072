import { describe, expect, it } from 'vitest';
import { startPhase } from '../src/progress/phase-progress.js';

describe('phase progress', () => {
  it('without a terminal, prints plain lines (about ten per phase) with the step and status, and a final line', () => {
    const lines: string[] = [];
    const bar = startPhase('pama-seed1', 40, { isTTY: false, write: (t) => lines.push(t) });
    for (let s = 1; s <= 40; s++) bar.update(s, `kl ${s}`);
    bar.finish('done here');
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('\u001b'))).toBe(true);
    expect(lines[0]).toBe('pama-seed1: 0/40 starting\n');
    expect(lines.filter((l) => /^pama-seed1: \d+\/40 kl \d+ eta /.test(l))).toHaveLength(10);
    expect(lines.at(-1)).toMatch(/^pama-seed1: done done here/);
  });
});
