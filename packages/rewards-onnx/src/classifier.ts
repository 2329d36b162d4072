// A sequence classifier loaded from its folder into an ONNX runtime: texts (or pairs) in, one row
// of logits per text out, in batches padded to their longest text. Everything that can be wrong
// with the folder is found when it is loaded (a probe batch included), never mid-training.
import { relative } from 'node:path';
import type * as Ort from 'onnxruntime-common';
import { ClassifierError } from './classifier-error.js';
import { readClassifierFolder, type ClassifierFolder, type ClassifierFolderOptions, type ProblemType } from './classifier-folder.js';
import { loadOnnxRuntime, OnnxRuntimeUnavailable, type OnnxRuntime, type OnnxRuntimeChoice, type OnnxRuntimeName } from './onnx-runtime.js';
import { createTextEncoder, type EncodedText, type TextEncoder } from './text-encoder.js';

/** Options of {@link loadClassifier} (and of the classifier reward source). */
export interface ClassifierOptions extends ClassifierFolderOptions {
  /** Which ONNX runtime (default `auto`: onnxruntime-node when installed, else onnxruntime-web). */
  readonly runtime?: OnnxRuntimeChoice;
  /** Intra-op threads (default: the runtime's own choice). */
  readonly threads?: number;
  /** Tokens per text or pair, special tokens included; longer ones are truncated (default: the model's limit, else 512). */
  readonly maxLength?: number;
  /** Texts per model call (default 16). */
  readonly batchSize?: number;
}

/** One thing to classify: a text, or a pair of texts (a prompt and a response). */
export interface ClassifierInput {
  readonly text: string;
  readonly pair?: string | null;
}

/** A classifier in a runtime. */
export interface Classifier {
  /** The folder, absolute. */
  readonly dir: string;
  /** Every file it was read from, absolute: what identifies it on disk. */
  readonly files: readonly string[];
  /** Its outputs' labels (config.json id2label). */
  readonly labels: readonly string[];
  /** config.json's problem_type, when given. */
  readonly problemType: ProblemType | undefined;
  /** The runtime it runs on. */
  readonly runtime: OnnxRuntimeName;
  /** Tokens per text or pair after truncation. */
  readonly maxLength: number;
  /** Texts per model call. */
  readonly batchSize: number;
  /** The model's inputs, as the ONNX file names them. */
  readonly inputNames: readonly string[];
  /** One row of logits (one number per label) per input, in order. */
  logits(inputs: ReadonlyArray<ClassifierInput>): Promise<Float32Array[]>;
  /** Frees the runtime's session. */
  release(): Promise<void>;
}

/** A folder read and its tokenizer built: everything checked that needs no runtime. */
export interface PreparedClassifier {
  readonly folder: ClassifierFolder;
  readonly encoder: TextEncoder;
  readonly maxLength: number;
  readonly batchSize: number;
  readonly options: ClassifierOptions;
}

const SUPPORTED_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'] as const;
type InputName = (typeof SUPPORTED_INPUTS)[number];

/**
 * The synchronous half of loading: reads and checks the folder, builds the tokenizer, checks the
 * options against the model's limits. Throws {@link ClassifierError}.
 *
 * @example
 * const prepared = prepareClassifier('models/distilbert-sst2', { maxLength: 32 });
 * prepared.folder.labels; // ['NEGATIVE', 'POSITIVE']
 * prepared.maxLength; // 32
 */
export function prepareClassifier(dir: string, options: ClassifierOptions = {}): PreparedClassifier {
  const folder = readClassifierFolder(dir, options);
  const encoder = createTextEncoder(folder);
  const limit = encoder.modelMaxLength ?? folder.maxPositions;
  const minimum = encoder.specialTokens(true) + 2;
  const maxLength = options.maxLength ?? limit ?? 512;
  if (!Number.isInteger(maxLength) || maxLength < minimum || (limit !== undefined && maxLength > limit)) {
    const upTo =
      limit === undefined
        ? ''
        : ` and at most the model's limit of ${limit} (tokenizer_config.json model_max_length, else config.json max_position_embeddings)`;
    throw new ClassifierError(folder.dir, 'maxLength', maxLength, `an integer of at least ${minimum}${upTo}`);
  }
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 4096)
    throw new ClassifierError(folder.dir, 'batchSize', batchSize, 'an integer from 1 to 4096');
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1 || options.threads > 256)) {
    throw new ClassifierError(folder.dir, 'threads', options.threads, 'an integer from 1 to 256');
  }
  const runtime = options.runtime ?? 'auto';
  if (!['auto', 'onnxruntime-node', 'onnxruntime-web'].includes(runtime)) {
    throw new ClassifierError(folder.dir, 'runtime', runtime, 'auto, onnxruntime-node or onnxruntime-web');
  }
  return { folder, encoder, maxLength, batchSize, options };
}

