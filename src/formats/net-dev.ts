/**
 * `/proc/net/dev` (reference §4.3): two header lines, then `name: 16 counters` per interface.
 * netback interfaces (`vif7.0`, and QEMU's `vif7.0-emu` taps) become the guest's `vif` series,
 * everything else the host's `host_net`; `lo` is skipped (net-interface.ts). A vif renamed with
 * `vifname=` cannot be recognised here: only sysfs `device/nodename` names its domain.
 */
import {
  diag,
  type LineFormat,
  type LineParserState,
  type ParseContext,
  parseLines,
} from '../model/parser.js';
import type { ParseResult, ReadingRecord } from '../model/records.js';
import { netMetric, netReading, netTarget } from './net-interface.js';
import { RepeatDetector, SnapshotSequence } from './snapshot-sequence.js';

/** The 16 columns by their sysfs names, so both sources share one metric table. */
const COLUMNS = [
  'rx_bytes',
  'rx_packets',
  'rx_errors',
  'rx_dropped',
  'rx_fifo',
  'rx_frame',
  'rx_compressed',
  'rx_multicast',
  'tx_bytes',
  'tx_packets',
  'tx_errors',
  'tx_dropped',
  'tx_fifo',
  'tx_colls',
  'tx_carrier',
  'tx_compressed',
] as const;

const HEADER1_RE = /^\s*Inter-\|/;
const HEADER2_RE = /^\s*face\s*\|/;
const HEADER2_RX = 'bytes packets errs drop fifo frame compressed multicast';
const HEADER2_TX = 'bytes packets errs drop fifo colls carrier compressed';
const ROW_RE = /^\s*[^\s:]+:\s*\d+(?:\s+\d+){15}\s*$/;

function open(ctx: ParseContext): LineParserState<ReadingRecord> {
  const seq = new SnapshotSequence(ctx);
  const repeats = new RepeatDetector(seq);

  return {
    line(text: string, lineNo: number, out: ParseResult<ReadingRecord>[]): void {
      if (HEADER1_RE.test(text)) {
        // Each `cat /proc/net/dev` of a capture loop starts with the header.
        seq.boundary();
        return;
      }
      if (HEADER2_RE.test(text)) {
        const [, rx = '', tx = ''] = text.split('|');
        if (words(rx) !== HEADER2_RX || words(tx) !== HEADER2_TX) {
          out.push(
            diag(
              ctx.file,
              lineNo,
              'unsupported',
              `expected the /proc/net/dev columns "${HEADER2_RX}|${HEADER2_TX}"`,
            ),
          );
        }
        return;
      }
      if (seq.marker(text) !== null) return;
      // Names longer than 6 characters are not padded, and a large first counter may touch the
      // colon: split at the first colon (interface names cannot contain one).
      const colon = text.indexOf(':');
      const name = colon > 0 ? text.slice(0, colon).trim() : '';
      if (name === '' || /\s/.test(name)) {
        out.push(
          diag(ctx.file, lineNo, 'unknown_line', 'expected a /proc/net/dev line ("name: 16 counters")'),
        );
        return;
      }
      const values = text
        .slice(colon + 1)
        .trim()
        .split(/\s+/);
      if (values.length !== COLUMNS.length) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'bad_field_count',
            `expected 16 counters after "${name}:", found ${values.length}`,
          ),
        );
        return;
      }
      const bad = values.findIndex((v) => !/^\d+$/.test(v));
      if (bad >= 0) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'bad_number',
            `expected a decimal counter for ${COLUMNS[bad]}, found "${values[bad]}"`,
          ),
        );
        return;
      }
      if (repeats.repeats(name)) seq.boundary();
      const stamp = seq.stamp();
      repeats.add(name);
      const target = netTarget(name);
      if (target === null) return;
      COLUMNS.forEach((column, i) => {
        const metric = netMetric(target.resource, column);
        if (metric !== undefined)
          out.push({ ok: true, record: netReading(stamp, target, metric, Number(values[i])) });
      });
    },
    end(): void {},
  };
}

function words(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

function matchLine(line: string): boolean {
  return HEADER1_RE.test(line) || HEADER2_RE.test(line) || ROW_RE.test(line);
}

function sniff(head: readonly string[]): number {
  const header = head.some((l) => HEADER1_RE.test(l)) && head.some((l) => HEADER2_RE.test(l));
  if (header) return 0.98;
  // A paste of rows without the header: `name: 16 counters` is distinctive enough when it is all.
  const rows = head.filter((l) => ROW_RE.test(l)).length;
  const other = head.filter((l) => l.trim() !== '' && !l.startsWith('#') && !ROW_RE.test(l)).length;
  return rows >= 2 && other === 0 ? 0.8 : 0;
}

export const netDevFormat: LineFormat<ReadingRecord> = {
  id: 'net-dev',
  summary: '/proc/net/dev snapshots: vif and host NIC counters',
  sniff,
  matchLine,
  open,
  parse: parseLines(open),
};
