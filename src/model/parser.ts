/**
 * The contract every format parser follows (style.md, "How xenscope should look" §1): pure,
 * streaming, never throwing, no I/O.
 */
import type { ParsedRecord, ParseResult } from './records.js';

/** Options travel here, never through globals; the parser still does no I/O. */
export interface ParseContext {
  readonly file: string;
  readonly host: string;
  /** IANA zone for zone-less stamps (xenconsoled, RFC 3164 syslog, `dmesg -T`). Default UTC. */
  readonly tz: string;
  /** Year for RFC 3164 stamps. When absent, `fileMtime`'s year is used and reported. */
  readonly year?: number;
  /** dom0 (or Xen) boot time, UTC ms, for uptime-stamped sources. */
  readonly bootTime?: number;
  /** Capture start and interval for sources without any time (xentop without date lines). */
  readonly start?: number;
  readonly intervalSeconds?: number;
  /** The file's modification time, UTC ms, when it came from a file. */
  readonly fileMtime?: number;
  /** Whether the leading `# $ cmd` / `# dom0 uptime: N` / `# rc=N` lines of captures are honoured. */
  readonly harnessComments?: boolean;
}

export interface Parser<R extends ParsedRecord = ParsedRecord> {
  /** Stable id, used by `--input-format` and in summaries. */
  readonly id: string;
  readonly summary: string;
  /**
   * How confident this parser is that `head` (the first lines of a file) is its format: 0 = not
   * at all, 1 = certain. Detection picks the highest score above 0.5.
   */
  sniff(head: readonly string[]): number;
  parse(lines: AsyncIterable<string>, ctx: ParseContext): AsyncGenerator<ParseResult<R>>;
  /**
   * For small whole-document formats whose meaning depends on the exact bytes (xl rejects CRLF
   * and a last-line comment without a newline): the file's full text, newlines and CRs kept.
   * The importer prefers it when present.
   */
  parseText?(text: string, ctx: ParseContext): ParseResult<R>[];
}

/**
 * The synchronous core of a line-oriented parser: one state per file. Line formats expose it so
 * that mixed files (pasted mails, interleaved captures) can route each line to the format it
 * matches, and so that hot loops avoid one promise per line.
 */
export interface LineParserState<R extends ParsedRecord = ParsedRecord> {
  /** Parse one line (1-based `lineNo`), appending results to `out`. */
  line(text: string, lineNo: number, out: ParseResult<R>[]): void;
  /** End of input: flush what is pending (multiline blocks, the last iteration). */
  end(out: ParseResult<R>[]): void;
}

export interface LineFormat<R extends ParsedRecord = ParsedRecord> extends Parser<R> {
  /** Does this single line look like this format? Used for files that mix formats. */
  matchLine(line: string): boolean;
  open(ctx: ParseContext): LineParserState<R>;
}

/** Builds `parse` from a line-state factory: the async, streaming face of a `LineFormat`. */
export function parseLines<R extends ParsedRecord>(
  open: (ctx: ParseContext) => LineParserState<R>,
): (lines: AsyncIterable<string>, ctx: ParseContext) => AsyncGenerator<ParseResult<R>> {
  return async function* parse(lines, ctx) {
    const state = open(ctx);
    const out: ParseResult<R>[] = [];
    let n = 0;
    for await (const text of lines) {
      n++;
      state.line(text, n, out);
      if (out.length > 0) {
        yield* out;
        out.length = 0;
      }
    }
    state.end(out);
    yield* out;
  };
}

/** Turns a whole-document parser (JSON, small tables) into the streaming face. */
export function parseWhole<R extends ParsedRecord>(
  parseText: (lines: readonly string[], ctx: ParseContext) => ParseResult<R>[],
): (lines: AsyncIterable<string>, ctx: ParseContext) => AsyncGenerator<ParseResult<R>> {
  return async function* parse(lines, ctx) {
    const all: string[] = [];
    for await (const text of lines) all.push(text);
    yield* parseText(all, ctx);
  };
}

/** Convenience for parsers: a diagnostic result. */
export function diag(
  file: string,
  line: number,
  code: import('./vocabulary.js').DiagCode,
  message: string,
): { ok: false; diag: import('./records.js').Diagnostic } {
  return { ok: false, diag: { file, line, code, message } };
}
