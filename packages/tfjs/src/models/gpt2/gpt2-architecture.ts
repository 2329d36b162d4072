// GPT-2 (transformers' GPT2LMHeadModel): learned token and position embeddings, pre-LN blocks of
// causal self-attention (fused query/key/value projection) and an MLP, a final layer norm, and
// the LM head tied to the token embedding. Linear weights are Conv1D, stored in×out. Checkpoints
// come with or without the `transformer.` prefix, and may carry the attention-mask buffers
// `attn.bias` / `attn.masked_bias`, which are not parameters (the mask is computed).
import * as tf from '@tensorflow/tfjs-core';
import { attentionCore, type KeyValueCache } from '../attention.js';
import { layerNorm } from '../transformer-layers.js';
import { configFields } from '../config-fields.js';
import type { DecoderArchitecture, DecoderTensor, LinearModule } from '../decoder-architecture.js';
import { activation } from '../decoder-layers.js';
import type { DecoderParameters } from '../decoder-parameters.js';

const PREFIX = 'transformer.';
const BUFFER = /^(transformer\.)?h\.\d+\.attn\.(masked_)?bias$/;

/**
 * GPT-2 bound to a config.json and the tensor names of its checkpoint (which decide the key layout).
 *
 * @example
 * const config = { vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 }; // gpt2's config.json, in part
 * // The key layout follows the checkpoint: with or without the `transformer.` prefix.
 * gpt2Architecture(config, new Set(['transformer.wte.weight']), 'gpt2/config.json').tensors[0].fileName; // 'transformer.wte.weight'
 * const arch = gpt2Architecture(config, new Set(['wte.weight']), 'gpt2/config.json');
 * arch.tensors[0]; // { name: 'wte.weight', fileName: 'wte.weight', fileShape: [50257, 768], transposed: false }
 * arch.fanInFanOut; // true: Conv1D stores its weights in×out
 */
