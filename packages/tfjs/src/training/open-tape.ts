// A gradient tape that stays open across an await, so that a loss which depends on values read back
// from its own forward pass costs one forward pass, not two.
//
// tf.variableGrads runs the forward pass and the backward pass in one synchronous call: a value the
// loss needs from the forward pass (the PAMA combine needs the current ratios u) could only be read
// with a blocking dataSync() inside it, which stalls a GPU and throws on WebGPU in Node. Here the
// forward pass is recorded first, the caller awaits its reads, and the loss is then recorded on the
// same tape and differentiated through both parts. The gradients are exactly those of tf.variableGrads
// over forward-then-loss (the same kernels, recorded in the same order).
//
// tfjs-core (4.x) exposes no public API for this; the tape is opened and closed with the engine's own
// startTape/endTape, which tf.engine().gradients() also uses, and a nested gradients() call sees the
// open tape and keeps it. One tape at a time per tfjs engine: do not interleave two open tapes. The
// tests check the gradients bit for bit against tf.variableGrads and count the kernels run.
import * as tf from '@tensorflow/tfjs-core';
// Differentiating needs the gradient functions registered.
import '../backends/register-gradients.js';

interface TapeEngine {
  startTape(): void;
  endTape(): void;
  readonly state: { gradientDepth: number; kernelDepth: number; activeTape: Array<{ saved?: tf.Tensor[] }> | null };
}

function tapeEngine(): TapeEngine {
  const engine = tf.engine() as unknown as TapeEngine;
  if (typeof engine.startTape !== 'function' || typeof engine.endTape !== 'function' || engine.state === undefined) {
    throw new Error('open-tape: this tfjs-core has no startTape/endTape on its engine (written for tfjs 4.x)');
  }
  return engine;
}

/**
 * Records a forward pass now and differentiates a loss built from it later.
 *
 * @example
 * const w = tf.variable(tf.scalar(3));
 * const tape = new OpenTape();
 * try {
 *   const y = tape.record(() => tf.square(w)); // taped, synchronous: y = w²
 *   const [u] = await y.data(); // read between the two parts: 9
 *   const loss = tape.record(() => tf.mul(y, u)); // a loss built with the value read: u·w²
 *   const [grad] = tape.gradients(loss as tf.Scalar, [w]);
 *   grad; // 54: u·2w at w = 3, u held constant
 * } finally {
 *   tape.close(); // frees what the tape saved
 * }
 */
export class OpenTape {
  private readonly engine = tapeEngine();
  private readonly kept: tf.Tensor[] = [];
  private open = true;

  constructor() {
    this.engine.startTape();
  }

  /** Runs fn under tidy with the tape recording; the tensors it returns live until close(). */
  record<T extends object>(fn: () => T): T {
    this.requireOpen();
    const result = tf.tidy(fn as () => tf.TensorContainer) as T;
    this.kept.push(...collectTensors(result as tf.TensorContainer));
    return result;
  }

  /**
   * Gradients of a recorded scalar with respect to each of `xs` (variables, or tensors recorded on this
   * tape; zeros for one it does not reach), through everything recorded on this tape. The caller
   * disposes the gradients. May be called more than once: the tape keeps what it recorded.
   */
  gradients(of: tf.Scalar, xs: readonly tf.Tensor[]): tf.Tensor[] {
    this.requireOpen();
    // The engine records while a tape is open and no kernel is running; the backward pass must not be
    // recorded (tf.variableGrads does not record it either), so it runs as if inside a kernel.
    this.engine.state.kernelDepth++;
    try {
      const { grads } = tf.engine().gradients(() => of, xs as tf.Tensor[], undefined, true);
      return grads.map((g, k) => g ?? tf.zerosLike(xs[k]));
    } finally {
      this.engine.state.kernelDepth--;
    }
  }

  /** Stops recording and frees the recorded tensors and everything the tape saved for backprop. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.engine.endTape();
    tf.dispose(this.kept);
    if (this.engine.state.gradientDepth === 0 && this.engine.state.activeTape) {
      for (const node of this.engine.state.activeTape) tf.dispose(node.saved ?? []);
      this.engine.state.activeTape = null;
    }
  }

  private requireOpen(): void {
    if (!this.open) throw new Error('open-tape: the tape is closed');
  }
}

function collectTensors(container: tf.TensorContainer): tf.Tensor[] {
  if (container instanceof tf.Tensor) return [container];
  if (container === null || typeof container !== 'object') return [];
  const values = Array.isArray(container) ? container : Object.values(container as Record<string, tf.TensorContainer>);
  return values.flatMap((v) => collectTensors(v as tf.TensorContainer));
}