/**
 * Loads a classifier folder into an ONNX runtime and checks it on two probe batches: the
 * tokenizer's largest id must fit the embedding, `maxLength` tokens must fit the positions, and
 * the model must give one finite logit per label. Rejects with a {@link ClassifierError} naming the
 * folder and the problem.
 *
 * @example
 * const classifier = await loadClassifier('models/distilbert-sst2');
 * const [row] = await classifier.logits([{ text: 'a wonderful film' }]); // one logit per label
 * classifier.labels; // ['NEGATIVE', 'POSITIVE']
 * row[1] > row[0]; // true: POSITIVE
 * await classifier.release();
 */
export async function loadClassifier(dir: string, options: ClassifierOptions = {}): Promise<Classifier> {
  return loadPreparedClassifier(prepareClassifier(dir, options));
}

/**
 * The asynchronous half of {@link loadClassifier}: the runtime, the session and the probes.
 *
 * @example
 * const prepared = prepareClassifier('models/distilbert-sst2'); // synchronous: the folder and the tokenizer
 * const classifier = await loadPreparedClassifier(prepared); // the runtime, the session and the probes
 * classifier.maxLength === prepared.maxLength; // true
 * await classifier.release();
 */
export async function loadPreparedClassifier(prepared: PreparedClassifier): Promise<Classifier> {
  const { folder, encoder, maxLength, batchSize, options } = prepared;
  const fail = (field: string, value: unknown, reason: string): never => {
    throw new ClassifierError(folder.dir, field, value, reason);
  };
  const modelName = relative(folder.dir, folder.modelFile);
  let runtime: OnnxRuntime;
  try {
    runtime = await loadOnnxRuntime(options.runtime ?? 'auto');
  } catch (error) {
    if (error instanceof OnnxRuntimeUnavailable) fail('runtime', options.runtime ?? 'auto', error.message);
    throw error;
  }
  let session: Ort.InferenceSession;
  try {
    session = await runtime.InferenceSession.create(folder.modelFile, runtime.sessionOptions(options.threads));
  } catch (error) {
    return fail(modelName, folder.modelFile, `not a model ${runtime.name} can load (${firstLine(error)})`);
  }
  const inputs = session.inputNames;
  if (!inputs.includes('input_ids')) fail(modelName, inputs, 'a text classifier with an input named input_ids');
  const unknown = inputs.find((name) => !(SUPPORTED_INPUTS as readonly string[]).includes(name));
  if (unknown !== undefined)
    fail(modelName, unknown, `an input a sequence classifier does not take (supported: ${SUPPORTED_INPUTS.join(', ')})`);
  const types = new Map<string, 'int64' | 'int32'>();
  for (const meta of session.inputMetadata ?? []) {
    const type = meta.isTensor ? meta.type : undefined;
    if (type !== undefined && type !== 'int64' && type !== 'int32')
      fail(modelName, `${meta.name}: ${type}`, 'integer inputs (int64 or int32)');
    types.set(meta.name, type === 'int32' ? 'int32' : 'int64');
  }
  const output = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];

  let queue: Promise<unknown> = Promise.resolve();
  /** One model call at a time: a session is not run concurrently (onnxruntime-web refuses it). */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  const run = (batch: readonly EncodedText[]): Promise<Float32Array[]> =>
    serial(async () => {
      const feeds = feedsOf(runtime, batch, inputs as InputName[], types, encoder);
      const result = await session.run(feeds);
      return rowsOf(result[output], batch.length);
    });

  const classifier: Classifier = {
    dir: folder.dir,
    files: folder.files,
    labels: folder.labels,
    problemType: folder.problemType,
    runtime: runtime.name,
    maxLength,
    batchSize,
    inputNames: inputs,
    async logits(items) {
      const rows: Float32Array[] = [];
      for (let start = 0; start < items.length; start += batchSize) {
        const batch = items.slice(start, start + batchSize).map((item) => encoder.encode(item.text, item.pair ?? null, maxLength));
        rows.push(...(await run(batch)));
      }
      return rows;
    },
    release: () => session.release(),
  };

  // Probe 1: the tokenizer's largest id, in a short text (its embedding row must exist).
  const [cls, sep] = splitSpecials(encoder.encode('', null, maxLength));
  const probe = async (ids: number[], what: string, field: string, value: unknown): Promise<Float32Array> => {
    try {
      const [row] = await run([{ ids, typeIds: ids.map(() => 0) }]);
      return row;
    } catch (error) {
      await session.release().catch(() => undefined);
      return fail(field, value, `${what} (${firstLine(error)})`);
    }
  };
  const row = await probe(
    [...cls, encoder.maxId, ...sep],
    "the model rejects the tokenizer's largest token id: the tokenizer is not this model's",
    'tokenizer.json',
    encoder.maxId,
  );
  if (row.length !== folder.labels.length) {
    await session.release();
    fail('config.json id2label', folder.labels, `names ${folder.labels.length} outputs, but ${modelName} has ${row.length}`);
  }
  if (!row.every(Number.isFinite)) {
    await session.release();
    fail(modelName, Array.from(row), 'finite logits on a probe text');
  }
  // Probe 2: maxLength tokens (each position must exist).
  const filler = cls[0] ?? encoder.padId;
  await probe(
    [...cls, ...new Array<number>(maxLength - cls.length - sep.length).fill(filler), ...sep],
    `the model cannot take ${maxLength} tokens: lower maxLength`,
    'maxLength',
    maxLength,
  );
  return classifier;
}

