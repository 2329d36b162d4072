// A saved policy in TensorFlow.js's own format: a directory holding model.json (topology, weights
// manifest, metadata) and binary weight shards, written and read through a tf.io.IOHandler, plus
// the tokenizer as tokenizer.json. The directory is written whole or not at all: every file goes
// into a temporary sibling directory that is renamed into place, so a reader never sees half a model.
import * as tf from '@tensorflow/tfjs-core';
import { open, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PolicyValueModel, Tokenizer, TransformerConfig, WeightMap } from '../contracts.js';
import { ModelInputError } from '../models/model-errors.js';
import { createPolicyValueModel } from '../models/transformer.js';
import { validateTransformerConfig } from '../models/transformer-config.js';
import { tokenizerFromJSON } from '../tokenizers/tokenizer-json.js';
import { writeDirectoryThroughTemporary } from './atomic-directory.js';

/** `format` of a saved policy's model.json. */
export const POLICY_FORMAT = 'pama-policy-value';
/** The file holding a saved model's topology, weights manifest and metadata. */
export const MODEL_JSON = 'model.json';
/** The file holding a saved policy's tokenizer (its `toJSON()`). */
export const TOKENIZER_JSON = 'tokenizer.json';
/** Weight shard size: tfjs's own converter writes 4 MiB shards. */
export const WEIGHT_SHARD_BYTES = 4 * 1024 * 1024;

/** Options of `directoryHandler`. */
export interface DirectoryHandlerOptions {
  /** Further files written into the same directory in the same atomic step (name → contents). */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Shard size in bytes (default WEIGHT_SHARD_BYTES). */
  readonly shardBytes?: number;
}

function joinBuffers(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

async function writeFileSynced(path: string, contents: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `files` as directory `dir`, replacing any directory there, all at once: the files are
 * written (and fsynced) into a temporary sibling which is then renamed to `dir`.
 *
 * @example
 * await writeDirectoryAtomic('out/policy', new Map([['model.json', '{}']]));
 */
export async function writeDirectoryAtomic(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  await writeDirectoryThroughTemporary(dir, async (temporary) => {
    for (const [name, contents] of files) {
      if (name !== basename(name) || name.startsWith('.')) throw new ModelInputError('file name', name, 'must be a plain file name');
      await writeFileSynced(join(temporary, name), contents);
    }
  });
}

/**
 * A tf.io.IOHandler that saves ModelArtifacts to a directory (model.json + weight shards) and
 * loads them back. Saving is atomic (see writeDirectoryAtomic).
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const dir = join(mkdtempSync(join(tmpdir(), 'pama-')), 'policy');
 * const weightSpecs = [{ name: 'w', shape: [2], dtype: 'float32' as const }];
 * await directoryHandler(dir).save({ modelTopology: {}, weightSpecs, weightData: new Float32Array([1, 2]).buffer });
 * const artifacts = await directoryHandler(dir).load();
 * Array.from(new Float32Array(artifacts.weightData as ArrayBuffer)); // [1, 2]
 */
export function directoryHandler(dir: string, options: DirectoryHandlerOptions = {}): Required<Pick<tf.io.IOHandler, 'save' | 'load'>> {
  const shardBytes = options.shardBytes ?? WEIGHT_SHARD_BYTES;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const bytes = joinBuffers(artifacts.weightData);
      const count = Math.max(1, Math.ceil(bytes.byteLength / shardBytes));
      const files = new Map<string, string | Uint8Array>();
      const paths: string[] = [];
      for (let i = 0; i < count; i++) {
        const name = `group1-shard${i + 1}of${count}.bin`;
        paths.push(name);
        files.set(name, bytes.subarray(i * shardBytes, Math.min(bytes.byteLength, (i + 1) * shardBytes)));
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      files.set(MODEL_JSON, `${JSON.stringify(modelJson, null, 1)}\n`);
      for (const [name, text] of Object.entries(options.extraFiles ?? {})) files.set(name, text);
      await writeDirectoryAtomic(dir, files);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData: bytes.slice().buffer as ArrayBuffer }) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new ModelInputError(jsonPath, (e as NodeJS.ErrnoException).code ?? (e as Error).message, 'is not a readable model.json');
      }
      if (json === null || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
        throw new ModelInputError(`${jsonPath} weightsManifest`, json?.weightsManifest, 'must be an array of weight groups');
      }
      const specs: tf.io.WeightsManifestEntry[] = [];
      const parts: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        if (!Array.isArray(group?.paths) || !Array.isArray(group.weights))
          throw new ModelInputError(`${jsonPath} weightsManifest`, group, 'must list paths and weights');
        specs.push(...group.weights);
        for (const name of group.paths) {
          if (typeof name !== 'string' || name !== basename(name))
            throw new ModelInputError(`${jsonPath} weightsManifest path`, name, 'must be a file name in the model directory');
          try {
            parts.push(new Uint8Array(await readFile(join(dir, name))));
          } catch (e) {
            throw new ModelInputError(join(dir, name), (e as NodeJS.ErrnoException).code ?? String(e), 'is not a readable weight file');
          }
        }
      }
      const weightData = joinBuffers(parts.map((p) => p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength) as ArrayBuffer));
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: weightData.buffer as ArrayBuffer,
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
      };
    },
  };
}