export function gpt2Architecture(json: Record<string, unknown>, fileNames: ReadonlySet<string>, path: string): DecoderArchitecture {
  const f = configFields(json, path);
  const d = f.integer('n_embd', undefined, 'hidden_size');
  const nLayers = f.integer('n_layer', undefined, 'num_hidden_layers');
  const nHeads = f.integer('n_head', undefined, 'num_attention_heads');
  const vocab = f.integer('vocab_size');
  const positions = f.integer('n_positions', undefined, 'max_position_embeddings', 'n_ctx');
  const inner = f.raw('n_inner') === undefined ? 4 * d : f.integer('n_inner');
  const epsilon = f.positive('layer_norm_epsilon', 1e-5);
  const act = activation(f.raw('activation_function') ?? 'gelu_new', 'activation_function', path);
  if (d % nHeads !== 0) f.unsupported('n_head', `must divide n_embd = ${d}`);
  if (!f.boolean('scale_attn_weights', true)) f.unsupported('scale_attn_weights', 'must be true (unscaled attention is not supported)');
  if (f.boolean('scale_attn_by_inverse_layer_idx', false))
    f.unsupported('scale_attn_by_inverse_layer_idx', 'must be false (not supported)');
  if (f.boolean('add_cross_attention', false)) f.unsupported('add_cross_attention', 'must be false (a decoder-only model is needed)');
  const tied = f.boolean('tie_word_embeddings', true);
  const hasPrefix = [...fileNames].some((n) => n.startsWith(PREFIX));
  const filePrefix = hasPrefix ? PREFIX : '';

  const tensors: DecoderTensor[] = [];
  const add = (name: string, fileShape: number[], fileName = filePrefix + name): void => {
    tensors.push({ name, fileName, fileShape, transposed: false });
  };
  const linears: LinearModule[] = [];
  const addLinear = (module: string, kind: string, inFeatures: number, outFeatures: number): void => {
    add(`${module}.weight`, [inFeatures, outFeatures]);
    add(`${module}.bias`, [outFeatures]);
    linears.push({ path: PREFIX + module, kind, weight: `${module}.weight`, bias: `${module}.bias`, inFeatures, outFeatures });
  };
  add('wte.weight', [vocab, d]);
  add('wpe.weight', [positions, d]);
  for (let i = 0; i < nLayers; i++) {
    const h = `h.${i}`;
    add(`${h}.ln_1.weight`, [d]);
    add(`${h}.ln_1.bias`, [d]);
    addLinear(`${h}.attn.c_attn`, 'c_attn', d, 3 * d);
    addLinear(`${h}.attn.c_proj`, 'c_proj', d, d);
    add(`${h}.ln_2.weight`, [d]);
    add(`${h}.ln_2.bias`, [d]);
    addLinear(`${h}.mlp.c_fc`, 'c_fc', d, inner);
    addLinear(`${h}.mlp.c_proj`, 'c_proj', inner, d);
  }
  add('ln_f.weight', [d]);
  add('ln_f.bias', [d]);
  if (!tied) add('lm_head.weight', [vocab, d], 'lm_head.weight');
  const byPath = new Map(linears.map((l) => [l.path.slice(PREFIX.length), l]));
  const linear = (p: DecoderParameters, module: string, x: tf.Tensor2D, adapters: boolean): tf.Tensor2D =>
    p.linear(byPath.get(module)!, x, adapters);
  const headDim = d / nHeads;

  return {
    modelType: 'gpt2',
    sizes: { vocabSize: vocab, contextLength: positions, dModel: d, nHeads, nLayers, dMlp: inner },
    tensors,
    isBuffer: (name) => BUFFER.test(name),
    // A tied checkpoint may still store lm_head.weight, a copy of wte.
    aliasOf: (name) => (tied && name === 'lm_head.weight' ? 'wte.weight' : undefined),
    linears,
    headWeight: tied ? 'wte.weight' : 'lm_head.weight',
    loraKinds: ['c_attn', 'c_proj', 'c_fc'],
    defaultLoraKinds: ['c_attn'],
    fanInFanOut: true,
    trunk(p, tokens, past, withCache, adapters) {
      const [b, length] = tokens.shape;
      const pastLength = past && past.length > 0 ? past[0].keys.shape[2] : 0;
      const positionsUsed = tf.slice(p.get<tf.Rank.R2>('wpe.weight'), [pastLength, 0], [length, d]);
      let x = tf.add(p.embed('wte.weight', tokens), positionsUsed) as tf.Tensor3D;
      const cache: KeyValueCache[] = [];
      const heads = (t: tf.Tensor2D): tf.Tensor4D => tf.transpose(tf.reshape(t, [b, length, nHeads, headDim]), [0, 2, 1, 3]);
      for (let i = 0; i < nLayers; i++) {
        const h = `h.${i}`;
        const normed = tf.reshape(layerNorm(x, p.get(`${h}.ln_1.weight`), p.get(`${h}.ln_1.bias`), epsilon), [
          b * length,
          d,
        ]) as tf.Tensor2D;
        const qkv = linear(p, `${h}.attn.c_attn`, normed, adapters);
        const q = heads(tf.slice(qkv, [0, 0], [b * length, d]));
        let k = heads(tf.slice(qkv, [0, d], [b * length, d]));
        let v = heads(tf.slice(qkv, [0, 2 * d], [b * length, d]));
        if (past) {
          k = tf.concat([past[i].keys, k], 2);
          v = tf.concat([past[i].values, v], 2);
        }
        if (withCache) cache.push({ keys: k, values: v });
        const context = tf.reshape(tf.transpose(attentionCore(q, k, v, pastLength), [0, 2, 1, 3]), [b * length, d]) as tf.Tensor2D;
        x = tf.add(x, tf.reshape(linear(p, `${h}.attn.c_proj`, context, adapters), [b, length, d]));
        const normed2 = tf.reshape(layerNorm(x, p.get(`${h}.ln_2.weight`), p.get(`${h}.ln_2.bias`), epsilon), [
          b * length,
          d,
        ]) as tf.Tensor2D;
        const hiddenMlp = act(tf.reshape(linear(p, `${h}.mlp.c_fc`, normed2, adapters), [b, length, inner]));
        const out = linear(p, `${h}.mlp.c_proj`, tf.reshape(hiddenMlp, [b * length, inner]), adapters);
        x = tf.add(x, tf.reshape(out, [b, length, d]));
      }
      return { hidden: layerNorm(x, p.get('ln_f.weight'), p.get('ln_f.bias'), epsilon), cache };
    },
  };
}
