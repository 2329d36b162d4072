// The files of a Hugging Face sequence classifier exported to ONNX, as transformers.js lays them
// out (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) or as Optimum's
// `optimum-cli export onnx` writes them (model.onnx beside config.json). Read synchronously and
// checked before any model is loaded, so that a bad folder is one line before any work.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClassifierError } from './classifier-error.js';

/** How the model's outputs become probabilities, as transformers' `problem_type` says. */
export type ProblemType = 'single_label_classification' | 'multi_label_classification' | 'regression';

/** A classifier folder, read and checked; nothing loaded into a runtime yet. */
export interface ClassifierFolder {
  /** The folder, absolute. */
  readonly dir: string;
  /** The ONNX model file, absolute. */
  readonly modelFile: string;
  /** Every file the classifier reads, absolute, in a fixed order: what identifies it on disk. */
  readonly files: readonly string[];
  /** `config.json`'s `id2label`, in output order. */
  readonly labels: readonly string[];
  /** `config.json`'s `problem_type`, when it has one. */
  readonly problemType: ProblemType | undefined;
  /** `config.json`'s `vocab_size`: the rows of the token embedding. */
  readonly vocabSize: number | undefined;
  /** `config.json`'s `max_position_embeddings` (BERT) or `max_position_embeddings`/`n_positions`. */
  readonly maxPositions: number | undefined;
  /** `config.json`'s `pad_token_id`, when it has one. */
  readonly padTokenId: number | undefined;
  /** `tokenizer.json`, parsed. */
  readonly tokenizerJson: Record<string, unknown>;
  /** `tokenizer_config.json`, parsed (empty when the folder has none). */
  readonly tokenizerConfig: Record<string, unknown>;
}

/** Options of {@link readClassifierFolder}. */
export interface ClassifierFolderOptions {
  /**
   * The ONNX file, relative to the folder (for example `onnx/model_quantized.onnx`). Default:
   * `onnx/model.onnx`, else `model.onnx`.
   */
  readonly model?: string;
}

