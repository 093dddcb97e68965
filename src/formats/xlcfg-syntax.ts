/**
 * The statement grammar of `xl.cfg` (libxlu_cfg_y.y, reference §3.1) over the tokens of
 * `xlcfg-lexer.ts`, with the error messages bison prints for libxlu and a recovery libxlu does not
 * have: libxlu rejects the whole file on the first error, we record the error and read on, so a
 * hyphenated key or a template placeholder never hides the disks and vifs around it.
 *
 * Recovery rules: an error at statement level skips to the end of the line; an error inside a list
 * drops that element and goes on at the next `,` or `]`, so a list keeps its good elements (the
 * setting is marked `recovered`); a list that is never closed ends where a line starts with
 * `key =`.
 */
import type { ConfigAtomNode, ConfigIssue, ConfigListNode, ConfigNode } from '../model/config.js';
import { lexXl, nearText, type XlLexResult, type XlToken, type XlTokenKind } from './xlcfg-lexer.js';

/** An assignment as the grammar sees it, before `+=` is applied. */
export interface RawSetting {
  readonly key: string;
  readonly op: '=' | '+=';
  readonly node: ConfigNode;
  readonly line: number;
  readonly keyColumn: number;
  readonly recovered: boolean;
  /** The token that ended the statement (xl words `+=` errors against it). */
  readonly endToken: { readonly text: string; readonly line: number };
}

export interface XlSyntaxResult {
  readonly settings: RawSetting[];
  readonly issues: ConfigIssue[];
}

/** Bison's names for tokens in `unexpected X` / `expecting Y`. */
function tokenName(kind: XlTokenKind): string {
  switch (kind) {
    case 'ident':
      return 'IDENT';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
    case 'newline':
      return 'NEWLINE';
    case '+=':
      return '"+="';
    case 'eof':
      return '$end';
    case 'error':
      return 'error';
    default:
      return `'${kind}'`;
  }
}

const EXPECT_AFTER_IDENT = `"+=" or '='`;
const EXPECT_VALUE = `STRING or NUMBER or '['`;
const EXPECT_END = '$end';
const EXPECT_CLOSE = `']'`;

class Failure {
  constructor(readonly token: XlToken) {}
}

/** The parser's state for one file (a class, so that no closures are made per file). */
class XlParser {
  readonly toks: XlToken[];
  readonly settings: RawSetting[] = [];
  readonly issues: ConfigIssue[];
  pos = 0;
  /** One syntax error per statement, like bison's three-token silence after an error. */
  statementFailed = false;
  depth = 0;
  /** libxlu prints nothing more for a line once it reported a lexical error on it. */
  lexErrLine = 0;
  /** Error tokens already reported (an error token may be met again while skipping). */
  readonly reported = new Set<XlToken>();

  constructor(
    readonly file: string,
    lex: XlLexResult,
  ) {
    this.toks = lex.tokens;
    this.issues = [...lex.issues];
  }

  peek(k = 0): XlToken {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }

  lexicalIssue(t: XlToken): void {
    if (t.line <= this.lexErrLine) return;
    this.lexErrLine = t.line;
    const reason = t.problem ?? 'lexical error';
    this.issues.push({
      file: this.file,
      line: t.line,
      column: t.column,
      code: t.kind === 'string' ? 'bad-escape' : 'lexical-error',
      message: `config parsing error ${nearText(t.text)}: ${reason}`,
      xlWouldReject: true,
      severity: 'error',
      xlText: `${this.file}:${t.line}: config parsing error ${nearText(t.text)}: ${reason}`,
    });
  }

