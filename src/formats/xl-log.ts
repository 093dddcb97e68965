/**
 * `xl-<name>.log` (reference §5.2, §5.3): the background `xl` monitor's lifecycle lines (no time of
 * their own) and libxl/libxc lines `[<date> <zone> ][[pid] ]<context>: <level>: ...` (the date only
 * with `xl -T`). The domain name comes from the file name; `Waiting for domain X (domid N) to die`
 * also maps the domid to the name. Serves `xl -vvv create/destroy` captures too; `(XEN)`/`(dN)`
 * lines spliced into such captures (a serial console in the same terminal) are read as Xen console
 * lines.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { DomainSeenRecord, LogRecord, ParsedRecord, ParseResult } from '../model/records.js';
import type { Severity } from '../model/vocabulary.js';
import { readAnnotation } from './capture-annotations.js';
import {
  baseName,
  bootPlus,
  cleanText,
  isoAt,
  isUtcAbbrev,
  LocalClock,
  logRecord,
  ok,
  severityOfLevelName,
  shareScore,
  sniffLines,
  unquoteMail,
} from './log-lines.js';
import { xenConsoleLineAt } from './xl-dmesg.js';

/** `xl-<name>.log`, possibly rotated (`.1` … `.10`) → `<name>`. */
export function xlLogDomain(file: string): string | undefined {
  const m = /^xl-(.+?)\.log(?:\.\d+)?$/.exec(baseName(file));
  return m ? m[1] : undefined;
}

const WAITING = /^Waiting for domain (.+) \(domid (\d+)\) to die \[pid \d+\]\s*$/;
/** Lifecycle lines that name their domid (§5.2). */
const NAMES_DOMID =
  /^(?:Domain (\d+) has shut down, reason code|Domain (\d+) needs to be cleaned up|Domain (\d+) has been destroyed\.|Continue waiting for domain (\d+)|Preserving domain (\d+) )/;
/** Lifecycle lines about the monitored domain that do not repeat its domid. */
const ABOUT_CURRENT =
  /^(?:Action for shutdown reason code -?\d+ is |Done\. Rebooting now|Done\. Exiting now|Domain has suspended\.|Unknown shutdown reason code|dumping core to |core dump failed )/;

const LIBXL_LEVELS = new Set([
  'debug',
  'verbose',
  'detail',
  'progress',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
]);

/** `<context>: <level>: ` at the start of `s` → [context, severity], or null. */
function libxlHead(s: string): [string, Severity] | null {
  const c = s.indexOf(': ');
  if (c <= 0 || c > 40) return null;
  const context = s.slice(0, c);
  for (let i = 0; i < context.length; i++) {
    const ch = context.charCodeAt(i);
    if (ch <= 0x20 || ch === 0x28 || ch === 0x5b) return null;
  }
  const l = s.indexOf(':', c + 2);
  if (l < 0) return null;
  const level = s.slice(c + 2, l);
  if (!LIBXL_LEVELS.has(level)) return null;
  const severity = severityOfLevelName(level);
  return severity ? [context, severity] : null;
}

/** libxl's `<file>:<line>:<function>: Domain <domid>:` after the level. */
const LIBXL_DOMAIN = /^[^:\s]+:\d+:[^:\s]+: Domain (\d+):/;

function isXlLine(s: string): boolean {
  return (
    WAITING.test(s) ||
    NAMES_DOMID.test(s) ||
    ABOUT_CURRENT.test(s) ||
    s.startsWith('Parsing config from ') ||
    libxlHead(stripXlStamp(s)) !== null
  );
}

/** Drops an `xl -T` date and `[pid] ` for quick matching. */
function stripXlStamp(s: string): string {
  let t = s;
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ /.test(t)) t = t.slice(t.indexOf(' ', 20) + 1);
  const m = /^\[\d+\] /.exec(t);
  return m ? t.slice(m[0].length) : t;
}

export const xlLogFormat: LineFormat = {
  id: 'xl-log',
  summary: 'xl-<name>.log monitor logs and xl -v create/destroy output (lifecycle and libxl lines)',
  sniff(head) {
    const lines = sniffLines(head);
    let hits = 0;
    for (const s of lines) if (isXlLine(s)) hits++;
    return shareScore(hits, lines.length);
  },
  matchLine(line) {
    return isXlLine(unquoteMail(line));
  },
  open(ctx) {
    return new XlLogState(ctx);
  },
  parse: parseLines((ctx) => new XlLogState(ctx)),
};

