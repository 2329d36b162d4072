// Decodes the embedded kernel's base64 text. Written here rather than calling `atob` because
// `atob` is a web API, not part of the JavaScript language, and the core runs on any runtime.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

/**
 * The bytes of standard base64 text (RFC 4648 alphabet, `=` padding optional, no whitespace).
 * Returns undefined when the text holds any other character or has an impossible length.
 */
export const decodeBase64 = (text: string): Uint8Array | undefined => {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* '=' */ && text.length - end < 2) end--;
  if (end % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? SEXTET[code] : -1;
    if (sextet < 0) return undefined;
    acc = ((acc << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (acc >> bits) & 0xff;
    }
  }
  return bytes;
};
