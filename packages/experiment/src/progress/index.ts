// Progress displays: one bar (or plain lines) per phase, one bar per running job.
export * from './job-progress.js';
export * from './phase-progress.js';
