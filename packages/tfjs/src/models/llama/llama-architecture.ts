// Llama (transformers' LlamaForCausalLM) and Qwen2 (Qwen2ForCausalLM, the same with biases on the
// query, key and value projections): token embedding, pre-norm blocks of RMSNorm, self-attention
// with rotary position embeddings (rotate-half layout, base rope_theta) and grouped-query heads
// (num_key_value_heads), RMSNorm, a SwiGLU MLP (down(silu(gate(x))·up(x))), a final RMSNorm, and an
// LM head that is its own weight or tied to the embedding. Linear weights are stored out×in and kept
// in×out. The key/value cache holds the rotated keys of the Hkv heads, before repetition.
import * as tf from '@tensorflow/tfjs-core';
import { attentionCore, type KeyValueCache } from '../attention.js';
import { configFields } from '../config-fields.js';
import type { DecoderArchitecture, DecoderTensor, LinearModule } from '../decoder-architecture.js';
import { activation, applyRotary, repeatKeyValueHeads, rmsNorm, rotaryTables } from '../decoder-layers.js';

const BUFFER = /^model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq$/;

/**
 * Llama or Qwen2 (by config.json's model_type) bound to a config.json.
 *
 * @example
 * const config = { model_type: 'llama', vocab_size: 49152, hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, max_position_embeddings: 8192, tie_word_embeddings: true };
 * const arch = llamaArchitecture(config, 'SmolLM2-135M/config.json'); // SmolLM2-135M's config.json, in part
 * arch.sizes.nLayers; // 30
 * arch.headWeight; // 'model.embed_tokens.weight'
 * arch.defaultLoraKinds; // ['q_proj', 'v_proj']
 */
