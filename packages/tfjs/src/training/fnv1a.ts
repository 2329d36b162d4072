// FNV-1a, 32 bits: a cheap fingerprint for corruption checks and settings, not a security hash.
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < bytes.length; k++) {
    h ^= bytes[k];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
