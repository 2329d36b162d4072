// Its own file, so the CPU backend is fresh in this worker: the banner fires on the first tensor write.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { selectBackend } from '../src/index.js';

describe('selectBackend on the CPU backend', () => {
  it('reports the selection without tfjs\'s "install tfjs-node" banner on stderr', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const selection = await selectBackend('cpu', { fallback: false });
      expect(selection.name).toBe('cpu');
      expect(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()).toEqual(new Float32Array([4, 6]));
      const printed = warn.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(printed).not.toMatch(/looks like you are running TensorFlow\.js in Node/);
    } finally {
      warn.mockRestore();
    }
  });
});
