/**
 * Corpus lines → LogRecords shaped like the parsers' (src/formats) output, without depending on
 * those parsers: these tests are about classification and folding, and must fail only for that.
 * Only the prefixes a parser strips are stripped: xenconsoled's `[YYYY-MM-DD HH:MM:SS] `, the
 * `(XEN) ` tag with its console stamp, dmesg's `[ seconds]`, xenstored's stamp.
 */
import type { LogRecord } from '../../src/model/index.js';
import { linesOf, readShared } from '../helpers/shared.js';

export function rec(message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { type: 'log', source: 'syslog', message, line: 1, ts: 0, tsSource: 'line', ...extra };
}

/** Lines of a corpus file (path parts under ../shared/corpus). */
export function corpusLines(...parts: string[]): string[] {
  return linesOf(readShared('corpus', ...parts));
}

export function labLines(...parts: string[]): string[] {
  return corpusLines('xen-4.17-lab', ...parts);
}

/** One line (1-based) of a corpus file, failing loudly when it is not there. */
export function corpusLine(parts: readonly string[], line: number): string {
  const lines = corpusLines(...parts);
  const text = lines[line - 1];
  if (text === undefined) throw new Error(`${parts.join('/')} has no line ${line}`);
  return text;
}

/** `console/guest-<name>.log`: the stamp gives ts; the guest kernel's uptime stays in the message. */
export function guestConsoleRecords(lines: readonly string[], domain: string): LogRecord[] {
  return lines.map((text, i) => {
    const m = /^\[(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\] ?/.exec(text);
    const ts = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
    return rec(m ? text.slice(m[0].length) : text, {
      source: 'console',
      domain,
      line: i + 1,
      ts,
      tsSource: ts === null ? null : 'line',
    });
  });
}

/** `xl dmesg` / hypervisor.log: `(XEN) ` and an optional `[ uptime]` console stamp are stripped. */
export function hypervisorRecords(lines: readonly string[]): LogRecord[] {
  return lines.map((text, i) => {
    const m = /^(?:\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] )?\(XEN\)(?: |$)(?:\[\s*(\d+\.\d+)\] )?/.exec(text);
    const uptime = m?.[1] !== undefined ? Number(m[1]) : undefined;
    const extra: Partial<LogRecord> = { source: 'hypervisor', line: i + 1, ts: null, tsSource: null };
    return rec(m ? text.slice(m[0].length) : text, uptime === undefined ? extra : { ...extra, uptime });
  });
}

/** dom0 `dmesg`: `[ seconds.micro] message`. */
export function dmesgRecords(lines: readonly string[]): LogRecord[] {
  return lines.map((text, i) => {
    const m = /^\[\s*(\d+\.\d+)\] ?/.exec(text);
    const extra: Partial<LogRecord> = { source: 'kernel', line: i + 1, ts: null, tsSource: null };
    return rec(m ? text.slice(m[0].length) : text, m ? { ...extra, uptime: Number(m[1]) } : extra);
  });
}

/** `xl-<name>.log`: no time, the domain from the file name. */
export function xlLogRecords(lines: readonly string[], domain: string): LogRecord[] {
  return lines.map((text, i) => rec(text, { source: 'xl', domain, line: i + 1, ts: null, tsSource: null }));
}

/** `xenstored-access.log`: the stamp gives ts; the rest is `<conn> <op> <path> [value]`. */
export function xenstoredRecords(lines: readonly string[]): LogRecord[] {
  return lines.map((text, i) => {
    const m = /^\[(\d{4})(\d\d)(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z\]\s+/.exec(text);
    const ts = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : null;
    const message = (m ? text.slice(m[0].length) : text).replace(/ {2,}/g, ' ').trimEnd();
    return rec(message, { source: 'xenstored', line: i + 1, ts, tsSource: ts === null ? null : 'line' });
  });
}