  syntaxIssue(t: XlToken, expecting: string): void {
    if (t.kind === 'error') {
      this.lexicalIssue(t);
      this.statementFailed = true;
      return;
    }
    if (this.statementFailed) return;
    this.statementFailed = true;
    if (t.line <= this.lexErrLine) return;
    const reason = `syntax error, unexpected ${tokenName(t.kind)}, expecting ${expecting}`;
    const near = t.kind === 'newline' ? nearText(`${t.text}\n`) : nearText(t.text);
    // libxlu's yyerror takes one off the line of a token ending in a newline, and its NEWLINE
    // token already carries the line before: xl names the line above.
    const xlLine = t.kind === 'newline' ? t.line - 1 : t.line;
    this.issues.push({
      file: this.file,
      line: t.line,
      column: t.column,
      code: 'syntax-error',
      message: `config parsing error ${near}: ${reason}`,
      xlWouldReject: true,
      severity: 'error',
      xlText: `${this.file}:${xlLine}: config parsing error ${near}: ${reason}`,
    });
  }

  looksLikeStatement(at: number): boolean {
    const a = this.toks[at];
    const b = this.toks[at + 1];
    return a?.kind === 'ident' && (b?.kind === '=' || b?.kind === '+=');
  }

  skipNewlines(): void {
    while (this.peek().kind === 'newline') this.pos++;
  }

