// Node preload for fault tests: writes to files whose path matches PAMA_ENOSPC_MATCH fail with
// ENOSPC, as on a full disk (the path is tracked from open to write).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const match = new RegExp(process.env.PAMA_ENOSPC_MATCH ?? '$^');
const paths = new Map();
const realOpen = fs.openSync;
const realWrite = fs.writeSync;
fs.openSync = function openSync(path, ...rest) {
  const fd = realOpen.call(this, path, ...rest);
  paths.set(fd, String(path));
  return fd;
};
fs.writeSync = function writeSync(fd, ...rest) {
  if (match.test(paths.get(fd) ?? '')) {
    const error = new Error('ENOSPC: no space left on device, write');
    Object.assign(error, { errno: -28, code: 'ENOSPC', syscall: 'write' });
    throw error;
  }
  return realWrite.call(this, fd, ...rest);
};
syncBuiltinESMExports();
