// Reading and writing model weights: safetensors files and Hugging Face checkpoint directories.
export { writeFileAtomic, writeThroughTemporary } from './atomic-file.js';
export {
  decodeFloat32,
  encodeFloat32,
  FLOAT_DTYPES,
  isFloatDtype,
  isSafetensorsDtype,
  SAFETENSORS_DTYPE_BYTES,
} from './safetensors-dtype.js';
export type { FloatDtype, SafetensorsDtype } from './safetensors-dtype.js';
export { HEADER_LENGTH_BYTES, headerLength, MAX_HEADER_BYTES, parseSafetensorsHeader } from './safetensors-header.js';
export type { SafetensorsHeader, SafetensorsTensorInfo } from './safetensors-header.js';
export { openSafetensors } from './safetensors-reader.js';
export type { SafetensorsFile } from './safetensors-reader.js';
export { writeSafetensors } from './safetensors-writer.js';
export type { SafetensorsData, SafetensorsWriteEntry, WriteSafetensorsOptions } from './safetensors-writer.js';
export {
  DEFAULT_MAX_SHARD_BYTES,
  openSafetensorsCheckpoint,
  SAFETENSORS_FILE,
  SAFETENSORS_INDEX_FILE,
  writeSafetensorsCheckpoint,
} from './safetensors-checkpoint.js';
export type { CheckpointTensorInfo, SafetensorsCheckpoint, WriteCheckpointOptions } from './safetensors-checkpoint.js';
export { writeDirectoryThroughTemporary } from './atomic-directory.js';
