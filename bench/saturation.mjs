// When an objective stops moving, as the bundled-task studies measure it: a run's "final" value is
// the mean of its last 3 steps (less noisy than the last step alone), and it "settles" at the first
// step within a tolerance (2 % by default) of that final value. Shared by objective-saturation.mjs
// and granularity-study.mjs.

/** Mean of the last 3 values. */
export function finalValue(values) {
  const tail = values.slice(-3);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

/** The first (1-based) step whose value is within tolerance × |final| of final, or null. */
export function settleStep(values, final, tolerance = 0.02) {
  const index = values.findIndex((v) => Math.abs(v - final) <= tolerance * Math.abs(final));
  return index < 0 ? null : index + 1;
}