class XlLogState implements LineParserState {
  readonly #ctx: ParseContext;
  readonly #clock: LocalClock;
  /** The monitored domain: from the file name, else from the last `Waiting for domain` line. */
  #domain: string | undefined;
  readonly #fileDomain: string | undefined;
  #domid: number | undefined;
  /** `# dom0 uptime: N` of a capture: when the command started (its lines follow within seconds). */
  #uptime: number | undefined;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new LocalClock(ctx.tz);
    this.#fileDomain = xlLogDomain(ctx.file);
    this.#domain = this.#fileDomain;
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    let s = cleanText(unquoteMail(text));
    if (s.trim() === '') return;
    if (s.charCodeAt(0) === 0x23) {
      const a = readAnnotation(s, this.#ctx);
      if (a) {
        if (a.kind === 'uptime') this.#uptime = a.seconds;
        return;
      }
    }
    // A time of its own only with `xl -T`: `2026-11-26 12:04:02 UTC [2345] `.
    let ts: number | null = null;
    let tsSource: 'line' | 'boot+uptime' | null = null;
    if (s.charCodeAt(4) === 0x2d && s.charCodeAt(10) === 0x20) {
      const t = this.#xlStamp(s);
      if (t) [ts, s] = t;
      if (ts !== null) tsSource = 'line';
    }
    const pid = /^\[\d+\] /.exec(s);
    if (pid) s = s.slice(pid[0].length);
    let uptime: number | undefined;
    if (ts === null && this.#uptime !== undefined) {
      uptime = this.#uptime;
      ts = bootPlus(this.#ctx, uptime);
      if (ts !== null) tsSource = 'boot+uptime';
    }

    const xen = xenConsoleLineAt(s, 0);
    if (xen) {
      out.push(ok(logRecord(lineNo, 'hypervisor', xen.message, ts, tsSource, { domid: xen.domid, uptime })));
      return;
    }

    let domid: number | undefined;
    let severity: Severity | undefined;
    let program: string | undefined;
    const waiting = WAITING.exec(s);
    if (waiting) {
      const name = waiting[1]!;
      domid = Number(waiting[2]);
      this.#domid = domid;
      if (this.#fileDomain === undefined) this.#domain = name;
      const seen: DomainSeenRecord = { type: 'domain', ts, tsSource, domid, name, line: lineNo };
      out.push(ok(uptime === undefined ? seen : { ...seen, uptime }));
    } else {
      const named = NAMES_DOMID.exec(s);
      if (named) domid = Number(named[1] ?? named[2] ?? named[3] ?? named[4] ?? named[5]);
      else if (ABOUT_CURRENT.test(s)) domid = this.#domid;
      else {
        const head = libxlHead(s);
        if (head) {
          [program, severity] = head;
          const rest = s.slice(s.indexOf(':', program.length + 2) + 2);
          const d = LIBXL_DOMAIN.exec(rest);
          if (d) domid = Number(d[1]);
        }
      }
    }
    // The file's domain, unless the line is about another domid (a stub domain, say).
    const domain =
      domid === undefined || this.#domid === undefined || domid === this.#domid ? this.#domain : undefined;
    const rec: LogRecord = logRecord(lineNo, 'xl', s, ts, tsSource, {
      severity,
      program,
      domain,
      domid,
      uptime,
    });
    out.push(ok(rec));
  }

  /** `YYYY-MM-DD HH:MM:SS <zone> ` → [ts, rest]; the zone is an abbreviation (local) or UTC. */
  #xlStamp(s: string): [number | null, string] | null {
    if (s.charCodeAt(19) !== 0x20) return null;
    const zoneEnd = s.indexOf(' ', 20);
    if (zoneEnd < 0) return null;
    const zone = s.slice(20, zoneEnd);
    if (!/^[A-Za-z]{1,6}$|^[+-]\d{4}$/.test(zone)) return null;
    const rest = s.slice(zoneEnd + 1);
    let parsed: [number, number] | null;
    if (zone.charCodeAt(0) === 0x2b || zone.charCodeAt(0) === 0x2d)
      parsed = isoAt(`${s.slice(0, 19)}${zone.slice(0, 3)}:${zone.slice(3)}`, 0, this.#clock);
    else if (isUtcAbbrev(zone)) parsed = isoAt(`${s.slice(0, 19)}Z`, 0, this.#clock);
    else parsed = isoAt(s.slice(0, 19), 0, this.#clock);
    return parsed ? [parsed[0], rest] : null;
  }

  end(): void {}
}
