/**
 * The lines a capture adds around a command's own output, and how they place a snapshot in time.
 *
 * Lab captures (and our own collectors) wrap each command's output in harness comments:
 * `# $ <command line>`, then `# dom0 uptime: N` (or `# uptime N` before every snapshot of a poll
 * loop), then the output, then `# rc=N`. They are not tool output, but they say which options the
 * tool ran with and when: parsers honour them unless `ctx.harnessComments === false`. Capture loops
 * may also print a `date` line before each iteration (design.md, "Time").
 */
import type { ParseContext } from '../model/parser.js';
import type { Stamp } from '../model/records.js';
import { localToUtc, MONTHS, parseOffset } from '../model/time.js';

export type Annotation =
  | { readonly kind: 'command'; readonly argv: readonly string[] }
  | { readonly kind: 'uptime'; readonly seconds: number }
  | { readonly kind: 'rc'; readonly code: number };

const COMMAND_RE = /^# \$ (.*)$/;
const UPTIME_RE = /^# (?:dom0 uptime:|uptime) (\d+(?:\.\d+)?)\s*$/;
const RC_RE = /^# rc=(-?\d+)\s*$/;

/** Reads a harness comment; null for any other line (including when ctx turns them off). */
export function readAnnotation(text: string, ctx: ParseContext): Annotation | null {
  if (ctx.harnessComments === false || !text.startsWith('# ')) return null;
  const cmd = COMMAND_RE.exec(text);
  if (cmd) {
    // The command line up to a pipe or redirection is the tool's own argv.
    const argv = cmd[1]!
      .split(/\s*[|>;]/)[0]!
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return { kind: 'command', argv };
  }
  const up = UPTIME_RE.exec(text);
  if (up) return { kind: 'uptime', seconds: Number(up[1]) };
  const rc = RC_RE.exec(text);
  if (rc) return { kind: 'rc', code: Number(rc[1]) };
  return null;
}

/** `# $ xl list -l` → is this the command, with these leading arguments? */
export function isCommand(argv: readonly string[], tool: string, ...sub: string[]): boolean {
  // `xl` takes global options (`-v`, `-N`, `-f`, `-t`, `-T`) before the subcommand.
  const base = argv[0]?.split('/').pop();
  if (base !== tool) return false;
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith('-') && sub.length > 0) i++;
  return sub.every((s, k) => argv[i + k] === s);
}

const ISO_DATE_RE = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?$/;
const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/** `date` in the C locale: `Thu Nov 26 12:28:08 UTC 2026` (the zone may be missing). */
const C_DATE_RE = new RegExp(
  `^${DAYS} ${MONTH} +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d)(?: ([A-Za-z]{1,6}|[+-]\\d{4}))? (\\d{4})$`,
);
/** `date -R`: `Thu, 26 Nov 2026 12:28:08 +0000`. */
const RFC2822_RE = new RegExp(
  `^${DAYS}, (\\d{1,2}) ${MONTH} (\\d{4}) (\\d\\d):(\\d\\d):(\\d\\d) ([+-]\\d{4})$`,
);
const UTC_NAMES = new Set(['UTC', 'GMT', 'UCT', 'Z', 'Zulu']);

export interface DateLine {
  readonly ts: number;
  /** True when the line named no zone (or an abbreviation we cannot resolve): read in ctx.tz. */
  readonly zoneFromCtx: boolean;
}

/**
 * A line that is nothing but a `date` printout (`date -Iseconds`, `date -Ins`, plain `date`,
 * `date -R`). Returns null for anything else, so tool output is never mistaken for a stamp.
 */
export function parseDateLine(text: string, tz: string): DateLine | null {
  const t = text.trim();
  if (t.length < 19 || t.length > 40) return null;
  if (ISO_DATE_RE.test(t)) {
    const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/.exec(t)!;
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    if (zone === undefined)
      return { ts: localToUtc(tz, +y!, +mo!, +d!, +h!, +mi!, +s!, ms), zoneFromCtx: true };
    const off = parseOffset(zone);
    if (off === null) return null;
    return { ts: Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms) - off, zoneFromCtx: false };
  }
  const c = C_DATE_RE.exec(t);
  if (c) {
    const [, mon, d, h, mi, s, zone, y] = c;
    return placeWallClock(tz, +y!, MONTHS[mon!]!, +d!, +h!, +mi!, +s!, zone);
  }
  const r = RFC2822_RE.exec(t);
  if (r) {
    const [, d, mon, y, h, mi, s, zone] = r;
    return placeWallClock(tz, +y!, MONTHS[mon!]!, +d!, +h!, +mi!, +s!, zone);
  }
  return null;
}

function placeWallClock(
  tz: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string | undefined,
): DateLine | null {
  if (mo < 1 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  if (zone !== undefined && UTC_NAMES.has(zone))
    return { ts: Date.UTC(y, mo - 1, d, h, mi, s), zoneFromCtx: false };
  const off = zone === undefined ? null : parseOffset(zone);
  if (off !== null) return { ts: Date.UTC(y, mo - 1, d, h, mi, s) - off, zoneFromCtx: false };
  // No zone, or an abbreviation such as `CET` that names no unique offset: the capture host's
  // zone is what `--tz` describes.
  return { ts: localToUtc(tz, y, mo, d, h, mi, s), zoneFromCtx: true };
}

/** What a capture says about when its n-th snapshot (0-based) was taken. */
export interface SnapshotClock {
  /** A `date` line printed just before the snapshot. */
  readonly date: number | null;
  /** dom0 uptime at the anchor snapshot, and how many snapshots after the anchor this one is. */
  readonly uptime: number | null;
  readonly sinceUptime: number;
  /** Seconds between snapshots, when known (`-d N`, or ctx.intervalSeconds). */
  readonly intervalSeconds: number | null;
  /** Index of the snapshot in the file, for `ctx.start`. */
  readonly index: number;
}

/**
 * Places a snapshot: its own date line first, then the user's `--start`/`--interval`, then the
 * harness uptime (a time only once `ctx.bootTime` is known; the uptime is kept either way so that
 * ingest can place it later). `uptimeSource` is `boot+uptime` for streams and `poll` for one-shot
 * snapshots such as `xl list`.
 */
export function placeSnapshot(
  clock: SnapshotClock,
  ctx: ParseContext,
  uptimeSource: 'boot+uptime' | 'poll',
): Stamp {
  if (clock.date !== null) return { ts: clock.date, tsSource: 'line' };
  if (ctx.start !== undefined) {
    const interval = ctx.intervalSeconds ?? clock.intervalSeconds;
    if (clock.index === 0) return { ts: ctx.start, tsSource: 'start+interval' };
    if (interval !== null && interval !== undefined) {
      return { ts: ctx.start + Math.round(clock.index * interval * 1000), tsSource: 'start+interval' };
    }
    return { ts: null, tsSource: null };
  }
  if (clock.uptime !== null) {
    let uptime: number | null = clock.uptime;
    if (clock.sinceUptime > 0) {
      const interval = clock.intervalSeconds ?? ctx.intervalSeconds;
      uptime =
        interval === undefined || interval === null ? null : clock.uptime + clock.sinceUptime * interval;
    }
    if (uptime === null) return { ts: null, tsSource: null };
    uptime = Math.round(uptime * 1000) / 1000;
    if (ctx.bootTime === undefined) return { ts: null, tsSource: null, uptime };
    return { ts: ctx.bootTime + Math.round(uptime * 1000), tsSource: uptimeSource, uptime };
  }
  return { ts: null, tsSource: null };
}