export function llamaArchitecture(json: Record<string, unknown>, path: string): DecoderArchitecture {
  const f = configFields(json, path);
  const qwen2 = json.model_type === 'qwen2';
  const d = f.integer('hidden_size');
  const nLayers = f.integer('num_hidden_layers');
  const nHeads = f.integer('num_attention_heads');
  const nKv = f.raw('num_key_value_heads') === undefined ? nHeads : f.integer('num_key_value_heads');
  const headDim = f.raw('head_dim') === undefined ? d / nHeads : f.integer('head_dim');
  const inner = f.integer('intermediate_size');
  const vocab = f.integer('vocab_size');
  const positions = f.integer('max_position_embeddings');
  const epsilon = f.positive('rms_norm_eps', 1e-6);
  const theta = f.positive('rope_theta', 10000);
  const act = activation(f.raw('hidden_act') ?? 'silu', 'hidden_act', path);
  if (!Number.isInteger(headDim) || headDim % 2 !== 0)
    f.unsupported('num_attention_heads', `must give an even head size (hidden_size ${d} / heads)`);
  if (nHeads % nKv !== 0) f.unsupported('num_key_value_heads', `must divide num_attention_heads = ${nHeads}`);
  if (f.raw('rope_scaling') !== undefined) f.unsupported('rope_scaling', 'must be null (scaled rotary embeddings are not supported)');
  if (qwen2 && f.boolean('use_sliding_window', false))
    f.unsupported('use_sliding_window', 'must be false (sliding-window attention is not supported)');
  const tied = f.boolean('tie_word_embeddings', false);
  const qkvBias = qwen2 || f.boolean('attention_bias', false);
  const outBias = !qwen2 && f.boolean('attention_bias', false);
  const mlpBias = !qwen2 && f.boolean('mlp_bias', false);

  const tensors: DecoderTensor[] = [];
  const add = (name: string, fileShape: number[], transposed = false): void => {
    tensors.push({ name, fileName: name, fileShape, transposed });
  };
  const linears: LinearModule[] = [];
  const byPath = new Map<string, LinearModule>();
  const addLinear = (path: string, kind: string, inFeatures: number, outFeatures: number, bias: boolean): void => {
    add(`${path}.weight`, [outFeatures, inFeatures], true);
    if (bias) add(`${path}.bias`, [outFeatures]);
    const module = { path, kind, weight: `${path}.weight`, ...(bias ? { bias: `${path}.bias` } : {}), inFeatures, outFeatures };
    linears.push(module);
    byPath.set(path, module);
  };
  add('model.embed_tokens.weight', [vocab, d]);
  for (let i = 0; i < nLayers; i++) {
    const l = `model.layers.${i}`;
    add(`${l}.input_layernorm.weight`, [d]);
    addLinear(`${l}.self_attn.q_proj`, 'q_proj', d, nHeads * headDim, qkvBias);
    addLinear(`${l}.self_attn.k_proj`, 'k_proj', d, nKv * headDim, qkvBias);
    addLinear(`${l}.self_attn.v_proj`, 'v_proj', d, nKv * headDim, qkvBias);
    addLinear(`${l}.self_attn.o_proj`, 'o_proj', nHeads * headDim, d, outBias);
    add(`${l}.post_attention_layernorm.weight`, [d]);
    addLinear(`${l}.mlp.gate_proj`, 'gate_proj', d, inner, mlpBias);
    addLinear(`${l}.mlp.up_proj`, 'up_proj', d, inner, mlpBias);
    addLinear(`${l}.mlp.down_proj`, 'down_proj', inner, d, mlpBias);
  }
  add('model.norm.weight', [d]);
  if (!tied) add('lm_head.weight', [vocab, d]);
  const groups = nHeads / nKv;

  return {
    modelType: qwen2 ? 'qwen2' : 'llama',
    sizes: { vocabSize: vocab, contextLength: positions, dModel: d, nHeads, nLayers, dMlp: inner },
    tensors,
    isBuffer: (name) => BUFFER.test(name),
    aliasOf: (name) => (tied && name === 'lm_head.weight' ? 'model.embed_tokens.weight' : undefined),
    linears,
    headWeight: tied ? 'model.embed_tokens.weight' : 'lm_head.weight',
    loraKinds: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
    defaultLoraKinds: ['q_proj', 'v_proj'],
    fanInFanOut: false,
    trunk(p, tokens, past, withCache, adapters) {
      const [b, length] = tokens.shape;
      const rows = b * length;
      const pastLength = past && past.length > 0 ? past[0].keys.shape[2] : 0;
      const { cos, sin } = rotaryTables(pastLength, length, headDim, theta);
      const linear = (path: string, x: tf.Tensor2D): tf.Tensor2D => p.linear(byPath.get(path)!, x, adapters);
      const heads = (t: tf.Tensor2D, n: number): tf.Tensor4D => tf.transpose(tf.reshape(t, [b, length, n, headDim]), [0, 2, 1, 3]);
      let x = p.embed('model.embed_tokens.weight', tokens);
      const cache: KeyValueCache[] = [];
      for (let i = 0; i < nLayers; i++) {
        const l = `model.layers.${i}`;
        const normed = tf.reshape(rmsNorm(x, p.get(`${l}.input_layernorm.weight`), epsilon), [rows, d]) as tf.Tensor2D;
        const q = applyRotary(heads(linear(`${l}.self_attn.q_proj`, normed), nHeads), cos, sin);
        let k = applyRotary(heads(linear(`${l}.self_attn.k_proj`, normed), nKv), cos, sin);
        let v = heads(linear(`${l}.self_attn.v_proj`, normed), nKv);
        if (past) {
          k = tf.concat([past[i].keys, k], 2);
          v = tf.concat([past[i].values, v], 2);
        }
        if (withCache) cache.push({ keys: k, values: v });
        const context = attentionCore(q, repeatKeyValueHeads(k, groups), repeatKeyValueHeads(v, groups), pastLength);
        const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [rows, nHeads * headDim]) as tf.Tensor2D;
        x = tf.add(x, tf.reshape(linear(`${l}.self_attn.o_proj`, merged), [b, length, d])) as tf.Tensor3D;
        const normed2 = tf.reshape(rmsNorm(x, p.get(`${l}.post_attention_layernorm.weight`), epsilon), [rows, d]) as tf.Tensor2D;
        const gate = act(tf.reshape(linear(`${l}.mlp.gate_proj`, normed2), [b, length, inner]));
        const up = tf.reshape(linear(`${l}.mlp.up_proj`, normed2), [b, length, inner]);
        const down = linear(`${l}.mlp.down_proj`, tf.reshape(tf.mul(gate, up), [rows, inner]) as tf.Tensor2D);
        x = tf.add(x, tf.reshape(down, [b, length, d])) as tf.Tensor3D;
      }
      return { hidden: rmsNorm(x, p.get('model.norm.weight'), epsilon), cache };
    },
  };
}
