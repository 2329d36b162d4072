// LoRA (Hu et al., 2021): a frozen linear layer W gains a trainable low-rank update, y = x·W +
// (α/r)·(x·A)·B, with A in×r drawn as PEFT draws it (uniform in ±1/√in, Kaiming's with a = √5)
// and B r×out zero, so training starts from the base model exactly. The base with every adapter
// off is the reference policy, so no second copy of the weights is needed.
import { ModelInputError } from './model-errors.js';
import { createRng } from '../random/rng-xoshiro.js';
import type { DecoderArchitecture, LinearModule } from './decoder-architecture.js';

/** What the caller asks for. */
export interface LoraOptions {
  /** r, the rank of each update (≥ 1). */
  readonly rank: number;
  /** α; the update is scaled by α/r (default 2r). */
  readonly alpha?: number;
  /** Kinds of linear layer to adapt (e.g. `c_attn`; `q_proj`, `v_proj`); default: the architecture's (PEFT's defaults). */
  readonly targets?: readonly string[];
}

/** LoRA as resolved for one architecture. */
export interface LoraSettings {
  readonly rank: number;
  readonly alpha: number;
  readonly targets: readonly string[];
  /** α/r. */
  readonly scale: number;
}

/**
 * Checks LoRA options against an architecture and fills in the defaults.
 *
 * @example
 * const gpt2 = architectureFor({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 }, new Set(['wte.weight']), 'gpt2/config.json');
 * resolveLora({ rank: 8 }, gpt2); // { rank: 8, alpha: 16, targets: ['c_attn'], scale: 2 }
 * resolveLora({ rank: 8, targets: ['q_proj'] }, gpt2); // throws ModelInputError: must be among the gpt2 layer kinds
 */
export function resolveLora(options: LoraOptions, arch: DecoderArchitecture): LoraSettings {
  const { rank } = options;
  if (!Number.isSafeInteger(rank) || rank < 1) throw new ModelInputError('lora.rank', rank, 'must be an integer >= 1');
  const alpha = options.alpha ?? 2 * rank;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0)
    throw new ModelInputError('lora.alpha', alpha, 'must be a finite number > 0');
  const targets = options.targets ?? arch.defaultLoraKinds;
  if (!Array.isArray(targets) || targets.length === 0)
    throw new ModelInputError('lora.targets', targets, 'must name at least one layer kind');
  for (const t of targets) {
    if (!arch.loraKinds.includes(t)) {
      throw new ModelInputError('lora.targets', t, `must be among the ${arch.modelType} layer kinds ${arch.loraKinds.join(', ')}`);
    }
  }
  const smallest = Math.min(...arch.linears.filter((l) => targets.includes(l.kind)).map((l) => Math.min(l.inFeatures, l.outFeatures)));
  if (rank > smallest) throw new ModelInputError('lora.rank', rank, `must be at most ${smallest}, the smallest side of an adapted layer`);
  return { rank, alpha, targets: [...new Set(targets)], scale: alpha / rank };
}

/**
 * One line that identifies LoRA settings (recorded in the model's config, so a checkpoint resumes
 * only with the same adapters).
 *
 * @example
 * describeLora({ rank: 8, alpha: 16, targets: ['c_attn'], scale: 2 }); // 'r=8,alpha=16,targets=c_attn'
 */
export function describeLora(settings: LoraSettings | undefined): string {
  return settings === undefined ? 'none' : `r=${settings.rank},alpha=${settings.alpha},targets=${settings.targets.join('+')}`;
}

/**
 * The linear modules that LoRA settings adapt, in the architecture's order.
 *
 * @example
 * const gpt2 = architectureFor({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 }, new Set(['wte.weight']), 'gpt2/config.json');
 * const modules = adaptedModules(gpt2, resolveLora({ rank: 8 }, gpt2)); // c_attn, the default target
 * modules.length; // 12: one per layer
 * modules[0].path; // 'transformer.h.0.attn.c_attn'
 */
export function adaptedModules(arch: DecoderArchitecture, settings: LoraSettings): LinearModule[] {
  return arch.linears.filter((l) => settings.targets.includes(l.kind));
}

/**
 * Initial adapters: A uniform in ±1/√in from a seeded generator, B zero.
 *
 * @example
 * const gpt2 = architectureFor({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 }, new Set(['wte.weight']), 'gpt2/config.json');
 * const settings = resolveLora({ rank: 4 }, gpt2);
 * const [first] = initialAdapters(adaptedModules(gpt2, settings), settings.rank, 1);
 * first.a.length; // 3072: A is 768×4
 * first.b.every((v) => v === 0); // true: B starts at zero, so the adapted model starts as the base
 */
export function initialAdapters(modules: readonly LinearModule[], rank: number, seed: number): { a: Float32Array; b: Float32Array }[] {
  const rng = createRng(seed);
  return modules.map((m) => {
    const bound = 1 / Math.sqrt(m.inFeatures);
    const a = new Float32Array(m.inFeatures * rank).map(() => (2 * rng.nextFloat() - 1) * bound);
    return { a, b: new Float32Array(rank * m.outFeatures) };
  });
}
