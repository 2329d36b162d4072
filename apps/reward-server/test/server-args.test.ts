import { describe, expect, it } from 'vitest';
import { parseServerArgs, ServerOptionError } from '../src/index.js';

describe('parseServerArgs', () => {
  it('reads every flag, with defaults for the rest', () => {
    const { options } = parseServerArgs([
      '--port',
      '0',
      '--sources',
      'sentiment-afinn,length',
      '--predict-source',
      'length',
      '--concurrency',
      '8',
      '--queue',
      '16',
      '--max-body-bytes',
      '2048',
    ]);
    expect(options.sources.map((s) => s.name)).toEqual(['sentiment-afinn', 'length']);
    expect(options).toMatchObject({ port: 0, host: '127.0.0.1', predictSource: 'length', concurrency: 8, queue: 16, maxBodyBytes: 2048 });
    const defaults = parseServerArgs([]).options;
    expect(defaults.sources.map((s) => s.name)).toEqual(['length', 'sentiment']);
    expect(defaults.port).toBe(8080);
  });

  it('names the flag and value it cannot use', () => {
    expect(() => parseServerArgs(['--port', 'eighty'])).toThrow(/--port: .*\(got "eighty"\)/);
    expect(() => parseServerArgs(['--queue', '-1'])).toThrow(ServerOptionError);
    expect(() => parseServerArgs(['--sources', 'length,bleu'])).toThrow(/unknown source "bleu"/);
    expect(() => parseServerArgs(['--colour'])).toThrow(/colour/);
  });

  it('finds out-of-range values before the server starts, naming the flag rather than the option', () => {
    expect(() => parseServerArgs(['--port', '99999'])).toThrow(/--port: must be an integer in \[0, 65535\] \(got 99999\)/);
    expect(() => parseServerArgs(['--concurrency', '0'])).toThrow(/--concurrency: .*\(got 0\)/);
    expect(() => parseServerArgs(['--max-body-bytes', '0'])).toThrow(/--max-body-bytes: .*\(got 0\)/);
    expect(() => parseServerArgs(['--max-item-chars', '0'])).toThrow(/--max-item-chars: .*\(got 0\)/);
    expect(() => parseServerArgs(['--sources', 'length', '--predict-source', 'nope'])).toThrow(
      /--predict-source: not among \["length"\] \(got "nope"\)/,
    );
    expect(parseServerArgs(['--max-item-chars', '100']).options.maxItemChars).toBe(100);
  });

  it('recognises --help', () => {
    expect(parseServerArgs(['--help']).help).toBe(true);
  });
});
