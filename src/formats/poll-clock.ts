/**
 * When each snapshot of a one-shot command run in a poll loop was taken (`xl list`, `xl uptime`):
 * a `date` line before it, or the harness uptime line plus one poll per snapshot after it, or
 * ctx.start + i × interval. The precedence lives in `placeSnapshot`; this keeps the counters.
 */
import type { ParseContext } from '../model/parser.js';
import type { Stamp } from '../model/records.js';
import { placeSnapshot } from './capture-annotations.js';

export class PollClock {
  readonly #ctx: ParseContext;
  #snapshot = 0;
  #uptime: number | null = null;
  #sinceUptime = 0;
  #pendingDate: number | null = null;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  /** A harness `# dom0 uptime: N` / `# uptime N` line. */
  uptime(seconds: number): void {
    this.#uptime = seconds;
    this.#sinceUptime = 0;
  }

  /** A harness `# $ command` line: a new capture, so an older uptime no longer applies. */
  command(): void {
    this.#uptime = null;
  }

  /** A `date` line: the next snapshot was taken then. */
  date(ts: number): void {
    this.#pendingDate = ts;
  }

  /** Opens the next snapshot and returns its stamp (tsSource `poll` for uptime-placed ones). */
  next(): Stamp {
    const stamp = placeSnapshot(
      {
        date: this.#pendingDate,
        uptime: this.#uptime,
        sinceUptime: this.#sinceUptime,
        intervalSeconds: null,
        index: this.#snapshot,
      },
      this.#ctx,
      'poll',
    );
    this.#pendingDate = null;
    this.#snapshot++;
    this.#sinceUptime++;
    return stamp;
  }
}
