/**
 * A small seeded PRNG (mulberry32) so that nulls and bootstraps give the same answer every run.
 * analyze/ may not import lab/, hence its own.
 */
export class Prng {
  #s: number;
  constructor(seed: number | string) {
    let h = 2166136261 >>> 0;
    for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    this.#s = h;
  }
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
