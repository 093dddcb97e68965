/**
 * `/proc/diskstats` (reference §4.4): one line per block device, `major minor name` and counters
 * since boot. Kernels before 4.18 print 11 counters (14 fields), 4.18–5.4 print 15 (18 fields),
 * 5.5 and later 17 (20 fields); kernels before 2.6.25 printed only 4 for partitions (7 fields).
 * Every device is kept, `loop` and `ram` included: whether an idle device matters is the
 * analysis's call, not the parser's.
 */
import {
  diag,
  type LineFormat,
  type LineParserState,
  type ParseContext,
  parseLines,
} from '../model/parser.js';
import type { ParseResult, ReadingRecord, Stamp } from '../model/records.js';
import type { Metric } from '../model/vocabulary.js';
import { RepeatDetector, SnapshotSequence } from './snapshot-sequence.js';

/** Which counter (0-based after the name) feeds which metric, and its scale. */
interface Column {
  readonly at: number;
  readonly metric: Metric;
  readonly scale?: number;
}

/** The full layout: io_ticks and the weighted time are milliseconds, so ×0.001 gives a ratio / queue. */
const FULL: readonly Column[] = [
  { at: 0, metric: 'disk_reads_per_s' },
  { at: 4, metric: 'disk_writes_per_s' },
  { at: 2, metric: 'disk_read_sect_per_s' },
  { at: 6, metric: 'disk_write_sect_per_s' },
  { at: 9, metric: 'disk_util_ratio', scale: 0.001 },
  { at: 10, metric: 'disk_queue', scale: 0.001 },
];

/** Pre-2.6.25 partition lines: reads, sectors read, writes, sectors written. */
const OLD_PARTITION: readonly Column[] = [
  { at: 0, metric: 'disk_reads_per_s' },
  { at: 2, metric: 'disk_writes_per_s' },
  { at: 1, metric: 'disk_read_sect_per_s' },
  { at: 3, metric: 'disk_write_sect_per_s' },
];

/** Counter counts we know; later kernels only ever append, so more than 17 is read as 17. */
function layoutFor(counters: number): readonly Column[] | null {
  if (counters === 4) return OLD_PARTITION;
  if (counters === 11 || counters === 15 || counters >= 17) return FULL;
  return null;
}

const ROW_START = /^\s*\d+\s+\d+\s+\S+/;
const LINE_RE = /^\s*\d+\s+\d+\s+\S+(?:\s+\d+){4}(?:(?:\s+\d+){7}|(?:\s+\d+){11}|(?:\s+\d+){13,})?\s*$/;

function open(ctx: ParseContext): LineParserState<ReadingRecord> {
  const seq = new SnapshotSequence(ctx);
  const repeats = new RepeatDetector(seq);

  return {
    line(text: string, lineNo: number, out: ParseResult<ReadingRecord>[]): void {
      if (seq.marker(text) !== null) return;
      if (!ROW_START.test(text)) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'unknown_line',
            'expected a /proc/diskstats line (major minor name counters...)',
          ),
        );
        return;
      }
      const fields = text.trim().split(/\s+/);
      const counters = fields.slice(3);
      const layout = layoutFor(counters.length);
      if (layout === null) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'bad_field_count',
            `expected 14, 18 or 20 fields per /proc/diskstats line, found ${fields.length}`,
          ),
        );
        return;
      }
      const bad = counters.findIndex((c) => !/^\d+$/.test(c));
      if (bad >= 0) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'bad_number',
            `expected a decimal counter in field ${bad + 4}, found "${counters[bad]}"`,
          ),
        );
        return;
      }
      const device = fields[2]!;
      // A capture loop without date lines: the same device again means the next snapshot.
      if (repeats.repeats(device)) seq.boundary();
      const stamp = seq.stamp();
      repeats.add(device);
      for (const col of layout)
        out.push({ ok: true, record: reading(stamp, device, col, Number(counters[col.at])) });
    },
    end(): void {},
  };
}

function reading(stamp: Stamp, device: string, col: Column, value: number): ReadingRecord {
  return {
    type: 'reading',
    ...stamp,
    domain: '',
    domid: null,
    resource: 'host_disk',
    device,
    metric: col.metric,
    value,
    counter: true,
    ...(col.scale === undefined ? {} : { scale: col.scale }),
  };
}

function matchLine(line: string): boolean {
  return LINE_RE.test(line);
}

/** Confident when the head is diskstats rows and nothing but capture markers around them. */
function sniff(head: readonly string[]): number {
  let rows = 0;
  let other = 0;
  const probe = new SnapshotSequence({ file: '', host: '', tz: 'UTC' });
  for (const line of head) {
    if (matchLine(line)) rows++;
    else if (probe.marker(line) === null) other++;
  }
  if (rows === 0) return 0;
  if (other === 0) return rows >= 2 ? 0.95 : 0.8;
  return rows >= 3 && rows >= other * 4 ? 0.7 : 0;
}

export const diskstatsFormat: LineFormat<ReadingRecord> = {
  id: 'diskstats',
  summary: '/proc/diskstats snapshots (14, 18 or 20 fields per line): host disk counters',
  sniff,
  matchLine,
  open,
  parse: parseLines(open),
};
