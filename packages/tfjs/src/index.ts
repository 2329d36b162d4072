/**
 * TensorFlow.js adapter for PAMA: a small causal transformer with one value head per objective,
 * and the Noon-PPO + PAMA trainer with the MORLHF and MGDA-UB baselines.
 *
 * @module pama-tfjs
 */
export type * from './contracts.js';
export * from './model/index.js';
export * from './training/index.js';
export * from './model-io/index.js';
export * from './tokenizers/index.js';
export * from './models/index.js';
