// One checkpoint file: an 8-byte magic, a little-endian uint32 header length, a JSON header, then
// float32 blocks (8-byte aligned). The header records an FNV-1a hash of the payload and ends with
// `"headerHash":<n>}`, an FNV-1a hash of the header bytes before it, so every byte read back (settings,
// optimiser step, RNG and KL state as much as the weights) is verified. Written to a temporary file in
// the same directory and renamed, so a crash never leaves a half-written checkpoint. Loading validates
// every field and names the bad one.
import { readFile } from 'node:fs/promises';
import type { WeightMap } from '../contracts.js';
import { writeThroughTemporary } from '../model-io/atomic-file.js';
import type { AdamState } from './adam.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type TrainerCheckpoint } from './checkpoint-format.js';
import { fnv1a } from './fnv1a.js';
import { TrainingError } from './training-error.js';
import { settingsProblem, type TrainerSettings } from './trainer-settings.js';

const MAGIC = 'PAMACKPT';
const PREFIX_BYTES = 12;

interface BlockRef {
  readonly offset: number;
  readonly length: number;
}

interface HeaderWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly block: BlockRef;
}

interface CheckpointHeader {
  readonly format: string;
  readonly version: number;
  readonly step: number;
  readonly method: string;
  readonly granularity: string;
  readonly nObjectives: number;
  readonly modelConfig: unknown;
  readonly settings: unknown;
  readonly model: HeaderWeight[];
  readonly reference: HeaderWeight[];
  readonly optimizer: { step: number; moments: { name: string; m: BlockRef; v: BlockRef }[] };
  readonly rng: unknown;
  readonly klController: unknown;
  readonly normalizer?: unknown;
  /** FNV-1a 32-bit hash of the binary payload. */
  readonly payloadHash: number;
  readonly payloadBytes: number;
}

/** The header's last member: the hash of the header JSON text before it (which includes payloadHash). */
const HEADER_HASH_TAIL = /,"headerHash":(\d+)\}$/;

function sealHeader(header: object): Uint8Array {
  const body = JSON.stringify(header);
  const hash = fnv1a(new TextEncoder().encode(body.slice(0, -1)));
  return new TextEncoder().encode(`${body.slice(0, -1)},"headerHash":${hash}}`);
}

/** The header text with its hash checked, or a TrainingError naming what is wrong. */
function verifiedHeaderText(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  const tail = HEADER_HASH_TAIL.exec(text);
  if (tail === null) fail('headerHash', undefined, 'missing (written by an older pama-tfjs, or the header was edited)');
  const body = text.slice(0, tail.index);
  const actual = fnv1a(bytes.subarray(0, new TextEncoder().encode(body).length));
  if (actual !== Number(tail[1])) fail('headerHash', actual, `must be ${tail[1]} (the header was changed or is corrupt)`);
  return text;
}

/**
 * Serialises a checkpoint to bytes (a JSON header with its own hash, then the weights).
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const trainer = createTrainer(options);
 * await trainer.step();
 * const bytes = encodeCheckpoint(await trainer.checkpoint()); // a header with its own hash, then the weights
 * new TextDecoder().decode(bytes.subarray(0, 8)); // 'PAMACKPT'
 * decodeCheckpoint(bytes).step; // 1
 */
export function encodeCheckpoint(checkpoint: TrainerCheckpoint): Uint8Array {
  const blocks: Float32Array[] = [];
  let cursor = 0;
  const addBlock = (data: Float32Array): BlockRef => {
    const ref = { offset: cursor, length: data.length };
    blocks.push(data);
    cursor += data.length;
    return ref;
  };
  const weights = (map: WeightMap): HeaderWeight[] =>
    Object.entries(map).map(([name, w]) => ({ name, shape: [...w.shape], block: addBlock(w.data) }));
  const header: Omit<CheckpointHeader, 'payloadHash' | 'payloadBytes'> = {
    format: checkpoint.format,
    version: checkpoint.version,
    step: checkpoint.step,
    method: checkpoint.method,
    granularity: checkpoint.granularity,
    nObjectives: checkpoint.nObjectives,
    modelConfig: checkpoint.modelConfig,
    settings: checkpoint.settings,
    model: weights(checkpoint.model),
    reference: weights(checkpoint.reference),
    optimizer: {
      step: checkpoint.optimizer.step,
      moments: checkpoint.optimizer.moments.map((e) => ({ name: e.name, m: addBlock(e.m), v: addBlock(e.v) })),
    },
    rng: checkpoint.rng,
    klController: checkpoint.klController,
    normalizer: checkpoint.normalizer,
  };
  const payload = new Float32Array(cursor);
  let at = 0;
  for (const block of blocks) {
    payload.set(block, at);
    at += block.length;
  }
  const payloadBytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  const json = sealHeader({ ...header, payloadHash: fnv1a(payloadBytes), payloadBytes: payloadBytes.length });
  const payloadStart = Math.ceil((PREFIX_BYTES + json.length) / 8) * 8;
  const out = new Uint8Array(payloadStart + payloadBytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, PREFIX_BYTES);
  out.set(payloadBytes, payloadStart);
  return out;
}

function fail(field: string, value: unknown, reason: string): never {
  throw new TrainingError(`checkpoint.${field}`, value, reason);
}

/**
 * Parses and validates bytes written by encodeCheckpoint; throws TrainingError naming the bad field.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const trainer = createTrainer(options);
 * await trainer.step();
 * const bytes = encodeCheckpoint(await trainer.checkpoint());
 * await trainer.step();
 * await trainer.restore(decodeCheckpoint(bytes)); // back to after the first step
 * trainer.stepCount; // 1
 * decodeCheckpoint(bytes.subarray(0, 4)); // throws TrainingError: checkpoint.bytes
 */
