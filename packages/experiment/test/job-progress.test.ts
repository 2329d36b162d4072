import { describe, expect, it } from 'vitest';
import { startJobProgress } from '../src/progress/job-progress.js';

describe('job progress (several runs at once)', () => {
  it('without a terminal, interleaved jobs each print plain lines prefixed with their run name', () => {
    const lines: string[] = [];
    const display = startJobProgress({ isTTY: false, write: (t) => lines.push(t) });
    display.note('pama-sample-seed1', 'running in process 11');
    display.note('morlhf-seed1', 'running in process 12');
    const a = display.start('pama-sample-seed1', 4, 0);
    const b = display.start('morlhf-seed1', 4, 2);
    for (let s = 1; s <= 4; s++) {
      a.update(s, `kl ${s}`);
      if (s > 2) b.update(s, `kl ${s}`);
    }
    b.finish('test after: b');
    a.finish('test after: a');
    display.stop();
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('\u001b'))).toBe(true);
    for (const l of lines) expect(l).toMatch(/^(pama-sample-seed1|morlhf-seed1): /);
    expect(lines).toContain('pama-sample-seed1: running in process 11\n');
    expect(lines).toContain('morlhf-seed1: 2/4 starting\n');
    expect(lines.filter((l) => l.startsWith('pama-sample-seed1: ') && / \d\/4 kl /.test(l))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('morlhf-seed1: ') && / \d\/4 kl /.test(l))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^pama-sample-seed1: done test after: a/);
  });
});
