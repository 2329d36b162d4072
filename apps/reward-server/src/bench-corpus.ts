import type { RewardItem } from 'pama-rewards';

// About a quarter opinion words, as in ordinary prose; the rest neutral.
const neutral = (
  'the a an of to in is it that this for on with as was be by at from or which model answer question because data ' +
  'policy reason example explain step first then result number value table list code file time day people'
).split(' ');
const opinion = 'clear helpful great poor slow wonderful terrible useful bad good happy sad careful wrong nice awful excellent'.split(' ');

/** Deterministic prompt/response pairs of 10–80 words, the sizes a policy model produces. */
export function benchmarkItems(count: number, seed = 1): RewardItem[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const word = () => {
    const pool = next() < 0.25 ? opinion : neutral;
    return pool[Math.floor(next() * pool.length)];
  };
  const text = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, () => ({ prompt: text(8), response: text(10 + Math.floor(next() * 70)) }));
}
