/**
 * Where one snapshot of a counter dump ends and the next begins, and when each was taken.
 *
 * `/proc/diskstats`, `/proc/net/dev`, sysfs dumps and iostat reports carry no time of their own.
 * Captures run them in loops, so one file holds several snapshots: a `date` line, a harness
 * `# dom0 uptime: N` line or a repeated header (or device) starts the next one. The first data row
 * after such a marker opens the snapshot and fixes its stamp (capture-annotations.ts decides the
 * precedence: date line, then ctx.start + i × interval, then boot + uptime).
 */
import type { ParseContext } from '../model/parser.js';
import type { Stamp } from '../model/records.js';
import { parseDateLine, placeSnapshot, readAnnotation } from './capture-annotations.js';

/** What a non-data line was: nothing to parse, or a marker that places the next snapshot. */
export type MarkerKind = 'blank' | 'comment' | 'date' | 'uptime';

export class SnapshotSequence {
  readonly #ctx: ParseContext;
  #open = false;
  #index = -1;
  #date: number | null = null;
  #uptime: number | null = null;
  /** Index of the first snapshot after the last uptime line: later ones are `interval` apart. */
  #uptimeAnchor = 0;
  #stamp: Stamp = { ts: null, tsSource: null };

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  /** Index (0-based) of the current or last snapshot; -1 before the first data row. */
  get index(): number {
    return this.#index;
  }

  /** True between a snapshot's first data row and the marker or boundary that closes it. */
  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Consumes a line that is not data: blank, `#` comment, harness uptime or `date` line. Returns
   * null for anything else. `date` and `uptime` close the open snapshot (call `isOpen` first if
   * something must be flushed).
   */
  marker(text: string): MarkerKind | null {
    if (text.trim() === '') return 'blank';
    const note = readAnnotation(text, this.#ctx);
    if (note?.kind === 'uptime') {
      this.boundary();
      this.#uptime = note.seconds;
      this.#uptimeAnchor = this.#index + 1;
      return 'uptime';
    }
    // `# $ cmd`, `# rc=N` and free comments say nothing about the numbers.
    if (note !== null || text.startsWith('#')) return 'comment';
    const date = parseDateLine(text, this.#ctx.tz);
    if (date !== null) {
      this.placeNext(date.ts);
      return 'date';
    }
    return null;
  }

  /** The next snapshot was taken at `ts` (a `date` line, iostat's `-t` stamp): closes the open one. */
  placeNext(ts: number): void {
    this.boundary();
    this.#date = ts;
  }

  /** Would `marker(text)` close the open snapshot? Lets a parser flush what it buffered first. */
  closes(text: string): boolean {
    if (!this.#open || text.trim() === '') return false;
    const note = readAnnotation(text, this.#ctx);
    if (note !== null) return note.kind === 'uptime';
    return !text.startsWith('#') && parseDateLine(text, this.#ctx.tz) !== null;
  }

  /** A boundary without a time of its own (a repeated header or device): closes the open snapshot. */
  boundary(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#date = null;
  }

  /** The stamp of the current snapshot; the first data row after a boundary opens the next one. */
  stamp(): Stamp {
    if (!this.#open) {
      this.#open = true;
      this.#index++;
      this.#stamp = placeSnapshot(
        {
          date: this.#date,
          uptime: this.#uptime,
          sinceUptime: this.#index - this.#uptimeAnchor,
          intervalSeconds: this.#ctx.intervalSeconds ?? null,
          index: this.#index,
        },
        this.#ctx,
        'boot+uptime',
      );
    }
    return this.#stamp;
  }
}

/** Tracks names seen in the open snapshot: a repeat means a capture loop began the next one. */
export class RepeatDetector {
  readonly #seq: SnapshotSequence;
  readonly #seen = new Set<string>();
  #index = -1;

  constructor(seq: SnapshotSequence) {
    this.#seq = seq;
  }

  /** Would `name` repeat within the open snapshot? */
  repeats(name: string): boolean {
    return this.#seq.isOpen && this.#seq.index === this.#index && this.#seen.has(name);
  }

  /** Records `name` in the snapshot that is open now (call after `stamp()`). */
  add(name: string): void {
    if (this.#seq.index !== this.#index) {
      this.#seen.clear();
      this.#index = this.#seq.index;
    }
    this.#seen.add(name);
  }
}
