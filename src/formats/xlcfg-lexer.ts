/**
 * Tokens of an `xl.cfg` file, exactly as Xen 4.17's libxlutil lexer (`libxlu_cfg_l.l`) cuts them
 * (reference §3.1). Flex picks the longest match and, on a tie, the earliest rule; the rules are
 * disjoint by their first character except `+=` against the Python-looking `+`, so a hand-written
 * scanner reproduces them one to one.
 *
 * What libxlu treats as a lexical error becomes an `error` token carrying xl's own wording; the
 * parser decides how to recover. Two whole-file conditions are reported here and then tolerated so
 * that the rest of the file still reads: CRLF line endings and a comment on the last line without a
 * final newline.
 */
import type { ConfigIssue } from '../model/config.js';

export type XlTokenKind =
  | 'ident'
  | 'number'
  | 'string'
  | '='
  | '+='
  | '['
  | ']'
  | ','
  | ';'
  | 'newline'
  | 'error'
  | 'eof';

export interface XlToken {
  readonly kind: XlTokenKind;
  /** Source text (a comment for `newline` tokens that end one, without the `\n`). */
  readonly text: string;
  /** Dequoted value of a string; the text for other tokens. */
  readonly value: string;
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
  readonly quote?: '"' | "'";
  /** For `error` tokens: what libxlu prints after `near …:`. For strings: a bad escape. */
  readonly problem?: string;
  /** An `error` token whose first character is one of `+ - . ( ) :` (libxlu's "likely Python"). */
  readonly python?: boolean;
}

export interface XlLexResult {
  readonly tokens: XlToken[];
  /** Whole-file lexical problems that were tolerated (CRLF, final comment without newline). */
  readonly issues: ConfigIssue[];
  /** Where libxlu would first have set `likely_python` (an error token starting with `+-.():`). */
  readonly python: { line: number; column: number } | null;
}

const C_a = 97;
const C_z = 122;
const C_0 = 48;
const C_9 = 57;
const C_f = 102;
const C_x = 120;

function isIdentChar(c: number): boolean {
  return (c >= C_a && c <= C_z) || (c >= C_0 && c <= C_9) || c === 95 /* _ */ || c === 46 /* . */;
}

function isNumberChar(c: number): boolean {
  return (c >= C_0 && c <= C_9) || (c >= C_a && c <= C_f) || c === C_x;
}

const PYTHON_CHARS = '+-.():';

/**
 * C `strtoul(numbuf, &ep, 10)` over at most `max` characters of `s` from `at`, as libxlu's octal
 * escape quirk uses it: returns how many characters it consumed (0 when no digit was found).
 */
function strtoulDecimalLength(s: string, at: number, max: number): number {
  const buf = s.slice(at, at + max);
  let i = 0;
  while (i < buf.length && ' \t\n\v\f\r'.includes(buf[i]!)) i++;
  if (i < buf.length && (buf[i] === '+' || buf[i] === '-')) i++;
  const digitsFrom = i;
  while (i < buf.length && buf.charCodeAt(i) >= C_0 && buf.charCodeAt(i) <= C_9) i++;
  return i > digitsFrom ? i : 0;
}

/** The single-letter C escapes both libxlu's strings and Python's share. */
export const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * libxlu's `xlu__cfgl_dequote` in 4.17: the listed escapes, octal escapes that swallow their digits
 * and produce nothing, hex escapes that always fail, anything else fails. On failure libxlu keeps
 * the text decoded so far and flags a lexical error.
 */
export function dequoteXl(token: string): { value: string; problem?: string } {
  if (!token.includes('\\')) return { value: token.slice(1, -1) };
  let out = '';
  const end = token.length - 1;
  let p = 1;
  while (p < end) {
    const c = token[p++]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const nc = token[p++]!;
    switch (nc) {
      case '"':
      case "'":
      case '\\':
        out += nc;
        break;
      case 'a':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
        out += C_ESCAPES[nc];
        break;
      case 'x':
        // `p++` then strtoul over two characters, needing more than two consumed: never true.
        return {
          value: out,
          problem: 'invalid digit after backslash hexnumerical character escape in quoted string',
        };
      default:
        if (nc >= '0' && nc <= '7') {
          // NUMERIC_CHAR(1,3,10,"octal"): base 10 over the next three bytes, at least two used.
          const used = strtoulDecimalLength(token, p, 3);
          if (used <= 1) {
            return {
              value: out,
              problem: 'invalid digit after backslash octalnumerical character escape in quoted string',
            };
          }
          p += used;
          break;
        }
        return { value: out, problem: 'invalid character after backlash in quoted string' };
    }
  }
  return { value: out };
}

/** How libxlu quotes the offending text: trailing blanks dropped, `<newline>` for a bare newline. */
export function nearText(text: string): string {
  let t = text.endsWith('\n') ? text.slice(0, -1) : text;
  const wasNewline = text.endsWith('\n') && t.length === 0;
  t = t.replace(/[ \t]+$/, '');
  if (t.length === 0) return wasNewline ? 'near <newline>' : 'near ';
  return `near \`${t}'`;
}

function token(
  kind: XlTokenKind,
  text: string,
  start: number,
  end: number,
  line: number,
  lineStart: number,
): XlToken {
  const t = text.slice(start, end);
  return { kind, text: t, value: t, line, column: start - lineStart + 1, start, end };
}

