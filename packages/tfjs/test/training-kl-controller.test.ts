import { describe, expect, it } from 'vitest';
import { createKlController } from '../src/training/kl-controller.js';

describe('createKlController', () => {
  it('a fixed controller never moves', () => {
    const kl = createKlController({ coef: 0.1 });
    expect(kl.update(100, 64)).toBe(0.1);
    expect(kl.value).toBe(0.1);
  });

  it('the adaptive controller follows Ziegler et al.: β·(1 + clip(KL/target − 1, ±0.2)·n/horizon)', () => {
    const kl = createKlController({ coef: 0.1, adaptive: true, target: 6, horizon: 10000 });
    expect(kl.update(12, 100)).toBeCloseTo(0.1 * (1 + 0.2 * 0.01), 12);
    const before = kl.value;
    expect(kl.update(6, 100)).toBe(before);
    expect(kl.update(5.4, 100)).toBeCloseTo(before * (1 - 0.1 * 0.01), 12);
  });

  it('state round-trips and bad state is named', () => {
    const a = createKlController({ coef: 0.2, adaptive: true, target: 1 });
    a.update(3, 50);
    const b = createKlController({ coef: 0.2, adaptive: true, target: 1 });
    b.setState(a.getState());
    expect(b.value).toBe(a.value);
    expect(() => b.setState({ coef: Number.NaN })).toThrow(/klController\.coef/);
    expect(() => createKlController({ coef: 0.1, adaptive: true, target: 0 })).toThrow(/kl\.target/);
  });
});
