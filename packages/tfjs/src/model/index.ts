// Model, tokenizer, sampling, backends and pre-training. Filled in by the model modules.
export {};