/** An error token: the offending character plus the non-blank run after it (flex `lexerr` state). */
function lexErr(text: string, start: number, line: number, lineStart: number, tokens: XlToken[]): number {
  let j = start + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10) break;
    j++;
  }
  const t = text.slice(start, j);
  tokens.push({
    kind: 'error',
    text: t,
    value: t,
    line,
    column: start - lineStart + 1,
    start,
    end: j,
    problem: 'lexical error',
    python: PYTHON_CHARS.includes(text[start]!),
  });
  return j;
}

export function lexXl(text: string, file: string): XlLexResult {
  const tokens: XlToken[] = [];
  const issues: ConfigIssue[] = [];
  let python: { line: number; column: number } | null = null;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  let crlfLines = 0;
  let firstCr: { line: number; column: number } | null = null;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 13 && (i + 1 === n || text.charCodeAt(i + 1) === 10)) {
      // CRLF: libxlu stops at the CR of every such line that is not a comment. Report it once
      // and read on as if the file had Unix line endings.
      crlfLines++;
      if (firstCr === null) firstCr = { line, column: i - lineStart + 1 };
      i++;
      continue;
    }
    if (c === 10) {
      tokens.push({
        kind: 'newline',
        text: '',
        value: '',
        line,
        column: i - lineStart + 1,
        start: i,
        end: i + 1,
      });
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      if (nl >= 0) {
        tokens.push({
          kind: 'newline',
          text: text.slice(i, nl),
          value: text.slice(i, nl),
          line,
          column: i - lineStart + 1,
          start: i,
          end: nl + 1,
        });
        i = nl + 1;
        line++;
        lineStart = i;
        continue;
      }
      // `\#.*\n` needs the newline: at the end of the file the `#` is a lexical error, and what
      // follows it is lexed as ordinary tokens (which may look like Python, too).
      let j = i + 1;
      while (j < n && text[j] !== ' ' && text[j] !== '\t') j++;
      const word = text.slice(i, j).replace(/\r$/, '');
      const column = i - lineStart + 1;
      const rest = lexXl(text.slice(j), file);
      if (rest.python !== null && python === null)
        python = { line, column: column + (j - i) + rest.python.column - 1 };
      issues.push({
        file,
        line,
        column,
        code: 'comment-without-newline',
        message: `config parsing error ${nearText(word)}: lexical error (a comment on the last line needs a final newline)`,
        xlWouldReject: true,
        severity: 'error',
        xlText: `${file}:${line}: config parsing error ${nearText(word)}: lexical error`,
      });
      i = n;
      break;
    }
    if (c >= C_a && c <= C_z) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      tokens.push(token('ident', text, i, j, line, lineStart));
      i = j;
      continue;
    }
    if (c >= C_0 && c <= C_9) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      tokens.push(token('number', text, i, j, line, lineStart));
      i = j;
      continue;
    }
    if (c === 39 /* ' */ || c === 34 /* " */) {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === c) {
          closed = true;
          break;
        }
        if (d === 10) break;
        if (d === 92 /* \ */) {
          if (j + 1 >= n || text.charCodeAt(j + 1) === 10) break;
          j += 2;
          continue;
        }
        j++;
      }
      if (!closed) {
        i = lexErr(text, i, line, lineStart, tokens);
        if (python === null && tokens[tokens.length - 1]!.python)
          python = { line, column: tokens[tokens.length - 1]!.column };
        continue;
      }
      const tok = text.slice(i, j + 1);
      const dq = dequoteXl(tok);
      const str: XlToken = {
        kind: 'string',
        text: tok,
        value: dq.value,
        line,
        column: i - lineStart + 1,
        start: i,
        end: j + 1,
        quote: c === 39 ? "'" : '"',
      };
      tokens.push(dq.problem === undefined ? str : { ...str, problem: dq.problem });
      i = j + 1;
      continue;
    }
    switch (c) {
      case 61 /* = */:
        tokens.push(token('=', text, i, i + 1, line, lineStart));
        i++;
        continue;
      case 43 /* + */:
        if (text.charCodeAt(i + 1) === 61) {
          tokens.push(token('+=', text, i, i + 2, line, lineStart));
          i += 2;
          continue;
        }
        break;
      case 91:
        tokens.push(token('[', text, i, i + 1, line, lineStart));
        i++;
        continue;
      case 93:
        tokens.push(token(']', text, i, i + 1, line, lineStart));
        i++;
        continue;
      case 44:
        tokens.push(token(',', text, i, i + 1, line, lineStart));
        i++;
        continue;
      case 59:
        tokens.push(token(';', text, i, i + 1, line, lineStart));
        i++;
        continue;
    }
    i = lexErr(text, i, line, lineStart, tokens);
    if (python === null && tokens[tokens.length - 1]!.python)
      python = { line, column: tokens[tokens.length - 1]!.column };
  }
  tokens.push({ kind: 'eof', text: '', value: '', line, column: i - lineStart + 1, start: n, end: n });

  if (firstCr !== null) {
    const at: { line: number; column: number } = firstCr;
    issues.push({
      file,
      line: at.line,
      column: at.column,
      code: 'crlf',
      message: `config parsing error near \`\\r': lexical error (the file has CRLF line endings: ${crlfLines} line(s); xl accepts only LF)`,
      xlWouldReject: true,
      severity: 'error',
      xlText: `${file}:${at.line}: config parsing error near \`\r': lexical error`,
    });
  }
  return { tokens, issues, python };
}
