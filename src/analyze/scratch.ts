/**
 * Growable scratch arrays for the hot loops of scoring. A null run scores a few hundred windows ×
 * every metric of a host, and a fresh typed array per window and metric costs its allocation, its
 * zero-filling and its collection (hundreds of megabytes in all). Each `Scratch` belongs to one
 * function of one module instance (each worker thread has its own). That function does not call
 * itself, and hands its array out only where it says for how long it stays valid (`peerZBins`:
 * until its next call).
 */
export class Scratch {
  #values = new Float64Array(0);

  /** An array of at least `n` values; what it holds is left over from the last use. */
  atLeast(n: number): Float64Array {
    if (this.#values.length < n) this.#values = new Float64Array(Math.max(n, 2 * this.#values.length));
    return this.#values;
  }

  /** The first `n` values, as a view (for code that reads `.length`). */
  view(n: number): Float64Array {
    return this.atLeast(n).subarray(0, n);
  }
}
