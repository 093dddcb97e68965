/**
 * The parser for files that mix formats line by line (a mail with pasted `xl dmesg` and syslog
 * lines, interleaved captures): each line goes to the first line format that claims it, each
 * format keeping its own state; mail quoting is removed first. Lines nobody claims are reported
 * (the importer counts them all and shows the first few).
 */
import {
  diag,
  type LineFormat,
  type LineParserState,
  type ParseContext,
  type ParseResult,
  type Parser,
  parseLines,
} from '../model/index.js';
import { unquote } from './detect-format.js';

export function mixedFormat(formats: readonly LineFormat[]): Parser {
  function open(ctx: ParseContext): LineParserState {
    const states = new Map<string, LineParserState>();
    const stateOf = (f: LineFormat) => {
      let s = states.get(f.id);
      if (!s) {
        s = f.open(ctx);
        states.set(f.id, s);
      }
      return s;
    };
    return {
      line(text: string, lineNo: number, out: ParseResult[]) {
        const line = unquote(text);
        if (line.trim() === '') return;
        for (const f of formats) {
          let claims = false;
          try {
            claims = f.matchLine(line);
          } catch {
            claims = false;
          }
          if (claims) {
            stateOf(f).line(line, lineNo, out);
            return;
          }
        }
        out.push(diag(ctx.file, lineNo, 'unknown_line', 'not a line of any known format'));
      },
      end(out: ParseResult[]) {
        for (const s of states.values()) s.end(out);
      },
    };
  }
  return {
    id: 'mixed',
    summary: 'lines of several formats in one file (pasted mails, interleaved captures)',
    sniff: () => 0,
    parse: parseLines(open),
  };
}