/** Where a model file is looked for when none is named. */
export const DEFAULT_MODEL_FILES = ['onnx/model.onnx', 'model.onnx'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * Reads and checks a classifier folder: the files exist, the JSON parses, `id2label` names every
 * output, and the tokenizer's ids fit the model's embedding. Throws a {@link ClassifierError}
 * naming the folder, the file and the problem.
 *
 * @example
 * const folder = readClassifierFolder('models/distilbert-sst2');
 * folder.labels; // ['NEGATIVE', 'POSITIVE']
 */
export function readClassifierFolder(dir: string, options: ClassifierFolderOptions = {}): ClassifierFolder {
  const root = resolve(dir);
  const fail = (field: string, value: unknown, reason: string): never => {
    throw new ClassifierError(root, field, value, reason);
  };
  if (!existsSync(root) || !statSync(root).isDirectory()) fail('dir', dir, 'not a directory');

  const candidates = options.model === undefined ? DEFAULT_MODEL_FILES : [options.model];
  const model = candidates.find((file) => existsSync(join(root, file)));
  if (model === undefined) {
    fail(
      options.model ?? 'model.onnx',
      readdirSync(root),
      `no ONNX model in the folder (looked for ${candidates.join(' and ')}); the folder holds`,
    );
  }
  const modelFile = join(root, model as string);
  if (!statSync(modelFile).isFile() || statSync(modelFile).size === 0)
    fail(model as string, statSync(modelFile).size, 'an empty file or not a file');

  const config = readJson(root, 'config.json', true) as Record<string, unknown>;
  const labels = labelsOf(root, config.id2label);
  const problemType = config.problem_type;
  if (
    problemType !== undefined &&
    problemType !== null &&
    !['single_label_classification', 'multi_label_classification', 'regression'].includes(problemType as string)
  ) {
    fail('config.json problem_type', problemType, 'one of single_label_classification, multi_label_classification, regression');
  }
  const tokenizerJson = readJson(root, 'tokenizer.json', true) as Record<string, unknown>;
  const tokenizerConfig = (readJson(root, 'tokenizer_config.json', false) ?? {}) as Record<string, unknown>;
  const vocabSize = count(config.vocab_size);
  checkTokenizerFits(root, tokenizerJson, vocabSize);

  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', model as string]
    .map((file) => join(root, file))
    .filter((file) => existsSync(file));
  return {
    dir: root,
    modelFile,
    files,
    labels,
    problemType: (problemType ?? undefined) as ProblemType | undefined,
    vocabSize,
    maxPositions: count(config.max_position_embeddings) ?? count(config.n_positions),
    padTokenId: typeof config.pad_token_id === 'number' && Number.isInteger(config.pad_token_id) ? config.pad_token_id : undefined,
    tokenizerJson,
    tokenizerConfig,
  };
}

function readJson(root: string, file: string, required: boolean): unknown {
  const path = join(root, file);
  if (!existsSync(path)) {
    if (!required) return undefined;
    throw new ClassifierError(
      root,
      file,
      readdirSync(root),
      'missing (a Hugging Face classifier folder has config.json and tokenizer.json); the folder holds',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ClassifierError(root, file, path, `not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (!isObject(value)) throw new ClassifierError(root, file, value, 'a JSON object');
  return value;
}

/** `id2label` as an array: keys 0..n-1, each a non-empty string. */
function labelsOf(root: string, id2label: unknown): string[] {
  if (!isObject(id2label) || Object.keys(id2label).length === 0) {
    throw new ClassifierError(
      root,
      'config.json id2label',
      id2label,
      'an object naming each output, e.g. {"0": "NEGATIVE", "1": "POSITIVE"}',
    );
  }
  const n = Object.keys(id2label).length;
  return Array.from({ length: n }, (_, i) => {
    const label = id2label[String(i)];
    if (typeof label !== 'string' || label === '') {
      throw new ClassifierError(root, `config.json id2label["${i}"]`, label, `a label for every output 0..${n - 1}`);
    }
    return label;
  });
}

/** The largest token id of tokenizer.json (model vocabulary and added tokens) must be an embedding row. */
function checkTokenizerFits(root: string, tokenizer: Record<string, unknown>, vocabSize: number | undefined): void {
  const model = tokenizer.model;
  if (!isObject(model) || typeof model.type !== 'string') {
    throw new ClassifierError(root, 'tokenizer.json model', model, 'a tokenizer model with a type (WordPiece, BPE or Unigram)');
  }
  if (!['WordPiece', 'BPE', 'Unigram'].includes(model.type)) {
    throw new ClassifierError(root, 'tokenizer.json model.type', model.type, 'WordPiece, BPE or Unigram');
  }
  const maxId = maxTokenId(model);
  const added = Array.isArray(tokenizer.added_tokens) ? tokenizer.added_tokens : [];
  const maxAdded = added.reduce((m: number, t: unknown) => (isObject(t) && typeof t.id === 'number' ? Math.max(m, t.id) : m), -1);
  const largest = Math.max(maxId, maxAdded);
  if (largest < 0) throw new ClassifierError(root, 'tokenizer.json model.vocab', model.vocab, 'a non-empty vocabulary');
  if (vocabSize !== undefined && largest >= vocabSize) {
    throw new ClassifierError(
      root,
      'tokenizer.json',
      largest,
      `a token id past the model's ${vocabSize} embedding rows (config.json vocab_size): the tokenizer is not this model's`,
    );
  }
}

function maxTokenId(model: Record<string, unknown>): number {
  const vocab = model.vocab;
  if (Array.isArray(vocab)) return vocab.length - 1; // Unigram: [[piece, score], ...], ids are positions
  if (!isObject(vocab)) return -1;
  let max = -1;
  for (const id of Object.values(vocab)) if (typeof id === 'number' && id > max) max = id;
  return max;
}