/** The special tokens an empty text gets before and after it: `[CLS]` and `[SEP]` for BERT. */
function splitSpecials(empty: EncodedText): [number[], number[]] {
  const ids = [...empty.ids];
  return [ids.slice(0, 1), ids.slice(1)];
}

/** The model's inputs for a batch, padded to its longest text on the tokenizer's padding side. */
function feedsOf(
  runtime: OnnxRuntime,
  batch: readonly EncodedText[],
  inputs: readonly InputName[],
  types: ReadonlyMap<string, 'int64' | 'int32'>,
  encoder: TextEncoder,
): Record<string, Ort.Tensor> {
  const rows = batch.length;
  const width = Math.max(1, ...batch.map((e) => e.ids.length));
  const left = encoder.paddingSide === 'left';
  const columns: Record<InputName, number[]> = { input_ids: [], attention_mask: [], token_type_ids: [], position_ids: [] };
  for (const encoded of batch) {
    const n = encoded.ids.length;
    const pad = width - n;
    const fill = (values: readonly number[], padding: number) => {
      const padded = new Array<number>(pad).fill(padding);
      return left ? [...padded, ...values] : [...values, ...padded];
    };
    columns.input_ids.push(...fill(encoded.ids, encoder.padId));
    columns.attention_mask.push(...fill(new Array<number>(n).fill(1), 0));
    columns.token_type_ids.push(...fill(encoded.typeIds, 0));
    columns.position_ids.push(
      ...fill(
        Array.from({ length: n }, (_, i) => i),
        0,
      ),
    );
  }
  const feeds: Record<string, Ort.Tensor> = {};
  for (const name of inputs) {
    const values = columns[name];
    feeds[name] =
      types.get(name) === 'int32'
        ? new runtime.Tensor('int32', Int32Array.from(values), [rows, width])
        : new runtime.Tensor(
            'int64',
            BigInt64Array.from(values, (v) => BigInt(v)),
            [rows, width],
          );
  }
  return feeds;
}

/** The output as one Float32Array per text: [batch, labels] logits. */
function rowsOf(tensor: Ort.Tensor | undefined, rows: number): Float32Array[] {
  if (tensor === undefined || tensor.dims.length !== 2 || tensor.dims[0] !== rows) {
    throw new Error(
      `expected logits of shape [${rows}, labels], got ${tensor === undefined ? 'no output' : `[${tensor.dims.join(', ')}]`}`,
    );
  }
  const data = tensor.data;
  if (!(data instanceof Float32Array)) throw new Error(`expected float32 logits, got ${tensor.type}`);
  const width = tensor.dims[1];
  return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
}
