// The usage text of `pama` and of each subcommand (`pama <command> --help`).

const BACKENDS = 'auto|tensorflow-gpu|webgpu|tensorflow|wasm|cpu';

/** Each subcommand's own usage: what it does, its synopsis and one line per flag. */
export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  align: `usage: pama align [options]

Pre-trains (or reuses the cached) model, or loads a Hugging Face model (--model DIR), aligns it with
each method and seed, evaluates before and after, and writes config.json, metrics.json, report.html
and runs/<method>-seed<k>/ (with the aligned model in policy/) to the out dir.

  --config FILE          a JSON config (keys and defaults: packages/experiment/src/config/align-config.ts)
  --methods LIST         comma-separated: pama, morlhf, gdpo, mgda-ub (default: the config's)
  --granularity G        token|sample|batch|gram|sample-mix: where PAMA weights the advantages (default sample)
  --noon on|off|default  clamp advantages to >= 0 before they meet (default: on for pama, mgda-ub)
  --kl-placement P       per-objective|combined|loss|default: where the KL penalty enters (default: loss
                         with --estimator group, per-objective with gae)
  --paper                the paper's PAMA: token granularity, Noon, per-objective KL with beta 0.2, GAE (other flags still apply)
  --estimator E          gae|group: per-objective GAE with value heads, or critic-free group-relative
                         (default group; docs/combiner-study.md)
  --group-size G         responses per prompt with --estimator group (default 4; must divide the batch)
  --group-scale S        group|batch|none: scale group-relative advantages by the group's std, the batch's, or not
  --seeds LIST           comma-separated seeds, e.g. 1,2,3
  --steps N              alignment steps per run
  --out DIR              out dir (default runs/<timestamp>)
  --quick                a small model and few steps: a smoke run in a minute or two (with --model:
                         2 steps of 4 responses of 8 tokens, 8 evaluation prompts)
  --model DIR            align a Hugging Face GPT-2, Llama or Qwen2 directory (model.path); each run's
                         policy/ is then in the source's layout (config.json, model.safetensors),
                         with value_heads.safetensors (not under --estimator group: no value heads)
                         and, under LoRA, the PEFT adapter in adapter/
  --lora-rank R          train rank-R adapters on the frozen model (model.lora.rank; 0 = every weight)
  --lora-alpha A         LoRA scale numerator, update = (A/R)·B·A (default 2R)
  --lora-targets LIST    modules to adapt (default: c_attn for GPT-2, q_proj,v_proj for Llama/Qwen2)
  --resume               continue the interrupted run in --out DIR; finished runs are reused
  --accept-changed-inputs  with --resume: continue although a lexicon, module or data file changed
  --backend B            ${BACKENDS} (default auto)
  --pama-targets S,L     PAMA targets for sentiment and length, each a score or none (e.g. none,1.5)
  --objectives LIST      built-in reward sources, e.g. sentiment,length (others: the config's objectives key)
  --jobs N               runs at a time, each in a worker process (default: the available cores)
  --shard K/N            run only the K-th of N slices of the method x seed runs
  --pretrained DIR       start every run from the model \`pama pretrain --out DIR\` wrote
  --verbose              also show native libraries' own messages (GPU driver warnings)
  -h, --help             show this text`,
  sweep: `usage: pama sweep [options]

Traces each method's Pareto front from one pre-trained model: MORLHF and preference-steered PAMA at
K preference vectors, PAMA and MGDA-UB once per seed; reports hypervolumes and the fronts.

  --config FILE          a JSON config (same keys as pama align)
  --weights K | "a,b;c,d" K preference vectors on a uniform simplex grid, or explicit vectors (default 5, 3 with --quick)
  --methods LIST         comma-separated: morlhf, pama-pref, pama, mgda-ub (default: all four)
  --seeds LIST           comma-separated seeds
  --steps N              alignment steps per run
  --jobs N               runs at a time (default: the available cores)
  --out DIR              out dir (default runs/sweep-<timestamp>)
  --resume               continue the interrupted sweep in --out DIR
  --accept-changed-inputs  with --resume: continue although a lexicon, module or data file changed
  --quick                the small --quick model and few steps
  --reference S,L        hypervolume reference point (default: the pre-trained model's test rewards)
  --backend B            ${BACKENDS} (default auto)
  --verbose              also show native libraries' own messages (GPU driver warnings)
  -h, --help             show this text`,
  pretrain: `usage: pama pretrain --out DIR [--config FILE] [--quick]

Pre-trains the model of a config into DIR (pretrain.json and the weights), for
\`pama align --pretrained DIR\` on many machines.

  --out DIR              where to write the pre-trained model (required)
  --config FILE          a JSON config (same keys as pama align)
  --quick                the small --quick model
  --verbose              also show native libraries' own messages (GPU driver warnings)
  -h, --help             show this text`,
  merge: `usage: pama merge SHARD_DIR... --out DIR

Merges the out dirs of \`pama align --shard K/N\` into the metrics.json and report.html of the whole
run matrix; refuses shards that do not belong together, naming what differs.

  --out DIR              where to write the merged metrics.json and report.html (required)
  -h, --help             show this text`,
  generate: `usage: pama generate --model DIR [--prompt TEXT | --prompts FILE] [options]

Samples continuations from a saved model (DIR: OUT/pretrained, OUT/runs/<run>/policy, or a
Hugging Face GPT-2, Llama or Qwen2 directory: config.json, safetensors, tokenizer.json).
No prompt samples from the start token alone.

  --model DIR            the model's directory (required)
  --prompt TEXT          one prompt
  --prompts FILE         one prompt per line, or a .jsonl file of {"prompt"} or {"text"} objects
  --n K                  samples per prompt (default 1)
  --temperature T        sampling temperature, 0 = greedy (default: the model's training setting, or
                         a Hugging Face model's generation_config.json: greedy unless do_sample)
  --top-k K              sample among the K likeliest tokens (default: as for --temperature)
  --seed S               sampling seed (default 1)
  --max-new-tokens N     tokens to generate (default: the model's training setting, or 32)
  --chat-template        format each prompt with the model's chat template (instruction-tuned models)
  --backend B            ${BACKENDS} (default auto)
  --json                 one object per prompt and line: {"prompt", "promptTokenIds", "responses":
                         [{"text", "tokenIds", "logprobs"}]}, logprobs[i] the natural-log
                         probability of tokenIds[i] given everything before it (before temperature)
  --verbose              also show native libraries' own messages (GPU driver warnings)
  -h, --help             show this text`,
  eval: `usage: pama eval --model DIR [--config FILE] [--quick] [--backend B] [--json]

Scores a saved model (as for generate: the project's format or a Hugging Face directory) on the
held-out prompts with its objectives and prints the objectives table.

  --model DIR            the saved model's directory (required)
  --config FILE          the config whose prompts and objectives to use
  --quick                the --quick config
  --backend B            ${BACKENDS} (default auto)
  --json                 print the result as JSON
  --verbose              also show native libraries' own messages (GPU driver warnings)
  -h, --help             show this text`,
  score: `usage: pama score [--config FILE] (--text TEXT... | --texts FILE) [--prompt TEXT] [--json]

Scores texts with the config's objectives exactly as training calls their reward sources, and
prints the raw scores (before any normalisation): a table, or one {"text", "scores": {objective:
score}} object per line with --json. A source that fails is one line naming the objective.

  --config FILE          a JSON config whose objectives to use (default: the built-in pair)
  --objectives LIST      built-in reward sources instead, e.g. sentiment,length
  --text TEXT            a response to score (repeatable)
  --texts FILE           responses to score: one per line, or a .jsonl file of {"text"} or {"response"} objects
  --prompt TEXT          the prompt every response answers (pair models read it; default empty)
  --json                 one JSON object per text
  -h, --help             show this text`,
  solve: `usage: pama solve [FILE.json]

Solves PAMA's weighting for JSON read from FILE (stdin when no file is given) and prints JSON:
a vector of per-objective advantages (or {"values": [...]}) gives PAMA's value and weights;
{"advantages": BxTxN, "mask"?, "ratios"?, "granularity"?, "clipEpsilon"?, "noon"?} gives the
Noon-PPO combine. Example: echo '[0.8, -0.2, 1.2]' | pama solve

  -h, --help             show this text`,
  report: `usage: pama report METRICS.json [--out report.html | --out DIR]

Renders the HTML report of a metrics.json written by pama align, sweep or merge.

  --out FILE|DIR         where to write it (a directory receives DIR/report.html; default: beside METRICS.json)
  -h, --help             show this text`,
  bench: `usage: pama bench [core|rewards|trainer|all] [options]

Runs the packages' benchmarks and prints their tables (all suites by default).

  --json                 one JSON object per suite instead of tables
  --d-model N            trainer only: the default model at this width
  --train-step-only      trainer only: just the isolated training minibatch step
  --backends LIST        trainer only: the backends to compare, e.g. webgpu,wasm,cpu
  --verbose              also show native libraries' own messages (GPU driver warnings)
  -h, --help             show this text`,
};

