export { startRewardServer, type RunningRewardServer } from './reward-server.js';
export { ServerOptionError, type RewardServerOptions } from './server-options.js';
export { builtinSources, builtinSourceNames, type BuiltinSourceName } from './builtin-sources.js';
export { parseServerArgs, type ServerArgs } from './server-args.js';
export { classifierSources, parseClassifierSpec, type ClassifierSpec } from './classifier-sources.js';
