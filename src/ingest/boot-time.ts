/**
 * Derives the dom0 boot time from records that carry both a wall-clock stamp and the kernel's
 * uptime stamp (a syslog `kernel: [  501.840828] …` line): boot = wall − uptime. The median
 * resists the few lines logged across a clock step; a log spanning a reboot is split by boot.
 *
 * Streaming: every kernel line of an import gives an estimate, so keeping each one made memory
 * grow with the input. The answer is the median rounded to a millisecond, and rounding keeps order,
 * so counting estimates per rounded millisecond finds the same one; each bucket also keeps its
 * least and greatest exact estimate, which is all the split between boots looks at (within a
 * bucket estimates are less than 1 ms apart). Memory grows with the spread of the estimates (a few
 * ms of logging jitter, plus clock drift), not with the number of lines.
 */

/** Two estimates further apart than this belong to different boots. */
const SAME_BOOT_MS = 60_000;

/** The estimates that round to one millisecond. */
interface Bucket {
  /** The rounded value every estimate of the bucket gives. */
  readonly rounded: number;
  count: number;
  min: number;
  max: number;
}

/**
 * The bucket key of an estimate: its rounded value, except that a Map holds −0 and 0 as one key,
 * and `Math.round` gives −0 for [−0.5, 0): those get −0.5, which no rounding gives and which sorts
 * between −1 and 0, so even that answer comes out as the exact median's would.
 */
function keyOf(rounded: number): number {
  return Object.is(rounded, -0) ? -0.5 : rounded;
}

export class BootTimeEstimator {
  readonly #buckets = new Map<number, Bucket>();
  #count = 0;

  add(wallMs: number, uptimeSeconds: number): void {
    if (!(Number.isFinite(wallMs) && Number.isFinite(uptimeSeconds) && uptimeSeconds >= 0)) return;
    const e = wallMs - uptimeSeconds * 1000;
    const rounded = Math.round(e);
    const key = keyOf(rounded);
    const b = this.#buckets.get(key);
    if (b === undefined) this.#buckets.set(key, { rounded, count: 1, min: e, max: e });
    else {
      b.count++;
      if (e < b.min) b.min = e;
      if (e > b.max) b.max = e;
    }
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  /** The boot time of the last boot seen (median of its estimates), or null. */
  estimate(): number | null {
    if (this.#count === 0) return null;
    const sorted = [...this.#buckets.keys()].sort((a, b) => a - b).map((k) => this.#buckets.get(k)!);
    // Group estimates into boots; the latest boot is the one whose uptime stamps are current. Two
    // neighbouring estimates in sorted order are the greatest of a bucket and the least of the next.
    let groupStart = 0;
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.min - sorted[i - 1]!.max > SAME_BOOT_MS) groupStart = i;
    let size = 0;
    for (let i = groupStart; i < sorted.length; i++) size += sorted[i]!.count;
    // The estimate at index ⌊size/2⌋ of the group, in sorted order.
    let rest = Math.floor(size / 2);
    for (let i = groupStart; i < sorted.length; i++) {
      const b = sorted[i]!;
      if (rest < b.count) return b.rounded;
      rest -= b.count;
    }
    return sorted[sorted.length - 1]!.rounded;
  }
}
