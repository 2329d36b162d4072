// Wall-clock timing for the benchmark program: warm up, then take the median of several samples,
// each running the body enough times to last at least `minSampleMs`.

export interface TimingOptions {
  readonly samples: number;
  readonly minSampleMs: number;
}

/** Median milliseconds per call of `body`. */
export const medianMsPerCall = (body: () => void, options: TimingOptions): number => {
  body();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) body();
    const elapsed = performance.now() - start;
    if (elapsed >= options.minSampleMs || calls >= 1 << 30) break;
    calls = elapsed <= 0 ? calls * 16 : Math.min(calls * 16, Math.ceil((calls * options.minSampleMs * 1.2) / elapsed));
  }
  const perCall: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) body();
    perCall.push((performance.now() - start) / calls);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
};

/**
 * Times several bodies with their samples interleaved (A, B, C, A, B, C, …), so that a machine
 * whose load changes during the run affects them alike. Returns the median ms per call of each,
 * and the median over samples of each body's time divided by the first body's time.
 */
export const interleavedMsPerCall = (
  bodies: readonly (() => void)[],
  options: TimingOptions,
): { readonly ms: number[]; readonly ratioToFirst: number[] } => {
  const calls = bodies.map((body) => {
    body();
    let count = 1;
    for (;;) {
      const start = performance.now();
      for (let i = 0; i < count; i++) body();
      const elapsed = performance.now() - start;
      if (elapsed >= options.minSampleMs || count >= 1 << 30) return count;
      count = elapsed <= 0 ? count * 16 : Math.min(count * 16, Math.ceil((count * options.minSampleMs * 1.2) / elapsed));
    }
  });
  const perCall: number[][] = bodies.map(() => []);
  for (let s = 0; s < options.samples; s++) {
    bodies.forEach((body, k) => {
      const start = performance.now();
      for (let i = 0; i < calls[k]; i++) body();
      perCall[k].push((performance.now() - start) / calls[k]);
    });
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    ms: perCall.map(median),
    ratioToFirst: perCall.map((xs) => median(xs.map((x, s) => x / perCall[0][s]))),
  };
};
