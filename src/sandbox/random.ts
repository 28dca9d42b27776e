/**
 * A small seeded PRNG (mulberry32) so identifiers, issued credentials and injected faults repeat
 * from run to run with the same seed. Not for anything security-relevant: the sandbox's secrets
 * only need to be unique and recognisable, never unguessable.
 */
export type Random = {
  next(): number;
  int(maxExclusive: number): number;
  chars(alphabet: string, length: number): string;
};

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    chars(alphabet, length) {
      let out = "";
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
  };
}

/** Access key ids use upper-case letters and digits 2–7 after the AKIA/ASIA prefix. */
export const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
export const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Derives an independent stream so that, e.g., turning faults on does not change issued keys. */
export function deriveSeed(seed: number, stream: string): number {
  let hash = seed >>> 0;
  for (let i = 0; i < stream.length; i++) hash = Math.imul(hash ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
