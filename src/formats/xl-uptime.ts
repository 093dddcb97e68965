/**
 * `xl uptime` (reference §2.9), long form (`Name ID Uptime` table) and short form (`-s`,
 * ` 12:04:02 up  5:02, db1 (8)`, minute resolution). Names are free text, so the long form is
 * read from the right: the uptime text, then the domid, then the name.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { diag, parseLines } from '../model/parser.js';
import type { DomainSeenRecord, ParseResult, Stamp } from '../model/records.js';
import { parseDateLine, readAnnotation } from './capture-annotations.js';
import { PollClock } from './poll-clock.js';

const HEADER_RE = /^Name\s+ID\s+Uptime\s*$/;
/** `D days, %2d:%02d:%02d`, `1 day, ...`, or `%2d:%02d:%02d`. */
const LONG_ROW_RE = /^(.*\S)\s+(\d+)\s+(?:(\d+) days?,\s+)?(\d+):(\d\d):(\d\d)\s*$/;
/** ` HH:MM:SS up <D days, >H:MM, <name> (<domid>)`. */
const SHORT_ROW_RE = /^\s*\d\d:\d\d:\d\d up\s+(?:(\d+) days?,\s+)?(\d+):(\d\d),\s+(.+) \((\d+)\)\s*$/;

class XlUptimeState implements LineParserState<DomainSeenRecord> {
  readonly #ctx: ParseContext;
  #inTable = false;
  #stamp: Stamp = { ts: null, tsSource: null };
  readonly #clock: PollClock;
  /** The short form has no header: each run of short lines is one snapshot. */
  #inShortRun = false;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new PollClock(ctx);
  }

  line(text: string, lineNo: number, out: ParseResult<DomainSeenRecord>[]): void {
    const ann = readAnnotation(text, this.#ctx);
    if (ann) {
      if (ann.kind === 'uptime') this.#clock.uptime(ann.seconds);
      else if (ann.kind === 'command') this.#clock.command();
      this.#inShortRun = false;
      return;
    }
    if (text.trim() === '') {
      this.#inShortRun = false;
      return;
    }
    const date = parseDateLine(text, this.#ctx.tz);
    if (date) {
      this.#clock.date(date.ts);
      this.#inShortRun = false;
      return;
    }
    if (HEADER_RE.test(text)) {
      this.#inTable = true;
      this.#inShortRun = false;
      this.#newSnapshot();
      return;
    }
    const short = SHORT_ROW_RE.exec(text);
    if (short) {
      if (!this.#inShortRun) {
        this.#inShortRun = true;
        this.#newSnapshot();
      }
      const [, days, h, m, name, domid] = short;
      this.#emit(
        out,
        name!,
        Number(domid),
        ((Number(days ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60,
        lineNo,
      );
      return;
    }
    const long = this.#inTable ? LONG_ROW_RE.exec(text) : null;
    if (long) {
      const [, name, domid, days, h, m, s] = long;
      const seconds = ((Number(days ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s);
      this.#emit(out, name!.trim(), Number(domid), seconds, lineNo);
      return;
    }
    out.push(
      diag(
        this.#ctx.file,
        lineNo,
        this.#inTable ? 'bad_field_count' : 'unknown_line',
        this.#inTable
          ? 'expected Name ID Uptime, the uptime as [D days, ]H:MM:SS'
          : 'not xl uptime output: expected the Name ID Uptime header or " HH:MM:SS up ..., name (domid)"',
      ),
    );
  }

  end(): void {}

  #newSnapshot(): void {
    this.#stamp = this.#clock.next();
  }

  #emit(
    out: ParseResult<DomainSeenRecord>[],
    name: string,
    domid: number,
    seconds: number,
    line: number,
  ): void {
    out.push({
      ok: true,
      record: { type: 'domain', ...this.#stamp, domid, name, uptimeSeconds: seconds, line },
    });
  }
}

function open(ctx: ParseContext): LineParserState<DomainSeenRecord> {
  return new XlUptimeState(ctx);
}

export const xlUptimeFormat: LineFormat<DomainSeenRecord> = {
  id: 'xl-uptime',
  summary: 'xl uptime (long and -s forms): each domain with its domid and uptime',
  sniff(head) {
    let header = false;
    let rows = 0;
    let other = 0;
    for (const line of head) {
      if (line.startsWith('#') || line.trim() === '') continue;
      if (HEADER_RE.test(line)) header = true;
      else if (SHORT_ROW_RE.test(line) || (header && LONG_ROW_RE.test(line))) rows++;
      else other++;
    }
    if (!header && rows === 0) return 0;
    const share = (rows + (header ? 1 : 0)) / (rows + other + (header ? 1 : 0));
    return Math.min(1, (header ? 0.6 : 0.5) + 0.35 * share);
  },
  matchLine(line) {
    return HEADER_RE.test(line) || SHORT_ROW_RE.test(line);
  },
  open,
  parse: parseLines(open),
};