export function decodeCheckpoint(bytes: Uint8Array): TrainerCheckpoint {
  if (bytes.length < PREFIX_BYTES) fail('bytes', bytes.length, 'file too short');
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) fail('magic', magic, `must be ${MAGIC}`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (PREFIX_BYTES + headerLength > bytes.length) fail('headerLength', headerLength, 'exceeds the file');
  const headerText = verifiedHeaderText(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
  let header: CheckpointHeader;
  try {
    header = JSON.parse(headerText);
  } catch (error) {
    fail('header', (error as Error).message, 'is not valid JSON');
  }
  if (header.format !== CHECKPOINT_FORMAT) fail('format', header.format, `must be ${CHECKPOINT_FORMAT}`);
  if (header.version !== CHECKPOINT_VERSION) fail('version', header.version, `must be ${CHECKPOINT_VERSION}`);
  if (!Number.isInteger(header.step) || header.step < 0) fail('step', header.step, 'must be a non-negative integer');
  const payloadStart = Math.ceil((PREFIX_BYTES + headerLength) / 8) * 8;
  const payloadLength = bytes.length - payloadStart;
  if (payloadLength !== header.payloadBytes || payloadLength % 4 !== 0) {
    fail('payloadBytes', payloadLength, `must be ${header.payloadBytes} (truncated or padded file)`);
  }
  // Copy so the float view is aligned regardless of the source buffer.
  const payloadCopy = bytes.slice(payloadStart);
  if (fnv1a(payloadCopy) !== header.payloadHash) fail('payloadHash', fnv1a(payloadCopy), `must be ${header.payloadHash} (corrupt payload)`);
  const payload = new Float32Array(payloadCopy.buffer, 0, payloadLength / 4);
  const block = (field: string, ref: BlockRef): Float32Array => {
    if (
      !ref ||
      !Number.isInteger(ref.offset) ||
      !Number.isInteger(ref.length) ||
      ref.offset < 0 ||
      ref.offset + ref.length > payload.length
    ) {
      fail(field, ref, 'block out of range');
    }
    return payload.slice(ref.offset, ref.offset + ref.length);
  };
  const weights = (field: string, entries: HeaderWeight[]): WeightMap => {
    if (!Array.isArray(entries)) fail(field, entries, 'must be an array');
    const map: Record<string, { shape: number[]; data: Float32Array }> = {};
    entries.forEach((w, k) => {
      const data = block(`${field}[${k}] (${w.name})`, w.block);
      const size = w.shape.reduce((a, b) => a * b, 1);
      if (size !== data.length) fail(`${field}[${k}] (${w.name}).shape`, w.shape, `holds ${size} values but the block has ${data.length}`);
      map[w.name] = { shape: [...w.shape], data };
    });
    return map;
  };
  const opt = header.optimizer;
  if (!opt || !Array.isArray(opt.moments)) fail('optimizer', opt, 'must hold step and moments');
  const optimizer: AdamState = {
    step: opt.step,
    moments: opt.moments.map((e, k) => ({
      name: e.name,
      m: block(`optimizer.moments[${k}].m`, e.m),
      v: block(`optimizer.moments[${k}].v`, e.v),
    })),
  };
  const rng = header.rng as { algorithm?: unknown; state?: unknown };
  if (!rng || typeof rng.algorithm !== 'string' || !Array.isArray(rng.state)) fail('rng', rng, 'must hold algorithm and state');
  const settingsError = settingsProblem(header.settings);
  if (settingsError) fail('settings', header.settings, settingsError);
  const klState = header.klController as { coef?: unknown };
  if (!klState || typeof klState.coef !== 'number') fail('klController.coef', klState?.coef, 'must be a number');
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    step: header.step,
    method: header.method as TrainerCheckpoint['method'],
    granularity: header.granularity as TrainerCheckpoint['granularity'],
    nObjectives: header.nObjectives,
    modelConfig: header.modelConfig as TrainerCheckpoint['modelConfig'],
    settings: header.settings as TrainerSettings,
    model: weights('model', header.model),
    reference: weights('reference', header.reference),
    optimizer,
    rng: header.rng as TrainerCheckpoint['rng'],
    klController: header.klController as TrainerCheckpoint['klController'],
    normalizer: header.normalizer,
  };
}

/**
 * Writes the checkpoint atomically: temporary file in the same directory, fsync, rename.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const trainer = createTrainer(options);
 * await trainer.step();
 * await saveCheckpoint('pama.ckpt', await trainer.checkpoint()); // written whole or not at all
 * (await loadCheckpoint('pama.ckpt')).step; // 1
 */
export async function saveCheckpoint(path: string, checkpoint: TrainerCheckpoint): Promise<void> {
  const bytes = encodeCheckpoint(checkpoint);
  await writeThroughTemporary(path, (handle) => handle.writeFile(bytes));
}

/**
 * Reads and validates a checkpoint file written by saveCheckpoint.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const trainer = createTrainer(options);
 * await trainer.step();
 * await saveCheckpoint('pama.ckpt', await trainer.checkpoint());
 * const resumed = createTrainer({ ...options, reference: model.cloneFrozen() }); // e.g. in a new process
 * await resumed.restore(await loadCheckpoint('pama.ckpt'));
 * resumed.stepCount; // 1
 */
export async function loadCheckpoint(path: string): Promise<TrainerCheckpoint> {
  return decodeCheckpoint(new Uint8Array(await readFile(path)));
}
