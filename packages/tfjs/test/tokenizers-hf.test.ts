// The Hugging Face tokenizer wrapper on the fixtures' tokenizers (byte-level BPE as GPT-2 and Qwen2
// write it, SentencePiece-style BPE with byte fallback as Llama writes it): token ids equal those of
// the independent encoder in fixtures/hf/make_fixtures.py, specials and EOS come from the model's
// files, decoding inverts encoding, and chat templates render as transformers renders them.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelInputError, tokenizerFromJSON, HfTokenizer, loadHfTokenizer } from '../src/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'hf');
const root = mkdtempSync(join(tmpdir(), 'pama-hf-tokenizer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Golden {
  readonly tokenizer: readonly { readonly text: string; readonly ids: readonly number[] }[];
}
const golden = (name: string): Golden => JSON.parse(readFileSync(join(FIXTURES, `${name}.golden.json`), 'utf8'));
const vocabOf = (name: string): Record<string, number> =>
  JSON.parse(readFileSync(join(FIXTURES, name, 'tokenizer.json'), 'utf8')).model.vocab;

const NAMES = ['gpt2-prefixed-f32', 'llama-tied-bf16', 'qwen2-gqa-f16'] as const;

describe('loadHfTokenizer on the fixtures', () => {
  for (const name of NAMES) {
    it(`${name}: token ids equal the independent encoder's, and decoding gives the text back`, async () => {
      const tokenizer = await loadHfTokenizer(join(FIXTURES, name));
      for (const { text, ids } of golden(name).tokenizer) {
        expect(tokenizer.encode(text), text).toEqual(ids);
        if (!text.includes('<|')) expect(tokenizer.decode(ids)).toBe(text);
      }
    });
  }

  it('GPT-2: EOS, BOS, padding and the unknown token are <|endoftext|> (as its tokenizer_config says), no prompt prefix', async () => {
    const tokenizer = await loadHfTokenizer(join(FIXTURES, 'gpt2-prefixed-f32'));
    expect(tokenizer.vocabSize).toBe(297);
    expect([tokenizer.eosId, tokenizer.bosId, tokenizer.padId]).toEqual([296, 296, 296]);
    expect(tokenizer.stopIds).toEqual([296]);
    expect(tokenizer.unkId).toBe(296);
    expect(tokenizer.promptPrefix).toEqual([]);
    expect(tokenizer.encodePrompt('Hello world')).toEqual(tokenizer.encode('Hello world'));
    expect(tokenizer.chatTemplate).toBeUndefined();
    expect(() => tokenizer.encodeChatPrompt('Hi')).toThrow(/chat_template: is not in tokenizer_config\.json/);
  });

  it('Llama: <s> starts every prompt, </s> ends, <unk> is known; the chat template brings its own <s> (not doubled)', async () => {
    const tokenizer = await loadHfTokenizer(join(FIXTURES, 'llama-tied-bf16'));
    const vocab = vocabOf('llama-tied-bf16');
    expect([tokenizer.bosId, tokenizer.eosId, tokenizer.unkId]).toEqual([vocab['<s>'], vocab['</s>'], vocab['<unk>']]);
    expect(tokenizer.padId).toBe(tokenizer.eosId);
    expect(tokenizer.promptPrefix).toEqual([vocab['<s>']]);
    expect(tokenizer.encodePrompt('Hello world')).toEqual([vocab['<s>'], ...tokenizer.encode('Hello world')]);
    expect(tokenizer.applyChatTemplate([{ role: 'user', content: 'Hi there' }])).toBe('<s>[INST] Hi there [/INST]');
    const chat = tokenizer.encodeChatPrompt('Hi there');
    expect(chat[0]).toBe(vocab['<s>']);
    expect(chat[1]).not.toBe(vocab['<s>']);
    // Characters outside the vocabulary fall back to their UTF-8 bytes.
    expect(tokenizer.encode('東').slice(-3)).toEqual([0xe6, 0x9d, 0xb1].map((b) => vocab[`<0x${b.toString(16).toUpperCase()}>`]));
  });

  it('Qwen2: <|im_end|> and <|endoftext|> both stop, padding is <|endoftext|>, ChatML renders as transformers does', async () => {
    const tokenizer = await loadHfTokenizer(join(FIXTURES, 'qwen2-gqa-f16'));
    const added = JSON.parse(readFileSync(join(FIXTURES, 'qwen2-gqa-f16', 'tokenizer.json'), 'utf8')).added_tokens as {
      id: number;
      content: string;
    }[];
    const id = (text: string) => added.find((t) => t.content === text)!.id;
    expect(tokenizer.eosId).toBe(id('<|im_end|>'));
    expect(tokenizer.stopIds).toEqual([id('<|im_end|>'), id('<|endoftext|>')]);
    expect(tokenizer.padId).toBe(id('<|endoftext|>'));
    expect(tokenizer.unkId).toBe(-1);
    expect(tokenizer.promptPrefix).toEqual([]);
    const text = tokenizer.applyChatTemplate([{ role: 'user', content: 'Write a haiku' }]);
    expect(text).toBe('<|im_start|>user\nWrite a haiku<|im_end|>\n<|im_start|>assistant\n');
    const ids = tokenizer.encodeChatPrompt('Write a haiku');
    expect(ids[0]).toBe(id('<|im_start|>'));
    expect(ids.filter((x) => x === id('<|im_end|>'))).toHaveLength(1);
    // The model's vocabulary has padding rows past the tokenizer's: decoding skips them and the specials.
    expect(tokenizer.decode([...tokenizer.encode('Hello'), id('<|im_end|>'), tokenizer.vocabSize + 2])).toBe('Hello');
  });

  it('for any text, decode(encode(text)) gives it back (Qwen2 after its NFC normalisation)', async () => {
    const tokenizers = await Promise.all(NAMES.map((n) => loadHfTokenizer(join(FIXTURES, n))));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(0, 1, 2), (text, k) => {
        fc.pre(!/<\/?s>|<\|/.test(text));
        const expected = NAMES[k].startsWith('qwen2') ? text.normalize('NFC') : text;
        expect(tokenizers[k].decode(tokenizers[k].encode(text))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('toJSON → tokenizerFromJSON rebuilds a tokenizer that encodes identically', async () => {
    for (const name of NAMES) {
      const tokenizer = await loadHfTokenizer(join(FIXTURES, name));
      const again = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
      expect(again).toBeInstanceOf(HfTokenizer);
      for (const { text } of golden(name).tokenizer) expect(again.encode(text)).toEqual(tokenizer.encode(text));
      expect(again.eosId).toBe(tokenizer.eosId);
    }
  });
});

describe('bad tokenizer files', () => {
  function copyOf(name: string): string {
    const dir = mkdtempSync(join(root, `${name}-`));
    cpSync(join(FIXTURES, name), dir, { recursive: true });
    return dir;
  }

  it('a directory without tokenizer.json is named', async () => {
    const dir = copyOf('gpt2-prefixed-f32');
    rmSync(join(dir, 'tokenizer.json'));
    await expect(loadHfTokenizer(dir)).rejects.toThrow(new RegExp(`^${dir}: tokenizer\\.json: is needed`));
  });

  it('an EOS token that is not in the vocabulary names the field and the token', async () => {
    const dir = copyOf('gpt2-prefixed-f32');
    const config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'));
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...config, eos_token: '<|nope|>' }));
    await expect(loadHfTokenizer(dir)).rejects.toThrow(/eos_token: is not a token of tokenizer\.json \(got "<\|nope\|>"\)/);
  });

  it('no EOS anywhere is an error that lists where it was looked for', async () => {
    const dir = copyOf('llama-tied-bf16');
    for (const f of ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json', 'config.json']) rmSync(join(dir, f));
    const error = await loadHfTokenizer(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelInputError);
    expect((error as Error).message).toMatch(/eos_token: is named by none of tokenizer_config\.json, special_tokens_map\.json/);
  });

  it('a tokenizer.json that is not JSON names the file', async () => {
    const dir = copyOf('qwen2-gqa-f16');
    writeFileSync(join(dir, 'tokenizer.json'), '{"model": ');
    await expect(loadHfTokenizer(dir)).rejects.toThrow(/tokenizer\.json: contents: must be JSON/);
  });
});
