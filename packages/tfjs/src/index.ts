export type * from './contracts.js';
export * from './model/index.js';
export * from './training/index.js';