  /** Skips a bad list element: to the next `,` or end of line (consumed) or `]`. */
  skipElement(): void {
    let nest = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'error') this.lexicalIssueOnce(t);
      if (t.kind === '[') nest++;
      else if (t.kind === ']') {
        if (nest === 0) return;
        nest--;
      } else if (t.kind === ',' && nest === 0) {
        this.pos++;
        return;
      } else if (t.kind === 'newline' && nest === 0) {
        // Lists are written one element per line; an error token may have eaten the comma.
        this.pos++;
        return;
      }
      this.pos++;
    }
  }

  lexicalIssueOnce(t: XlToken): void {
    if (this.reported.has(t)) return;
    this.reported.add(t);
    this.lexicalIssue(t);
  }

  atom(t: XlToken): ConfigAtomNode {
    if (t.kind === 'string' && t.problem) this.lexicalIssueOnce(t);
    return {
      kind: 'atom',
      text: t.value,
      token: t.text,
      quote: t.quote ?? null,
      line: t.line,
      column: t.column,
    };
  }

  /** value := STRING | NUMBER | '[' list ']'. Throws Failure at a token that cannot start one. */
  parseValue(inList: boolean): { node: ConfigNode; recovered: boolean; unterminated: boolean } {
    const t = this.peek();
    if (t.kind === 'string' || t.kind === 'number') {
      this.pos++;
      return { node: this.atom(t), recovered: false, unterminated: false };
    }
    if (t.kind === '[') {
      // libxlu has no limit, but thousands of nested brackets are not a configuration.
      if (this.depth >= 64) {
        this.issues.push({
          file: this.file,
          line: t.line,
          column: t.column,
          code: 'nesting-too-deep',
          message: 'lists nested more than 64 deep are not read',
          xlWouldReject: false,
          severity: 'error',
        });
        this.statementFailed = true;
        throw new Failure(t);
      }
      this.pos++;
      this.depth++;
      try {
        return this.parseList(t);
      } finally {
        this.depth--;
      }
    }
    if (t.kind === 'error') this.reported.add(t);
    this.syntaxIssue(t, inList ? EXPECT_CLOSE : EXPECT_VALUE);
    throw new Failure(t);
  }

  parseList(open: XlToken): { node: ConfigListNode; recovered: boolean; unterminated: boolean } {
    // Grown by push (room for 17 or more); each node keeps an exact-size copy.
    const items: ConfigNode[] = [];
    let recovered = false;
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (t.kind === ']') {
        this.pos++;
        break;
      }
      if (t.kind === 'eof' || (t.kind === 'ident' && this.looksLikeStatement(this.pos))) {
        // Never closed: bison wants `]` here. Keep what we have; the caller resumes at `t`.
        this.syntaxIssue(t, EXPECT_CLOSE);
        return {
          node: { kind: 'list', items: items.slice(), line: open.line, column: open.column },
          recovered: true,
          unterminated: true,
        };
      }
      let element: ConfigNode | null = null;
      try {
        const v = this.parseValue(true);
        if (v.unterminated) {
          items.push(v.node);
          return {
            node: { kind: 'list', items: items.slice(), line: open.line, column: open.column },
            recovered: true,
            unterminated: true,
          };
        }
        element = v.node;
        recovered ||= v.recovered;
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        recovered = true;
        this.skipElement();
        this.skipNewlines();
        continue;
      }
      this.skipNewlines();
      const sep = this.peek();
      if (sep.kind === ',') {
        items.push(element);
        this.pos++;
        this.skipNewlines();
        continue;
      }
      if (sep.kind === ']') {
        items.push(element);
        continue;
      }
      if (sep.kind === 'eof' || this.looksLikeStatement(this.pos)) {
        items.push(element);
        continue;
      }
      // Junk after an element (`'a' + 'b'`, a placeholder): the element's meaning is unclear.
      if (sep.kind === 'error') this.reported.add(sep);
      this.syntaxIssue(sep, EXPECT_CLOSE);
      recovered = true;
      this.skipElement();
      this.skipNewlines();
    }
    return {
      node: { kind: 'list', items: items.slice(), line: open.line, column: open.column },
      recovered,
      unterminated: false,
    };
  }

  skipLine(): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'newline' || t.kind === 'eof') return;
      if (t.kind === 'error') this.lexicalIssueOnce(t);
      this.pos++;
    }
  }

  parseStatement(): void {
    const key = this.peek();
    this.pos++;
    const opTok = this.peek();
    if (opTok.kind !== '=' && opTok.kind !== '+=') {
      if (opTok.kind === 'error') this.reported.add(opTok);
      this.syntaxIssue(opTok, EXPECT_AFTER_IDENT);
      this.skipLine();
      return;
    }
    this.pos++;
    let value: { node: ConfigNode; recovered: boolean; unterminated: boolean };
    try {
      value = this.parseValue(false);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      this.skipLine();
      return;
    }
    const end = this.peek();
    if (value.unterminated || end.kind === 'newline' || end.kind === ';' || end.kind === 'eof') {
      this.settings.push({
        key: key.text,
        op: opTok.kind === '+=' ? '+=' : '=',
        node: value.node,
        line: key.line,
        keyColumn: key.column,
        recovered: value.recovered,
        endToken: { text: end.kind === 'newline' ? `${end.text}\n` : end.text, line: end.line },
      });
      // An unclosed list ends where the next statement starts: that one begins afresh.
      if (value.unterminated) this.statementFailed = false;
      return;
    }
    // Something after a complete value (`memory = 512 * 2`): the value as read is not what the
    // author meant, so it is not kept.
    if (end.kind === 'error') this.reported.add(end);
    this.syntaxIssue(end, EXPECT_END);
    this.skipLine();
  }

  run(lex: XlLexResult): XlSyntaxResult {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'newline' || t.kind === ';') {
        this.pos++;
        this.statementFailed = false;
        continue;
      }
      if (t.kind === 'ident') {
        this.parseStatement();
        continue;
      }
      if (t.kind === 'error') this.reported.add(t);
      this.syntaxIssue(t, EXPECT_END);
      this.skipLine();
    }

    if (lex.python !== null && this.issues.some((i) => i.xlWouldReject)) {
      const at = lex.python;
      const text =
        'warning: Config file looks like it contains Python code.\n' +
        'warning:  Arbitrary Python is no longer supported.\n' +
        'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig';
      this.issues.push({
        file: this.file,
        line: at.line,
        column: at.column,
        code: 'looks-like-python',
        message: text,
        xlWouldReject: true,
        severity: 'info',
        xlText: text,
      });
    }
    this.issues.sort((a, b) => a.line - b.line || a.column - b.column);
    return { settings: this.settings, issues: this.issues };
  }
}

export function parseXlSyntax(text: string, file: string): XlSyntaxResult {
  const lex = lexXl(text, file);
  return new XlParser(file, lex).run(lex);
}