/** Float32 weights in a fixed order → the tf.io encoding (specs + one buffer). */
async function encodeWeightMap(weights: WeightMap): Promise<{ data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  const named: tf.NamedTensorMap = {};
  for (const name of Object.keys(weights).sort()) named[name] = tf.tensor(weights[name].data, [...weights[name].shape], 'float32');
  try {
    const encoded = await tf.io.encodeWeights(named);
    return { data: encoded.data, specs: encoded.specs };
  } finally {
    tf.dispose(Object.values(named));
  }
}

/** The tf.io encoding → a WeightMap; only float32 weights, and the byte count must match the specs. */
function decodeWeightMap(specs: readonly tf.io.WeightsManifestEntry[], data: ArrayBuffer, where: string): WeightMap {
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {};
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization !== undefined)
      throw new ModelInputError(`${where} weight ${spec.name}`, spec.dtype, 'must be unquantized float32');
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > data.byteLength)
      throw new ModelInputError(
        `${where} weight files`,
        data.byteLength,
        `hold fewer bytes than the manifest's weights need (${spec.name} ends at byte ${offset + size * 4})`,
      );
    weights[spec.name] = { shape: [...spec.shape], data: new Float32Array(data.slice(offset, offset + size * 4)) };
    offset += size * 4;
  }
  if (offset !== data.byteLength)
    throw new ModelInputError(`${where} weight files`, data.byteLength, `must hold exactly the manifest's ${offset} bytes`);
  return weights;
}

/** What `savePolicy` stores beside the weights. */
export interface SavedPolicyInfo {
  /** Free-form JSON stored in model.json's userDefinedMetadata (e.g. how the model was trained). */
  readonly metadata?: Record<string, unknown>;
}

/**
 * Saves a policy/value model with its tokenizer to `dir` (model.json, weight shards,
 * tokenizer.json), atomically; an existing directory is replaced.
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const tokenizer = buildWordTokenizer(['the cat sat'], { maxVocab: 20 });
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: tokenizer.vocabSize, nValueHeads: 2 }, { seed: 1 });
 * const dir = join(mkdtempSync(join(tmpdir(), 'pama-')), 'policy');
 * await savePolicy(dir, model, tokenizer, { metadata: { method: 'pama' } });
 * const loaded = await loadPolicy(dir);
 * loaded.model.config.nValueHeads; // 2
 * loaded.tokenizer.encode('the cat'); // tokenizer.encode('the cat')
 */
export async function savePolicy(dir: string, model: PolicyValueModel, tokenizer: Tokenizer, info: SavedPolicyInfo = {}): Promise<void> {
  const { data, specs } = await encodeWeightMap(await model.exportWeights());
  const handler = directoryHandler(dir, { extraFiles: { [TOKENIZER_JSON]: `${JSON.stringify(tokenizer.toJSON())}\n` } });
  await handler.save({
    modelTopology: { class: 'PolicyValueTransformer', config: model.config },
    format: POLICY_FORMAT,
    generatedBy: 'pama-tfjs',
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: JSON.parse(JSON.stringify(info.metadata ?? {})) as tf.io.ModelArtifacts['userDefinedMetadata'],
  });
}

/** What `loadPolicy` returns. */
export interface LoadedPolicy {
  readonly model: PolicyValueModel;
  readonly tokenizer: Tokenizer;
  readonly config: TransformerConfig;
  readonly metadata: Record<string, unknown>;
}

/**
 * Loads a policy saved by savePolicy: checks format, config, tokenizer and every weight before
 * building the model. Throws ModelInputError naming the file and what is wrong.
 *
 * @example
 * const { model, tokenizer, metadata } = await loadPolicy('runs/quick/runs/pama-sample-seed1/policy'); // as `pama align` saved it
 * model.config.vocabSize === tokenizer.vocabSize; // true
 * metadata.method; // 'pama'
 */
export async function loadPolicy(dir: string): Promise<LoadedPolicy> {
  const artifacts = await directoryHandler(dir).load();
  const where = join(dir, MODEL_JSON);
  if (artifacts.format !== POLICY_FORMAT) throw new ModelInputError(`${where} format`, artifacts.format, `must be "${POLICY_FORMAT}"`);
  const topology = artifacts.modelTopology as { config?: TransformerConfig } | undefined;
  const config = validateTransformerConfig(topology?.config as TransformerConfig);
  let tokenizerJson: unknown;
  const tokenizerPath = join(dir, TOKENIZER_JSON);
  try {
    tokenizerJson = JSON.parse(await readFile(tokenizerPath, 'utf8'));
  } catch (e) {
    throw new ModelInputError(tokenizerPath, (e as NodeJS.ErrnoException).code ?? (e as Error).message, 'is not a readable tokenizer.json');
  }
  const tokenizer = tokenizerFromJSON(tokenizerJson);
  if (tokenizer.vocabSize !== config.vocabSize)
    throw new ModelInputError(
      `${tokenizerPath} vocabulary`,
      tokenizer.vocabSize,
      `must have the model's vocabSize ${config.vocabSize} entries`,
    );
  const weights = decodeWeightMap(artifacts.weightSpecs ?? [], artifacts.weightData as ArrayBuffer, dir);
  const model = createPolicyValueModel(config, { seed: 0 });
  try {
    model.importWeights(weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, tokenizer, config, metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown> };
}
