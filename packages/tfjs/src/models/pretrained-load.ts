// Loads a Hugging Face model directory (config.json + safetensors weights, one file or shards) as
// a PretrainedPolicyModel. Everything is checked before the first variable is made — model type,
// config fields, every tensor's presence, shape and dtype, and no tensor left unexplained — and a
// tensor that fails while being read (a non-finite value, a read error) frees what was made, so a
// bad checkpoint never half-loads. Tensors are read one at a time (see model-io/safetensors-reader).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ModelInputError } from './model-errors.js';
import { type CheckpointTensorInfo, openSafetensorsCheckpoint, SAFETENSORS_INDEX_FILE } from '../model-io/safetensors-checkpoint.js';
import { decodeFloat32, type FloatDtype, isFloatDtype } from '../model-io/safetensors-dtype.js';
import { openSafetensors } from '../model-io/safetensors-reader.js';
import { readJsonObject } from '../tokenizers/hf-tokenizer-files.js';
import { architectureFor } from './architectures.js';
import type { DecoderArchitecture, DecoderTensor } from './decoder-architecture.js';
import type { LoraAdapter } from './decoder-parameters.js';
import { adaptedModules, describeLora, initialAdapters, type LoraOptions, resolveLora } from './lora.js';
import { VALUE_HEADS_FILE } from './pretrained-export.js';
import { PretrainedPolicyModel, type PretrainedModelConfig, VALUE_HEAD_NAMES } from './pretrained-model.js';

/** Options of {@link loadPretrainedModel}. */
export interface LoadPretrainedOptions {
  /**
   * Value heads on the final hidden states, one per objective. Default: as many as an exported
   * policy's value_heads.safetensors holds (its values are loaded), else 1. 0 builds none (a
   * policy-only model, for the critic-free group estimator); a value-heads file is then ignored.
   */
  readonly nValueHeads?: number;
  /** Train low-rank adapters on a frozen base instead of every weight. */
  readonly lora?: LoraOptions;
  /** Seeds the LoRA A matrices (default 0). */
  readonly seed?: number;
}

/** A row-major rows×cols matrix transposed, in blocks that stay in cache. */
function transposeData(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  const block = 32;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(cols, c0 + block);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c];
    }
  }
  return out;
}

/** Prefixes taken by loads still reading (their variables are not all registered yet). */
const reserved = new Set<string>();

/** Lowest `pvm<k>` under which no variable is registered or being loaded (the built-in model's prefixes, shared). */
function reservePrefix(): string {
  const taken = Object.keys(tf.engine().registeredVariables);
  for (let k = 0; ; k++) {
    const prefix = `pvm${k}`;
    if (!reserved.has(prefix) && !taken.some((n) => n.startsWith(`${prefix}/`))) {
      reserved.add(prefix);
      return prefix;
    }
  }
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((n, i) => n === b[i]);
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Every check that needs no tensor data: presence, shape, dtype, and no unexplained tensor. */
function validateTensors(arch: DecoderArchitecture, tensors: ReadonlyMap<string, CheckpointTensorInfo>, where: string): void {
  const expected = new Map(arch.tensors.map((t) => [t.fileName, t]));
  for (const spec of arch.tensors) {
    const info = tensors.get(spec.fileName);
    if (info === undefined) {
      throw new ModelInputError(`tensor "${spec.fileName}"`, 'missing', `must be present with shape ${shapeText(spec.fileShape)}`, where);
    }
    if (!sameShape(info.shape, spec.fileShape)) {
      throw new ModelInputError(
        `tensor "${spec.fileName}" shape`,
        info.shape,
        `must be ${shapeText(spec.fileShape)} for the ${arch.modelType} sizes in config.json`,
        info.path,
      );
    }
    if (!isFloatDtype(info.dtype))
      throw new ModelInputError(`tensor "${spec.fileName}" dtype`, info.dtype, 'must be F32, F16 or BF16', info.path);
  }
  for (const [name, info] of tensors) {
    if (expected.has(name) || arch.isBuffer(name)) continue;
    const alias = arch.aliasOf(name);
    if (alias !== undefined) {
      const target = arch.tensors.find((t) => t.name === alias)!;
      if (!sameShape(info.shape, target.fileShape)) {
        throw new ModelInputError(
          `tensor "${name}" shape`,
          info.shape,
          `must be ${shapeText(target.fileShape)} (a copy of ${target.fileName})`,
          info.path,
        );
      }
      continue;
    }
    throw new ModelInputError(
      `tensor "${name}"`,
      info.shape,
      `is not a tensor of a ${arch.modelType} model with the sizes in config.json`,
      info.path,
    );
  }
}

async function readParameter(
  checkpoint: Awaited<ReturnType<typeof openSafetensorsCheckpoint>>,
  spec: DecoderTensor,
  hash: ReturnType<typeof createHash>,
): Promise<Float32Array> {
  const info = checkpoint.tensors.get(spec.fileName)!;
  const bytes = await checkpoint.readBytes(spec.fileName);
  hash.update(`${spec.fileName}\0${info.dtype}\0${info.shape.join(',')}\0`);
  hash.update(bytes);
  const data = decodeFloat32(bytes, info.dtype as FloatDtype);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      throw new ModelInputError(`tensor "${spec.fileName}" element ${i}`, data[i], 'must be finite', info.path);
  }
  return spec.transposed ? transposeData(data, spec.fileShape[0], spec.fileShape[1]) : data;
}

/**
 * The value heads an export wrote beside the weights (weight N×D kept as D×N, bias N), when present.
 * A count other than the one asked for is an error: the heads belong to other objectives.
 */
