/**
 * `xenstored-access.log` (reference §5.13): one xenstore operation per line,
 * `[YYYYMMDDTHH:MM:SS.mmmZ]  <conn> <op> <path> [value]`, stamped in UTC with milliseconds — the
 * best clock dom0 has for domain lifecycle.
 *
 * What a line can and cannot say: `write /local/domain/<domid>/name <name>` maps a domid to its
 * name (a DomainSeenRecord; the uuid comes from the `/local/domain/<domid>/vm` write before it).
 * `w event @releaseDomain` means *some* domain went away and never names it; like every watch it
 * also fires once when the watch is registered, so the first event after a `watch` of the same
 * connection, path and token is the registration echo (debug, not lifecycle).
 * `rm /local/domain/<domid>` happens at destruction and also just before creation.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { DomainSeenRecord, ParsedRecord, ParseResult } from '../model/records.js';
import type { Severity } from '../model/vocabulary.js';
import {
  cleanText,
  digits,
  fail,
  hmsAt,
  logRecord,
  ok,
  shareScore,
  sniffLines,
  unquoteMail,
} from './log-lines.js';

/** `[20261126T12:28:08.128Z]` at the start → UTC ms, or null. */
function stampOf(s: string): number | null {
  if (
    s.charCodeAt(0) !== 0x5b ||
    s.charCodeAt(9) !== 0x54 ||
    s.charCodeAt(22) !== 0x5a ||
    s.charCodeAt(23) !== 0x5d
  )
    return null;
  const y = digits(s, 1, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 7, 2);
  const hms = hmsAt(s, 10);
  const ms = digits(s, 19, 3);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || !hms || s.charCodeAt(18) !== 0x2e || ms < 0)
    return null;
  if (hms[0] > 23 || hms[1] > 59 || hms[2] > 60) return null;
  return Date.UTC(y, mo - 1, d, hms[0], hms[1], hms[2], ms);
}

/** The domid a path is about. Relative paths are under the connection's own domain. */
export function domidOfPath(path: string, connDomid: number): number | undefined {
  if (path === '') return undefined;
  let abs = path;
  if (path.charCodeAt(0) !== 0x2f) {
    if (path.charCodeAt(0) === 0x40) return undefined; // @releaseDomain, @introduceDomain
    abs = `/local/domain/${connDomid}/${path}`;
  }
  // A backend directory is about its frontend: /local/domain/0/backend/vif/<domid>/<devid>
  const be = /^\/local\/domain\/\d+\/backend\/[^/]+\/(\d+)(?:\/|$)/.exec(abs);
  if (be) return Number(be[1]);
  const m = /^\/(?:local\/domain|libxl)\/(\d+)(?:\/|$)/.exec(abs);
  return m ? Number(m[1]) : undefined;
}

/** `D<n>` (a domain's kernel connection) and its transactions `D<n>.<t>`; socket clients are dom0. */
function connDomid(conn: string): number {
  const m = /^D(\d+)/.exec(conn);
  return m ? Number(m[1]) : 0;
}

function isAccessLine(s: string): boolean {
  return stampOf(s) !== null && (s.length === 24 || s.charCodeAt(24) === 0x20);
}

export const xenstoredAccessFormat: LineFormat = {
  id: 'xenstored-access',
  summary: 'xenstored-access.log: xenstore operations with UTC millisecond stamps',
  sniff(head) {
    const lines = sniffLines(head);
    let hits = 0;
    for (const s of lines) if (isAccessLine(s)) hits++;
    return shareScore(hits, lines.length, 0.98);
  },
  matchLine(line) {
    return isAccessLine(line);
  },
  open(ctx) {
    return new XenstoredAccessState(ctx);
  },
  parse: parseLines((ctx) => new XenstoredAccessState(ctx)),
};

class XenstoredAccessState implements LineParserState {
  readonly #ctx: ParseContext;
  /** `conn path token` of watches registered and not yet echoed. */
  readonly #pendingEcho = new Set<string>();
  /** domid → uuid from `write /local/domain/<domid>/vm /vm/<uuid>`. */
  readonly #uuids = new Map<number, string>();

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    const raw = unquoteMail(text);
    if (raw.trim() === '') return;
    const ts = stampOf(raw);
    if (ts === null) {
      out.push(
        fail(
          this.#ctx,
          lineNo,
          'unknown_line',
          'expected "[YYYYMMDDTHH:MM:SS.mmmZ] <conn> <op> <path> [value]"',
        ),
      );
      return;
    }
    const s = cleanText(raw);
    // conn, op (two words for `w event`, `w notfired`), then path and value
    let i = skip(s, 24);
    const connEnd = word(s, i);
    const conn = s.slice(i, connEnd);
    i = skip(s, connEnd);
    let opEnd = word(s, i);
    if (opEnd === i + 1 && s.charCodeAt(i) === 0x77) opEnd = word(s, skip(s, opEnd)); // `w event`
    const op = s.slice(i, opEnd).replace(/ +/, ' ');
    i = skip(s, opEnd);
    const pathEnd = word(s, i);
    const path = s.slice(i, pathEnd);
    const value = pathEnd < s.length ? s.slice(pathEnd + 1) : '';
    // xenstored pads watch tokens and empty values with a trailing space: not part of the data.
    const message = `${conn} ${op} ${path} ${value}`.trimEnd();
    if (conn === '') {
      out.push(
        fail(this.#ctx, lineNo, 'unknown_line', 'expected a connection and an operation after the stamp'),
      );
      return;
    }

    let severity: Severity = 'debug';
    const cd = connDomid(conn);
    let domid = op === 'w notfired' || op === 'coalesce' ? undefined : domidOfPath(path, cd);
    const watchKey = `${conn} ${path} ${value.trimEnd()}`;
    if (op === 'watch' && path.charCodeAt(0) === 0x40) this.#pendingEcho.add(watchKey);
    else if (op === 'unwatch') this.#pendingEcho.delete(watchKey);
    else if (op === 'w event' && (path === '@releaseDomain' || path === '@introduceDomain')) {
      if (!this.#pendingEcho.delete(watchKey)) severity = 'info';
    } else if (op === 'rm') {
      const m = /^\/local\/domain\/(\d+)\/?$/.exec(path);
      if (m) {
        severity = 'info';
        this.#uuids.delete(Number(m[1]));
      }
    } else if (op === 'write' && domid !== undefined) {
      const abs = path.charCodeAt(0) === 0x2f ? path : `/local/domain/${cd}/${path}`;
      const m = /^\/local\/domain\/(\d+)\/(name|vm)$/.exec(abs);
      if (m) {
        domid = Number(m[1]);
        if (m[2] === 'vm') {
          const u = /^\/vm\/([0-9a-fA-F-]{36})$/.exec(value);
          if (u) this.#uuids.set(domid, u[1]!.toLowerCase());
        } else if (value !== '') {
          const uuid = this.#uuids.get(domid);
          const seen: DomainSeenRecord = {
            type: 'domain',
            ts,
            tsSource: 'line',
            domid,
            name: value,
            line: lineNo,
          };
          out.push(ok(uuid === undefined ? seen : { ...seen, uuid }));
        }
      }
    }
    out.push(ok(logRecord(lineNo, 'xenstored', message, ts, 'line', { severity, domid })));
  }

  end(): void {}
}

function skip(s: string, i: number): number {
  while (s.charCodeAt(i) === 0x20) i++;
  return i;
}

function word(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) !== 0x20) i++;
  return i;
}
