// Chat templates: the Jinja program an instruction-tuned model ships (tokenizer_config.json's
// chat_template) that turns a list of messages into the text the model was trained on, rendered
// with @huggingface/jinja and the variables transformers passes (messages, add_generation_prompt,
// the special tokens' texts).
import { Template } from '@huggingface/jinja';
import { ModelInputError } from '../models/model-errors.js';

/** One message of a conversation. */
export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

/** Options of {@link renderChatTemplate}. */
export interface ChatTemplateOptions {
  /** End with the opening of the assistant's turn, so the model's reply follows (default true). */
  readonly addGenerationPrompt?: boolean;
  /** Texts of the special tokens (bos_token, eos_token, …), as the template sees them. */
  readonly specialTokens?: Readonly<Record<string, string>>;
}

/**
 * Renders `messages` with a chat template.
 *
 * @example
 * renderChatTemplate("{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}", [{ role: 'user', content: 'Hi' }]); // '<user>Hi'
 */
export function renderChatTemplate(template: string, messages: readonly ChatMessage[], options: ChatTemplateOptions = {}): string {
  let compiled: Template;
  try {
    compiled = new Template(template);
  } catch (e) {
    throw new ModelInputError('chat_template', template.slice(0, 60), `does not parse (${(e as Error).message.split('\n')[0]})`);
  }
  try {
    return compiled.render({
      ...(options.specialTokens ?? {}),
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      add_generation_prompt: options.addGenerationPrompt ?? true,
    });
  } catch (e) {
    throw new ModelInputError('chat_template', template.slice(0, 60), `failed to render (${(e as Error).message.split('\n')[0]})`);
  }
}
