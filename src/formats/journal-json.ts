/**
 * `journalctl -o json` (reference §5.11): one JSON object per line, every value a string. MESSAGE
 * is an array of byte values when it holds non-printable or non-UTF-8 bytes, null when larger than
 * 4096 bytes (without `--all`), and an array of values when the field occurs several times.
 * `__REALTIME_TIMESTAMP` (µs) is the time; a kernel record's `_SOURCE_MONOTONIC_TIMESTAMP` (µs since
 * boot) is kept as `uptime`; PRIORITY gives the severity. Identifier `kernel` → source `kernel`,
 * anything else → `journal`.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { ParsedRecord, ParseResult } from '../model/records.js';
import { cleanText, fail, logRecord, ok, severityOfPriority, shareScore, sniffLines } from './log-lines.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A journal field value as text: string, number, byte array, or several of those. */
function fieldText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255))
      return utf8.decode(Uint8Array.from(v as number[]));
    const parts = v.map(fieldText).filter((p): p is string => p !== undefined);
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  return undefined;
}

/** A µs field as a number; the first value when the field occurs several times. */
function micros(v: unknown): number | undefined {
  const t = Array.isArray(v) ? fieldText(v[0]) : fieldText(v);
  if (t === undefined || !/^\d{1,20}$/.test(t)) return undefined;
  return Number(t);
}

function looksLikeJournal(s: string): boolean {
  const t = s.trimStart();
  return t.charCodeAt(0) === 0x7b && (t.includes('"__REALTIME_TIMESTAMP"') || t.includes('"__CURSOR"'));
}

export const journalJsonFormat: LineFormat = {
  id: 'journal-json',
  summary: 'journalctl -o json: one journal entry per line',
  sniff(head) {
    const lines = sniffLines(head);
    let hits = 0;
    for (const s of lines) if (looksLikeJournal(s)) hits++;
    return shareScore(hits, lines.length, 0.98);
  },
  matchLine(line) {
    return looksLikeJournal(line);
  },
  open(ctx) {
    return new JournalJsonState(ctx);
  },
  parse: parseLines((ctx) => new JournalJsonState(ctx)),
};

class JournalJsonState implements LineParserState {
  readonly #ctx: ParseContext;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    if (text.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      out.push(fail(this.#ctx, lineNo, 'bad_json', 'expected one journal entry as a JSON object per line'));
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      out.push(fail(this.#ctx, lineNo, 'bad_json', 'expected a JSON object (a journal entry)'));
      return;
    }
    const e = obj as Record<string, unknown>;
    // null: journalctl left out a field over 4096 bytes; the entry (time, priority) still counts.
    const message = cleanText(fieldText(e.MESSAGE) ?? '');
    const real = micros(e.__REALTIME_TIMESTAMP);
    const ts = real === undefined ? null : Math.floor(real / 1000);
    const mono = micros(e._SOURCE_MONOTONIC_TIMESTAMP);
    const pri = fieldText(e.PRIORITY);
    const severity = pri !== undefined && /^[0-7]$/.test(pri) ? severityOfPriority(Number(pri)) : undefined;
    const identifier = fieldText(e.SYSLOG_IDENTIFIER) ?? fieldText(e._COMM);
    const kernel = identifier === 'kernel' || fieldText(e._TRANSPORT) === 'kernel';
    out.push(
      ok(
        logRecord(lineNo, kernel ? 'kernel' : 'journal', message, ts, ts === null ? null : 'line', {
          severity,
          program: identifier,
          hostname: fieldText(e._HOSTNAME),
          uptime: mono === undefined ? undefined : mono / 1e6,
        }),
      ),
    );
  }

  end(): void {}
}
