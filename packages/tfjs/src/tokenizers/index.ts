// Hugging Face tokenizers and chat templates.
export { HF_TOKENIZER_KIND, HfTokenizer } from './hf-tokenizer.js';
export type { HfTokenizerFiles, HfTokenizerJSON } from './hf-tokenizer.js';
export { HF_TOKENIZER_FILES, loadHfTokenizer, readJsonObject } from './hf-tokenizer-files.js';
export { renderChatTemplate } from './chat-template.js';
export type { ChatMessage, ChatTemplateOptions } from './chat-template.js';