/** The top-level usage: one synopsis line per subcommand. */
export const USAGE = `usage:
  pama align [--config file.json] [--methods pama,morlhf,gdpo,mgda-ub] [--granularity token|sample|batch|gram|sample-mix]
             [--noon on|off|default] [--kl-placement per-objective|combined|loss|default]
             [--estimator gae|group] [--group-size G] [--group-scale group|batch|none] [--paper]
             [--seeds 1,2,3] [--steps N] [--out DIR] [--quick] [--resume]
             [--backend ${BACKENDS}]
             [--pama-targets SENTIMENT,LENGTH]   (each a score or none; e.g. none,1.5)
             [--objectives sentiment,length]    (built-in sources; others via the config's objectives key)
             [--jobs N] [--shard K/N] [--pretrained DIR]
             [--model HF_DIR [--lora-rank R] [--lora-alpha A] [--lora-targets LIST]]
  pama sweep [--config file.json] [--weights K | --weights "0.2,0.8;0.5,0.5"] [--methods morlhf,pama-pref,pama,mgda-ub]
             [--seeds 1,2,3] [--steps N] [--jobs N] [--out DIR] [--resume] [--quick] [--reference SENTIMENT,LENGTH]
             [--backend ${BACKENDS}]
  pama pretrain --out DIR [--config file.json] [--quick]
  pama merge SHARD_DIR... --out DIR
  pama generate --model DIR [--prompt TEXT | --prompts FILE] [--n K] [--temperature T] [--top-k K] [--seed S]
             [--max-new-tokens N] [--chat-template] [--backend B] [--json]
             (DIR: OUT/pretrained, OUT/runs/<run>/policy or a Hugging Face model directory)
  pama eval --model DIR [--config file.json] [--quick] [--backend B] [--json]
  pama score [--config file.json] (--text TEXT... | --texts FILE) [--prompt TEXT] [--json]
  pama solve [file.json]            (reads stdin when no file is given)
  pama report <metrics.json> [--out report.html | --out DIR]   (a directory receives DIR/report.html)
  pama bench [core|rewards|trainer|all] [--json] [--d-model N] [--train-step-only] [--backends webgpu,wasm,cpu]   (all but --json: trainer only)
  pama --version

pama <command> --help shows a command's options. --verbose (align, sweep, pretrain, generate, eval,
bench) also shows what native libraries print, such as the GPU driver's warnings, which are set aside
by default and shown only when pama fails. --max-file-size MB (any command; default 256, at most 512)
is the limit on every file pama reads (configs, prompts, lexicons, modules, metrics); devices and
FIFOs are refused.`;
