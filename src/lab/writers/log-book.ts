/**
 * Log lines collected per output file with the time they were written, then put in time order
 * (stable for equal times) before they go to disk. Log volume is small next to the captures, so
 * it is held in memory; the captures stream.
 */

export interface LogLine {
  readonly t: number;
  readonly seq: number;
  readonly text: string;
}

export class LogBook {
  readonly #files = new Map<string, LogLine[]>();
  #seq = 0;

  add(file: string, t: number, text: string): void {
    let list = this.#files.get(file);
    if (!list) {
      list = [];
      this.#files.set(file, list);
    }
    list.push({ t, seq: this.#seq++, text });
  }

  files(): string[] {
    return [...this.#files.keys()].sort();
  }

  /** The file's lines in time order. */
  lines(file: string): string[] {
    const list = this.#files.get(file) ?? [];
    return list
      .slice()
      .sort((a, b) => a.t - b.t || a.seq - b.seq)
      .map((l) => l.text);
  }

  /** Removes and returns the lines written up to `t` (live mode appends them as time passes). */
  drainUntil(file: string, t: number): string[] {
    const list = this.#files.get(file);
    if (!list) return [];
    list.sort((a, b) => a.t - b.t || a.seq - b.seq);
    let n = 0;
    while (n < list.length && list[n]!.t <= t) n++;
    return list.splice(0, n).map((l) => l.text);
  }
}
