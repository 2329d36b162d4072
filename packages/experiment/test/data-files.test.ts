import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWordTokenizer } from 'pama-tfjs';
import { readTextRecords } from '../src/data/text-records.js';
import { loadTextCorpus } from '../src/data/text-corpus.js';
import { promptsFromFile } from '../src/data/prompt-file.js';
import { alignConfigFromFlags } from '../src/config/resolve-align-config.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, contents: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

describe('text and JSONL files', () => {
  it('for any texts, a .jsonl file of {"text"} lines and a .txt file of lines read back as those texts with their line numbers (property)', () => {
    const text = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => s.trim() !== '' && !/[\r\n\u2028\u2029]/.test(s) && s.trim() === s && !s.startsWith('\uFEFF'));
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constant('')), { minLength: 1, maxLength: 12 }), (lines) => {
        fc.pre(lines.some((l) => l !== ''));
        const expected = lines.flatMap((t, i) => (t === '' ? [] : [{ text: t, line: i + 1 }]));
        const jsonl = file('p.jsonl', lines.map((t) => (t === '' ? '' : JSON.stringify({ text: t }))).join('\n'));
        expect(readTextRecords(jsonl, 'data.prompts')).toEqual(expected);
        const txt = file('p.txt', lines.join('\r\n'));
        expect(readTextRecords(txt, 'data.prompts')).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('a missing, empty or directory path is one line naming the file', () => {
    expect(() => readTextRecords(join(dir, 'absent.txt'), 'data.corpus')).toThrow(/^data\.corpus file .*absent\.txt: no such file$/);
    expect(() => readTextRecords(file('empty.jsonl', '\n  \n'), 'data.prompts')).toThrow(
      /^data\.prompts file .*empty\.jsonl: empty \(no records\)$/,
    );
    mkdirSync(join(dir, 'folder.txt'), { recursive: true });
    expect(() => readTextRecords(join(dir, 'folder.txt'), 'data.corpus')).toThrow(/folder\.txt: is a directory/);
  });

  it('invalid UTF-8 names the line holding it', () => {
    const bytes = Buffer.concat([Buffer.from('fine line\nsecond\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(' here\nafter\n')]);
    expect(() => readTextRecords(file('latin.txt', bytes), 'data.corpus')).toThrow(/^data\.corpus file .*latin\.txt:3: not UTF-8 text$/);
  });

  it('a JSONL line that does not parse, or has no string "text", names its line', () => {
    expect(() => readTextRecords(file('broken.jsonl', '{"text": "a"}\n\n{"text": "b"\n'), 'data.corpus')).toThrow(
      /^data\.corpus file .*broken\.jsonl:3: not a JSON line/,
    );
    expect(() => readTextRecords(file('shape.jsonl', '{"text": "a"}\n{"txt": "b"}\n'), 'data.corpus')).toThrow(
      /shape\.jsonl:2: expected an object with a string "text" \(got \{ txt: "b" \}\)/,
    );
    expect(readTextRecords(file('prompt-key.jsonl', '{"prompt": "tell me"}\n'), 'data.prompts', ['text', 'prompt'])).toEqual([
      { text: 'tell me', line: 1 },
    ]);
  });
});

describe('corpus and prompt files', () => {
  it('a text corpus is split into sentences of the configured length, lower-cased, with a hash that follows the content', () => {
    const path = file(
      'corpus.txt',
      'The Cat sat on the mat. It was happy!\nToo short.\nA dog ran to the park and barked at the birds there.\n',
    );
    const corpus = loadTextCorpus(path, { minSentenceWords: 4, maxSentenceWords: 10 });
    expect(corpus.sentences).toEqual([
      ['the', 'cat', 'sat', 'on', 'the', 'mat', '.'],
      ['it', 'was', 'happy', '!'],
    ]);
    expect(corpus.files).toEqual([path]);
    const other = loadTextCorpus(file('corpus2.txt', 'The Cat sat on the mat. It was sad!\n'), {
      minSentenceWords: 4,
      maxSentenceWords: 10,
    });
    expect(other.hash).not.toBe(corpus.hash);
    expect(() => loadTextCorpus(file('tiny.txt', 'Hi.\n'), { minSentenceWords: 4, maxSentenceWords: 10 })).toThrow(
      /tiny\.txt: no sentence of 4\.\.10 words/,
    );
  });

  it('prompts are cut to prompts.words tokens after BOS; a shorter prompt names its line', () => {
    const tokenizer = buildWordTokenizer(['the cat sat on the mat', 'a dog ran'], { maxVocab: 32 });
    const prompts = promptsFromFile(file('prompts.txt', 'the cat sat on\na dog ran far away\n'), tokenizer, 3, 'data.prompts');
    expect(prompts.texts).toEqual(['the cat sat', 'a dog ran']);
    expect(prompts.tokens.every((t) => t.length === 4 && t[0] === tokenizer.bosId)).toBe(true);
    expect(() => promptsFromFile(file('short.txt', 'the cat sat\nthe cat\n'), tokenizer, 3, 'data.testPrompts')).toThrow(
      /^data\.testPrompts file .*short\.txt:2: the prompt has 2 tokens, fewer than prompts\.words = 3/,
    );
  });

  it('data paths in a config file resolve against the config file; "brown" stays the bundled corpus', () => {
    mkdirSync(join(dir, 'conf'), { recursive: true });
    const config = file('conf/c.json', JSON.stringify({ data: { corpus: 'texts/c.jsonl', testPrompts: '../t.txt' } }));
    const resolved = alignConfigFromFlags({ config });
    expect(resolved.data).toEqual({ corpus: join(dir, 'conf', 'texts', 'c.jsonl'), prompts: null, testPrompts: join(dir, 't.txt') });
    expect(alignConfigFromFlags({ config: file('conf/b.json', JSON.stringify({ data: { corpus: 'brown' } })) }).data.corpus).toBe('brown');
    expect(() => alignConfigFromFlags({ config: file('conf/bad.json', JSON.stringify({ data: { corpus: '' } })) })).toThrow(
      /data\.corpus: a string of at least 1 characters \(got ""\)/,
    );
  });
});
