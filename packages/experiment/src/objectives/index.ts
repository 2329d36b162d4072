// Reward sources built from the config: lexicons, user modules in their own thread, HTTP and classifier objectives, with probes and named failures.
export * from './classifier-objective.js';
export * from './column-normalizer.js';
export * from './effective-objectives.js';
export * from './in-flight.js';
export * from './module-host.js';
export * from './module-source.js';
export * from './objective-sources.js';
export * from './objective-spec.js';
export * from './probe.js';
export * from './reward-failure.js';