async function readValueHeads(
  path: string,
  d: number,
  wanted: number | undefined,
): Promise<{ weight: Float32Array; bias: Float32Array } | undefined> {
  let file: Awaited<ReturnType<typeof openSafetensors>>;
  try {
    file = await openSafetensors(path);
  } catch (e) {
    if (e instanceof ModelInputError && e.value === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const weight = file.tensors.get('value_head.weight');
    const bias = file.tensors.get('value_head.bias');
    const n = bias?.shape[0];
    if (weight === undefined || bias === undefined || bias.shape.length !== 1 || !sameShape(weight.shape, [n!, d])) {
      throw new ModelInputError('tensors', [...file.tensors.keys()], `must be value_head.weight [N, ${d}] and value_head.bias [N]`, path);
    }
    if (wanted !== undefined && n !== wanted) {
      throw new ModelInputError(
        'value_head.bias shape',
        bias.shape,
        `must hold ${wanted} heads, one per objective (remove the file to start new heads)`,
        path,
      );
    }
    return { weight: transposeData(await file.readFloat32('value_head.weight'), n!, d), bias: await file.readFloat32('value_head.bias') };
  } finally {
    await file.close();
  }
}

/**
 * Loads a Hugging Face model directory as a policy with value heads; with `lora`, the base is frozen
 * and low-rank adapters train. Errors are one line naming the file, the tensor and the expected shape.
 *
 * @example
 * const model = await loadPretrainedModel('models/gpt2', { nValueHeads: 2, lora: { rank: 8 } });
 * const reference = model.cloneFrozen();
 */
export async function loadPretrainedModel(dir: string, options: LoadPretrainedOptions = {}): Promise<PretrainedPolicyModel> {
  const wantedHeads = options.nValueHeads ?? 1;
  if (!Number.isSafeInteger(wantedHeads) || wantedHeads < 0)
    throw new ModelInputError('nValueHeads', wantedHeads, 'must be an integer >= 0');
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new ModelInputError('seed', seed, 'must be a safe integer');
  const configPath = join(dir, 'config.json');
  const configJson = await readJsonObject(configPath);
  if (configJson === undefined) throw new ModelInputError('config.json', 'missing', 'is needed (a Hugging Face model directory)', dir);
  const checkpoint = await openSafetensorsCheckpoint(dir);
  const created: tf.Variable[] = [];
  let prefix: string | undefined;
  try {
    const arch = architectureFor(configJson, new Set(checkpoint.tensors.keys()), configPath);
    validateTensors(arch, checkpoint.tensors, checkpoint.indexPath ?? checkpoint.paths[0] ?? join(dir, SAFETENSORS_INDEX_FILE));
    const lora = options.lora === undefined ? undefined : resolveLora(options.lora, arch);
    prefix = reservePrefix();
    const scope = prefix;
    const variable = (data: Float32Array, shape: readonly number[], trainable: boolean, name: string): tf.Variable => {
      const v = tf.tidy(() => tf.variable(tf.tensor(data, [...shape], 'float32'), trainable, `${scope}/${name}`));
      created.push(v);
      return v;
    };
    // Read in file order, so the reads run forward through each file.
    const order = [...arch.tensors].sort((a, b) => {
      const x = checkpoint.tensors.get(a.fileName)!;
      const y = checkpoint.tensors.get(b.fileName)!;
      return x.path === y.path ? x.fileOffset - y.fileOffset : x.path < y.path ? -1 : 1;
    });
    const hash = createHash('sha256');
    const values = new Map<string, tf.Variable>();
    for (const spec of order) {
      const data = await readParameter(checkpoint, spec, hash);
      const shape = spec.transposed ? [spec.fileShape[1], spec.fileShape[0]] : spec.fileShape;
      values.set(spec.name, variable(data, shape, lora === undefined, spec.name));
    }
    const base = new Map(arch.tensors.map((t) => [t.name, values.get(t.name)!]));
    const d = arch.sizes.dModel;
    const heads =
      options.nValueHeads === 0
        ? undefined
        : ((await readValueHeads(join(dir, VALUE_HEADS_FILE), d, options.nValueHeads)) ?? {
            weight: new Float32Array(d * wantedHeads),
            bias: new Float32Array(wantedHeads),
          });
    const nValueHeads = heads?.bias.length ?? 0;
    const valueHead =
      heads === undefined
        ? undefined
        : {
            weight: variable(heads.weight, [d, nValueHeads], true, VALUE_HEAD_NAMES.weight),
            bias: variable(heads.bias, [nValueHeads], true, VALUE_HEAD_NAMES.bias),
          };
    const adapters = new Map<string, LoraAdapter>();
    if (lora !== undefined) {
      const modules = adaptedModules(arch, lora);
      initialAdapters(modules, lora.rank, seed).forEach(({ a, b }, k) => {
        const m = modules[k];
        adapters.set(m.path, {
          a: variable(a, [m.inFeatures, lora.rank], true, `${m.path}.lora_A`),
          b: variable(b, [lora.rank, m.outFeatures], true, `${m.path}.lora_B`),
          scale: lora.scale,
        });
      });
    }
    const config: PretrainedModelConfig = Object.freeze({
      ...arch.sizes,
      nValueHeads,
      architecture: arch.modelType,
      source: `sha256:${hash.digest('hex')}`,
      lora: describeLora(lora),
    });
    const source = { dir, config: configJson, tensors: [...checkpoint.tensors.values()] };
    return new PretrainedPolicyModel(config, arch, source, lora, { base, valueHead, adapters }, 'policy', true);
  } catch (e) {
    for (const v of created) v.dispose();
    throw e;
  } finally {
    if (prefix !== undefined) reserved.delete(prefix);
    await checkpoint.close();
  }
}
