// KL coefficient β: fixed, or adaptive as in Ziegler et al. (2019), "Fine-Tuning Language Models from
// Human Preferences": e = clip(KL / target − 1, −0.2, 0.2), β ← β·(1 + e·nSteps / horizon).
import { TrainingError, requireFinite } from './training-error.js';

/** Options of {@link createKlController}. */
export interface KlControllerOptions {
  /** Initial (or fixed) coefficient β ≥ 0. */
  readonly coef: number;
  /** Adapt β toward `target` (default false: β stays fixed). */
  readonly adaptive?: boolean;
  /** Target KL per response (adaptive only). */
  readonly target?: number;
  /** Horizon in samples (adaptive only); default 10000. */
  readonly horizon?: number;
}

/** A KL controller's state, for a checkpoint. */
export interface KlControllerState {
  readonly coef: number;
}

/** The KL coefficient β of the token rewards, fixed or adaptive. */
export interface KlController {
  /** The current β. */
  readonly value: number;
  /** Whether {@link KlController.update} moves β. */
  readonly adaptive: boolean;
  /** Feeds the KL measured on a batch of nSteps samples; returns the new β. */
  update(observedKl: number, nSteps: number): number;
  /** The state to checkpoint. */
  getState(): KlControllerState;
  /** Restores a checkpointed state. */
  setState(state: KlControllerState): void;
}

/**
 * A KL coefficient: fixed, or adaptive as in Ziegler et al. (2019), β ← β·(1 + e·nSteps/horizon)
 * with e = clip(KL/target − 1, −0.2, 0.2).
 *
 * @example
 * const kl = createKlController({ coef: 0.05, adaptive: true, target: 6 });
 * kl.update(12, 64); // KL above target: β grows
 */
export function createKlController(options: KlControllerOptions): KlController {
  let coef = requireFinite('kl.coef', options.coef);
  if (coef < 0) throw new TrainingError('kl.coef', coef, 'must be ≥ 0');
  const adaptive = options.adaptive ?? false;
  const target = adaptive ? requireFinite('kl.target', options.target) : 0;
  if (adaptive && target <= 0) throw new TrainingError('kl.target', target, 'must be > 0');
  const horizon = requireFinite('kl.horizon', options.horizon ?? 10000);
  if (horizon <= 0) throw new TrainingError('kl.horizon', horizon, 'must be > 0');

  return {
    get value() {
      return coef;
    },
    adaptive,
    update(observedKl: number, nSteps: number): number {
      requireFinite('observedKl', observedKl);
      if (!adaptive) return coef;
      const error = Math.min(0.2, Math.max(-0.2, observedKl / target - 1));
      coef *= 1 + (error * nSteps) / horizon;
      return coef;
    },
    getState: () => ({ coef }),
    setState(state: KlControllerState) {
      const next = requireFinite('klController.coef', state?.coef);
      if (next < 0) throw new TrainingError('klController.coef', next, 'must be ≥ 0');
      coef = next;
    },
  };
}
