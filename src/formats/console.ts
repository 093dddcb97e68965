/**
 * xenconsoled logs (reference §5.1, §5.6): `console/guest-<name>.log` (a guest's PV console byte
 * stream; source `console`, domain from the file name) and `console/hypervisor.log` (the Xen ring,
 * source `hypervisor`). With `--timestamp` every line starts with `[YYYY-MM-DD HH:MM:SS] ` in dom0
 * local time; without it lines carry no time.
 *
 * Guest output is attacker-controlled: it is kept as data, with escape sequences and control
 * characters removed and nothing in it interpreted. In particular a guest can print text that
 * looks like a xenconsoled stamp: in a file that starts without stamps, stamp-like text is only
 * trusted after a stamped `Logfile Opened` line, which xenconsoled writes whenever it (re)opens
 * the file in timestamp mode. The guest kernel's own `[ 12.345]`
 * uptime stays in the message: it counts from the guest's boot, not dom0's.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { ParsedRecord, ParseResult } from '../model/records.js';
import type { EventSource } from '../model/vocabulary.js';
import {
  baseName,
  bootPlus,
  cleanText,
  digits,
  hmsAt,
  LocalClock,
  logRecord,
  ok,
  shareScore,
} from './log-lines.js';
import { xenConsoleLineAt } from './xl-dmesg.js';

const LOGFILE_OPENED = 'Logfile Opened';

/** What the file name says: `guest-<name>.log[.N]` / `-vuart0` → that domain; `hypervisor.log` → Xen. */
export function consoleFileRole(file: string): { source: EventSource; domain: string | undefined } {
  const base = baseName(file);
  const m = /^guest-(.+?)(?:-vuart\d+)?\.log(?:\.\d+)?$/.exec(base);
  if (m) return { source: 'console', domain: m[1] };
  if (/^hypervisor\.log(?:\.\d+)?$/.test(base)) return { source: 'hypervisor', domain: undefined };
  return { source: 'console', domain: undefined };
}

/** `[YYYY-MM-DD HH:MM:SS] ` at the start: [y, mo, d, h, mi, s] or null. */
function consoleStamp(s: string): [number, number, number, number, number, number] | null {
  if (s.charCodeAt(0) !== 0x5b || s.charCodeAt(20) !== 0x5d) return null;
  const y = digits(s, 1, 4);
  const mo = digits(s, 6, 2);
  const d = digits(s, 9, 2);
  const hms = hmsAt(s, 12);
  if (y < 0 || mo < 0 || d < 0 || !hms || s.charCodeAt(5) !== 0x2d || s.charCodeAt(8) !== 0x2d) return null;
  if (s.charCodeAt(11) !== 0x20 || (s.length > 21 && s.charCodeAt(21) !== 0x20)) return null;
  return [y, mo, d, hms[0], hms[1], hms[2]];
}

export const consoleFormat: LineFormat = {
  id: 'console',
  summary: 'xenconsoled guest and hypervisor console logs, with or without --timestamp',
  sniff(head) {
    let total = 0;
    let stamped = 0;
    let opened = false;
    for (const raw of head) {
      const s = cleanText(raw);
      if (s.trim() === '') continue;
      total++;
      if (consoleStamp(s)) {
        stamped++;
        if (s.slice(22) === LOGFILE_OPENED) opened = true;
      }
    }
    if (stamped === 0) return 0;
    return opened ? Math.max(0.9, shareScore(stamped, total, 0.98)) : shareScore(stamped, total, 0.9);
  },
  matchLine(line) {
    return consoleStamp(line) !== null;
  },
  open(ctx) {
    return new ConsoleState(ctx);
  },
  parse: parseLines((ctx) => new ConsoleState(ctx)),
};

class ConsoleState implements LineParserState {
  readonly #ctx: ParseContext;
  readonly #clock: LocalClock;
  readonly #source: EventSource;
  readonly #domain: string | undefined;
  /** null until the first line decides; then whether stamps are xenconsoled's. */
  #stamped: boolean | null = null;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new LocalClock(ctx.tz);
    const role = consoleFileRole(ctx.file);
    this.#source = role.source;
    this.#domain = role.domain;
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    if (text === '' || text === '\r') return;
    const stamp = consoleStamp(text);
    let body = text;
    let ts: number | null = null;
    if (stamp) {
      const rest = text.length > 22 ? text.slice(22) : '';
      const opened = cleanText(rest) === LOGFILE_OPENED;
      if (this.#stamped === null || opened) this.#stamped = true;
      if (this.#stamped) {
        body = rest;
        ts = this.#clock.toUtc(stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5]);
      }
    } else if (this.#stamped === null) this.#stamped = false;
    const message = cleanText(body);
    if (message.trim() === '') return; // a blank console line says nothing
    const tsSource = ts === null ? null : 'line';
    if (this.#stamped && message === LOGFILE_OPENED) {
      out.push(
        ok(
          logRecord(lineNo, this.#source, message, ts, tsSource, { severity: 'debug', domain: this.#domain }),
        ),
      );
      return;
    }
    if (this.#source === 'hypervisor') {
      const x = xenConsoleLineAt(message, 0);
      if (x) {
        // Xen's own date stamp is when Xen logged the line; xenconsoled's is when it read the
        // ring, and at its start it stamps the whole boot backlog with one time. So a Xen uptime
        // is not paired with xenconsoled's time (ingest would derive a wrong boot time from it).
        let xts: number | null = x.ts;
        let xsrc: 'line' | 'boot+uptime' | null = x.ts === null ? null : 'line';
        let uptime = x.uptime;
        if (xts === null && ts !== null) {
          [xts, xsrc] = [ts, tsSource];
          uptime = undefined;
        }
        if (xts === null && uptime !== undefined) {
          xts = bootPlus(this.#ctx, uptime);
          if (xts !== null) xsrc = 'boot+uptime';
        }
        out.push(ok(logRecord(lineNo, 'hypervisor', x.message, xts, xsrc, { domid: x.domid, uptime })));
        return;
      }
    }
    out.push(ok(logRecord(lineNo, this.#source, message, ts, tsSource, { domain: this.#domain })));
  }

  end(): void {}
}
