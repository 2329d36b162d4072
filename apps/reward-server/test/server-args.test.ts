import { describe, expect, it } from 'vitest';
import { parseServerArgs, ServerOptionError } from '../src/index.js';

describe('parseServerArgs', () => {
  it('reads every flag, with defaults for the rest', () => {
    const { options } = parseServerArgs(['--port', '0', '--sources', 'sentiment-afinn,length', '--predict-source', 'length', '--concurrency', '8', '--queue', '16', '--max-body-bytes', '2048']);
    expect(options.sources.map((s) => s.name)).toEqual(['sentiment-afinn', 'length']);
    expect(options).toMatchObject({ port: 0, host: '127.0.0.1', predictSource: 'length', concurrency: 8, queue: 16, maxBodyBytes: 2048 });
    const defaults = parseServerArgs([]).options;
    expect(defaults.sources.map((s) => s.name)).toEqual(['length', 'sentiment']);
    expect(defaults.port).toBe(8080);
  });

  it('names the flag and value it cannot use', () => {
    expect(() => parseServerArgs(['--port', 'eighty'])).toThrow(/--port = "eighty"/);
    expect(() => parseServerArgs(['--queue', '-1'])).toThrow(ServerOptionError);
    expect(() => parseServerArgs(['--sources', 'length,bleu'])).toThrow(/unknown source "bleu"/);
    expect(() => parseServerArgs(['--colour'])).toThrow(/colour/);
  });

  it('recognises --help', () => {
    expect(parseServerArgs(['--help']).help).toBe(true);
  });
});
