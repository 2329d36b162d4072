// The align config (AlignConfig): its schema and defaults, validation that names the bad field, and its resolution from a config file and command-line values.
export * from './align-config.js';
export * from './corpus-fit.js';
export * from './resolve-align-config.js';
export * from './schema-dsl.js';
export * from './training-settings.js';
export * from './validate.js';
