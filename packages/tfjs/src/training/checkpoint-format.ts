// The trainer's snapshot as plain data: everything exact resume needs.
import type { RngState, TransformerConfig, WeightMap } from '../contracts.js';
import type { AdamState } from './adam.js';
import type { KlControllerState } from './kl-controller.js';
import type { CombineGranularity, TrainingMethod } from './trainer-options.js';
import type { TrainerSettings } from './trainer-settings.js';

/** The `format` field of every trainer checkpoint. */
export const CHECKPOINT_FORMAT = 'pama-tfjs-trainer-checkpoint';
/** 2 added `settings`; version 1 files are refused (they cannot prove which settings they were trained with). */
export const CHECKPOINT_VERSION = 2;

/** A trainer's whole state as plain data: what `trainer.checkpoint()` returns and `restore` takes. */
export interface TrainerCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** Steps completed. */
  readonly step: number;
  readonly method: TrainingMethod;
  readonly granularity: CombineGranularity;
  readonly nObjectives: number;
  readonly modelConfig: TransformerConfig;
  /** PPO, sampling, batch, weights and tokenizer the run was trained with (see trainer-settings). */
  readonly settings: TrainerSettings;
  /** Policy trunk, LM head and value heads. */
  readonly model: WeightMap;
  /** The frozen reference policy. */
  readonly reference: WeightMap;
  readonly optimizer: AdamState;
  readonly rng: RngState;
  readonly klController: KlControllerState;
  /** The reward normaliser's JSON state, when the trainer has one. */
  readonly normalizer?: unknown;
}
