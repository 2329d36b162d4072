// generate() batches prompts of one length, so the rows to sample (each prompt `n` times) are grouped
// by prompt length, in prompt order within a group. Linear in the rows: a million prompts group in
// well under a second (an array rebuilt per row was quadratic, and Math.max(...lengths) overflowed
// the stack at a million).

/**
 * Prompt indices grouped by prompt length (groups in order of first appearance), each index `n` times.
 * @example groupRowsByLength([3, 5, 3], 2) // Map { 3 => [0, 0, 2, 2], 5 => [1, 1] }
 */
export function groupRowsByLength(lengths: ArrayLike<number>, n: number): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < lengths.length; i++) {
    let group = groups.get(lengths[i]);
    if (group === undefined) {
      group = [];
      groups.set(lengths[i], group);
    }
    for (let k = 0; k < n; k++) group.push(i);
  }
  return groups;
}

/** The index of the longest entry (the first of equals), or -1 when there are none; no spread, so any length works. */
export function indexOfLongest(lengths: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < lengths.length; i++) if (best < 0 || lengths[i] > lengths[best]) best = i;
  return best;
}
