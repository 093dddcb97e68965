/**
 * `iostat -o JSON` (sysstat 12, reference §4.5): one document, `sysstat.hosts[].statistics[]`, each
 * report with an optional `"timestamp"` (only with `-t`), an optional `"avg-cpu"` (absent with `-d`)
 * and `"disk": [{"disk_device": ..., "r/s": ...}]`. Keys lose the `%` of the text headers and their
 * order is not guaranteed, so the document is parsed whole and read by key.
 */
import { diag, type ParseContext, type Parser, parseWhole } from '../model/parser.js';
import type { ParseResult, ReadingRecord } from '../model/records.js';
import { applyFactor, iostatColumn, parseIostatTime } from './iostat-columns.js';
import { SnapshotSequence } from './snapshot-sequence.js';

type Result = ParseResult<ReadingRecord>;

function parseText(lines: readonly string[], ctx: ParseContext): Result[] {
  const text = lines.join('\n');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return [
      diag(
        ctx.file,
        jsonErrorLine(message, text, lines.length),
        'bad_json',
        `expected iostat -o JSON: ${message}`,
      ),
    ];
  }
  const hosts = field(field(doc, 'sysstat'), 'hosts');
  if (!Array.isArray(hosts)) {
    return [
      diag(ctx.file, 1, 'unsupported', 'expected an iostat -o JSON document ({"sysstat": {"hosts": [...]}})'),
    ];
  }
  const out: Result[] = [];
  const where = new LineFinder(lines);
  const seq = new SnapshotSequence(ctx);
  for (const host of hosts) {
    const reports = field(host, 'statistics');
    if (!Array.isArray(reports)) {
      out.push(
        diag(ctx.file, where.next('"statistics"'), 'unknown_value', 'expected "statistics": [...] in a host'),
      );
      continue;
    }
    for (const report of reports) readReport(report, seq, where, ctx, out);
  }
  return out;
}

function readReport(
  report: unknown,
  seq: SnapshotSequence,
  where: LineFinder,
  ctx: ParseContext,
  out: Result[],
): void {
  const stamp = field(report, 'timestamp');
  seq.boundary();
  if (stamp !== undefined) {
    const line = where.next('"timestamp"');
    const ts = typeof stamp === 'string' ? parseIostatTime(stamp, ctx.tz) : null;
    if (ts === null) {
      out.push(
        diag(ctx.file, line, 'bad_time', `expected an iostat timestamp, found ${JSON.stringify(stamp)}`),
      );
    } else {
      seq.placeNext(ts);
    }
  }
  // Every report is a snapshot, also one without disks (`-c`): the i-th keeps its place in time.
  const placed = seq.stamp();
  const disks = field(report, 'disk');
  if (disks === undefined) return;
  if (!Array.isArray(disks)) {
    out.push(diag(ctx.file, where.next('"disk"'), 'unknown_value', 'expected "disk": [...] in a report'));
    return;
  }
  for (const disk of disks) {
    const line = where.next(DISK_ENTRY_RE);
    const device = field(disk, 'disk_device');
    if (typeof device !== 'string' || device === '') {
      out.push(diag(ctx.file, line, 'unknown_value', 'expected a "disk_device" name in each disk entry'));
      continue;
    }
    const readings: ReadingRecord[] = [];
    let bad: string | null = null;
    for (const [key, value] of Object.entries(disk as Record<string, unknown>)) {
      const column = iostatColumn(key);
      if (column === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        bad = key;
        break;
      }
      readings.push({
        type: 'reading',
        ...placed,
        domain: '',
        domid: null,
        resource: 'host_disk',
        device,
        metric: column.metric,
        value: applyFactor(value, column.factor),
        counter: false,
      });
    }
    if (bad !== null) {
      out.push(diag(ctx.file, line, 'bad_number', `expected a number for "${bad}" of ${device}`));
      continue;
    }
    // Key order is not guaranteed: emit in vocabulary order so output does not depend on it.
    readings.sort((a, b) => METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric));
    for (const record of readings) out.push({ ok: true, record });
  }
}

/** A disk entry as sysstat prints it: one object per line (`{"disk_device": ...}`). */
const DISK_ENTRY_RE = /^\s*\{\s*".*\}\s*,?\s*$/;

const METRIC_ORDER: readonly string[] = [
  'disk_reads_per_s',
  'disk_writes_per_s',
  'disk_read_sect_per_s',
  'disk_write_sect_per_s',
  'disk_util_ratio',
  'disk_queue',
];

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Best-effort line numbers for diagnostics: sysstat prints one disk entry (and one timestamp) per
 * line, so the n-th occurrence of a key is on the n-th line holding it.
 */
class LineFinder {
  readonly #lines: readonly string[];
  readonly #next = new Map<string, number>();

  constructor(lines: readonly string[]) {
    this.#lines = lines;
  }

  next(needle: string | RegExp): number {
    const key = String(needle);
    const from = this.#next.get(key) ?? 0;
    for (let i = from; i < this.#lines.length; i++) {
      const line = this.#lines[i]!;
      if (typeof needle === 'string' ? line.includes(needle) : needle.test(line)) {
        this.#next.set(key, i + 1);
        return i + 1;
      }
    }
    return 1;
  }
}

/**
 * V8 names a position (`at position 57`; newer ones also `line 3 column 5`), or quotes the text
 * around the bad token (`Unexpected token ',', ...""aqu-sz": , "util": "... is not valid JSON`, ten
 * characters either side). A truncated document ends on its last line.
 */
function jsonErrorLine(message: string, text: string, lineCount: number): number {
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const lc = /\(line (\d+) column \d+\)/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineAt(Number(pos[1]));
  const quoted = /, (\.\.\.)?"(.*)"(?:\.\.\.)? is not valid JSON$/s.exec(message);
  if (quoted) {
    const context = quoted[2]!;
    const at = text.indexOf(context);
    if (at >= 0) return lineAt(at + (quoted[1] ? Math.min(10, context.length) : 0));
  }
  return Math.max(1, lineCount);
}

function sniff(head: readonly string[]): number {
  const first = head.find((l) => l.trim() !== '')?.trim() ?? '';
  if (!/^\{\s*"sysstat"\s*:/.test(first)) return 0;
  const text = head.join('\n');
  // sadf -j writes the same envelope; iostat's has disk entries or avg-cpu and no file-* keys.
  if (/"file-date"|"file-utc-time"/.test(text)) return 0;
  if (/"disk_device"|"avg-cpu"/.test(text)) return 0.95;
  return /"number-of-cpus"/.test(text) ? 0.7 : 0.4;
}

export const iostatJsonFormat: Parser<ReadingRecord> = {
  id: 'iostat-json',
  summary: 'iostat -o JSON documents (sysstat 12): host disk gauges',
  sniff,
  parse: parseWhole(parseText),
};
