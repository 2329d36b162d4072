// One alignment run: pre-training (and its cache), the run, its evaluation before and after, and the files it leaves (progress, checkpoints, the policy).
export * from './align-run.js';
export * from './evaluate.js';
export * from './objectives.js';
export * from './policy-metadata.js';
export * from './pretrain-cache.js';
export * from './pretrain-phase.js';
export * from './pretrained-dir.js';
export * from './run-files.js';
export * from './weight-codec.js';
