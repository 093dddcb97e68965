/**
 * `iostat -x` text output (reference §4.5): a banner, then per report an optional `-t` stamp, an
 * `avg-cpu:` block (absent with `-d`) and a device table. Values are already per-second averages
 * over the interval, so they become gauges. Device tables are read by header name (iostat-columns.ts),
 * which covers sysstat 11.x to 12.6, `-m`, `-s` and the basic table alike. The first report of a
 * run is the average since boot unless `-y` was given; it is kept, as iostat printed it.
 */
import {
  diag,
  type LineFormat,
  type LineParserState,
  type ParseContext,
  parseLines,
} from '../model/parser.js';
import type { ParseResult, ReadingRecord } from '../model/records.js';
import {
  applyFactor,
  type IostatColumn,
  iostatColumn,
  isIostatTime,
  parseIostatTime,
} from './iostat-columns.js';
import { SnapshotSequence } from './snapshot-sequence.js';

/** `Linux 6.1.0-28-amd64 (dom0-a) <TAB>11/26/26 <TAB>_x86_64_<TAB>(16 CPU)` (sar prints the same). */
const BANNER_RE = /^\S+ \S+ \(.*\)\s+\S+\s+_\S+_\s+\(\d+ CPU\)\s*$/;
const AVG_CPU_RE = /^avg-cpu:\s/;
const DEVICE_HEADER_RE = /^Device:?(?:\s|$)/;
const CPU_VALUES_RE = /^[\s\d.,]+$/;
const NUMBER_RE = /^-?\d+(?:[.,]\d+)?$/;
/** A device row as sysstat prints it: name, then numbers with two decimals. */
const ROW_RE = /^\S+(?:\s+\d+[.,]\d\d){2,}\s*$/;

interface Table {
  readonly columns: readonly (IostatColumn | undefined)[];
}

function open(ctx: ParseContext): LineParserState<ReadingRecord> {
  const seq = new SnapshotSequence(ctx);
  let table: Table | null = null;
  let cpuValuesNext = false;

  return {
    line(text: string, lineNo: number, out: ParseResult<ReadingRecord>[]): void {
      const expectCpu = cpuValuesNext;
      cpuValuesNext = false;
      if (BANNER_RE.test(text)) {
        // A new run (several captures concatenated): nothing carries over.
        seq.boundary();
        table = null;
        return;
      }
      if (isIostatTime(text)) {
        const ts = parseIostatTime(text, ctx.tz);
        table = null;
        if (ts === null) {
          seq.boundary();
          out.push(
            diag(ctx.file, lineNo, 'bad_time', `expected an iostat -t stamp (MM/DD/YY HH:MM:SS or ISO 8601)`),
          );
        } else {
          seq.placeNext(ts);
        }
        return;
      }
      if (AVG_CPU_RE.test(text)) {
        seq.boundary();
        table = null;
        cpuValuesNext = true;
        return;
      }
      if (expectCpu && CPU_VALUES_RE.test(text) && text.trim() !== '') return;
      const marker = seq.marker(text);
      if (marker !== null) {
        if (marker !== 'comment') table = null;
        return;
      }
      if (DEVICE_HEADER_RE.test(text)) {
        // Without -t or avg-cpu (`-d`), the header is what starts the next report.
        seq.boundary();
        const columns = text.trim().split(/\s+/).slice(1).map(iostatColumn);
        table = { columns };
        if (columns.every((c) => c === undefined)) {
          out.push(
            diag(
              ctx.file,
              lineNo,
              'unsupported',
              'expected iostat columns such as r/s, w/s, rkB/s, wkB/s, aqu-sz, %util',
            ),
          );
        }
        return;
      }
      if (table === null) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'unknown_line',
            'expected iostat output (banner, stamp, avg-cpu or device table)',
          ),
        );
        return;
      }
      const [device = '', ...values] = text.trim().split(/\s+/);
      if (values.length !== table.columns.length) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'bad_field_count',
            `expected ${table.columns.length} values after the device name, found ${values.length}`,
          ),
        );
        return;
      }
      const parsed: { column: IostatColumn; value: number }[] = [];
      for (let i = 0; i < values.length; i++) {
        const column = table.columns[i];
        if (column === undefined) continue;
        const v = values[i]!;
        if (!NUMBER_RE.test(v)) {
          out.push(
            diag(ctx.file, lineNo, 'bad_number', `expected a number in column ${i + 2}, found "${v}"`),
          );
          return;
        }
        // Locales with a decimal comma print `12,00`; the reference says LC_ALL=C, people forget.
        parsed.push({ column, value: Number(v.replace(',', '.')) });
      }
      const stamp = seq.stamp();
      for (const { column, value } of parsed) {
        out.push({
          ok: true,
          record: {
            type: 'reading',
            ...stamp,
            domain: '',
            domid: null,
            resource: 'host_disk',
            device,
            metric: column.metric,
            value: applyFactor(value, column.factor),
            counter: false,
          },
        });
      }
    },
    end(): void {},
  };
}

function isDeviceHeader(line: string): boolean {
  if (!DEVICE_HEADER_RE.test(line)) return false;
  return line
    .trim()
    .split(/\s+/)
    .some((name) => iostatColumn(name) !== undefined);
}

function matchLine(line: string): boolean {
  return (
    BANNER_RE.test(line) ||
    AVG_CPU_RE.test(line) ||
    isDeviceHeader(line) ||
    isIostatTime(line) ||
    ROW_RE.test(line)
  );
}

function sniff(head: readonly string[]): number {
  const banner = head.some((l) => BANNER_RE.test(l));
  const header = head.some(isDeviceHeader);
  const cpu = head.some((l) => AVG_CPU_RE.test(l));
  if (banner && (header || cpu)) return 0.95;
  if (header) return 0.8;
  // The same banner heads sar and mpstat output: on its own it is only a hint.
  return banner ? 0.3 : 0;
}

export const iostatFormat: LineFormat<ReadingRecord> = {
  id: 'iostat',
  summary: 'iostat -x text reports (sysstat 11.x-12.x, -t stamps in C locale or ISO): host disk gauges',
  sniff,
  matchLine,
  open,
  parse: parseLines(open),
};
