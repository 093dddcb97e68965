/**
 * Derives the dom0 boot time from records that carry both a wall-clock stamp and the kernel's
 * uptime stamp (a syslog `kernel: [  501.840828] …` line): boot = wall − uptime. The median
 * resists the few lines logged across a clock step; a log spanning a reboot is split by boot.
 */

/** Two estimates further apart than this belong to different boots. */
const SAME_BOOT_MS = 60_000;

export class BootTimeEstimator {
  readonly #estimates: number[] = [];

  add(wallMs: number, uptimeSeconds: number): void {
    if (Number.isFinite(wallMs) && Number.isFinite(uptimeSeconds) && uptimeSeconds >= 0)
      this.#estimates.push(wallMs - uptimeSeconds * 1000);
  }

  get count(): number {
    return this.#estimates.length;
  }

  /** The boot time of the last boot seen (median of its estimates), or null. */
  estimate(): number | null {
    if (this.#estimates.length === 0) return null;
    const sorted = [...this.#estimates].sort((a, b) => a - b);
    // Group estimates into boots; the latest boot is the one whose uptime stamps are current.
    let groupStart = 0;
    for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > SAME_BOOT_MS) groupStart = i;
    const group = sorted.slice(groupStart);
    return Math.round(group[Math.floor(group.length / 2)]!);
  }
}
