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
import { lexXl, nearText, type XlToken, type XlTokenKind } from './xlcfg-lexer.js';

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

export function parseXlSyntax(text: string, file: string): XlSyntaxResult {
  const lex = lexXl(text, file);
  const toks = lex.tokens;
  const settings: RawSetting[] = [];
  const issues: ConfigIssue[] = [...lex.issues];
  let pos = 0;
  /** One syntax error per statement, like bison's three-token silence after an error. */
  let statementFailed = false;
  let depth = 0;

  const peek = (k = 0): XlToken => toks[Math.min(pos + k, toks.length - 1)]!;

  /** libxlu prints nothing more for a line once it reported a lexical error on it. */
  let lexErrLine = 0;
  const lexicalIssue = (t: XlToken): void => {
    if (t.line <= lexErrLine) return;
    lexErrLine = t.line;
    const reason = t.problem ?? 'lexical error';
    issues.push({
      file,
      line: t.line,
      column: t.column,
      code: t.kind === 'string' ? 'bad-escape' : 'lexical-error',
      message: `config parsing error ${nearText(t.text)}: ${reason}`,
      xlWouldReject: true,
      severity: 'error',
      xlText: `${file}:${t.line}: config parsing error ${nearText(t.text)}: ${reason}`,
    });
  };

  const syntaxIssue = (t: XlToken, expecting: string): void => {
    if (t.kind === 'error') {
      lexicalIssue(t);
      statementFailed = true;
      return;
    }
    if (statementFailed) return;
    statementFailed = true;
    if (t.line <= lexErrLine) return;
    const reason = `syntax error, unexpected ${tokenName(t.kind)}, expecting ${expecting}`;
    const near = t.kind === 'newline' ? nearText(`${t.text}\n`) : nearText(t.text);
    // libxlu's yyerror takes one off the line of a token ending in a newline, and its NEWLINE
    // token already carries the line before: xl names the line above.
    const xlLine = t.kind === 'newline' ? t.line - 1 : t.line;
    issues.push({
      file,
      line: t.line,
      column: t.column,
      code: 'syntax-error',
      message: `config parsing error ${near}: ${reason}`,
      xlWouldReject: true,
      severity: 'error',
      xlText: `${file}:${xlLine}: config parsing error ${near}: ${reason}`,
    });
  };

  const looksLikeStatement = (at: number): boolean => {
    const a = toks[at];
    const b = toks[at + 1];
    return a?.kind === 'ident' && (b?.kind === '=' || b?.kind === '+=');
  };

  const skipNewlines = (): void => {
    while (peek().kind === 'newline') pos++;
  };

  /** Skips a bad list element: to the next `,` or end of line (consumed) or `]`. */
  const skipElement = (): void => {
    let depth = 0;
    for (;;) {
      const t = peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'error') lexicalIssueOnce(t);
      if (t.kind === '[') depth++;
      else if (t.kind === ']') {
        if (depth === 0) return;
        depth--;
      } else if (t.kind === ',' && depth === 0) {
        pos++;
        return;
      } else if (t.kind === 'newline' && depth === 0) {
        // Lists are written one element per line; an error token may have eaten the comma.
        pos++;
        return;
      }
      pos++;
    }
  };

  const reported = new Set<XlToken>();
  const lexicalIssueOnce = (t: XlToken): void => {
    if (reported.has(t)) return;
    reported.add(t);
    lexicalIssue(t);
  };

  const atom = (t: XlToken): ConfigAtomNode => {
    if (t.kind === 'string' && t.problem) lexicalIssueOnce(t);
    return {
      kind: 'atom',
      text: t.value,
      token: t.text,
      quote: t.quote ?? null,
      line: t.line,
      column: t.column,
    };
  };

  /** value := STRING | NUMBER | '[' list ']'. Throws Failure at a token that cannot start one. */
  const parseValue = (inList: boolean): { node: ConfigNode; recovered: boolean; unterminated: boolean } => {
    const t = peek();
    if (t.kind === 'string' || t.kind === 'number') {
      pos++;
      return { node: atom(t), recovered: false, unterminated: false };
    }
    if (t.kind === '[') {
      // libxlu has no limit, but thousands of nested brackets are not a configuration.
      if (depth >= 64) {
        issues.push({
          file,
          line: t.line,
          column: t.column,
          code: 'nesting-too-deep',
          message: 'lists nested more than 64 deep are not read',
          xlWouldReject: false,
          severity: 'error',
        });
        statementFailed = true;
        throw new Failure(t);
      }
      pos++;
      depth++;
      try {
        return parseList(t);
      } finally {
        depth--;
      }
    }
    if (t.kind === 'error') reported.add(t);
    syntaxIssue(t, inList ? EXPECT_CLOSE : EXPECT_VALUE);
    throw new Failure(t);
  };

  const parseList = (open: XlToken): { node: ConfigListNode; recovered: boolean; unterminated: boolean } => {
    const items: ConfigNode[] = [];
    let recovered = false;
    skipNewlines();
    for (;;) {
      const t = peek();
      if (t.kind === ']') {
        pos++;
        break;
      }
      if (t.kind === 'eof' || (t.kind === 'ident' && looksLikeStatement(pos))) {
        // Never closed: bison wants `]` here. Keep what we have; the caller resumes at `t`.
        syntaxIssue(t, EXPECT_CLOSE);
        return { node: { kind: 'list', items, line: open.line, column: open.column }, recovered: true, unterminated: true };
      }
      let element: ConfigNode | null = null;
      try {
        const v = parseValue(true);
        if (v.unterminated) {
          items.push(v.node);
          return { node: { kind: 'list', items, line: open.line, column: open.column }, recovered: true, unterminated: true };
        }
        element = v.node;
        recovered ||= v.recovered;
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        recovered = true;
        skipElement();
        skipNewlines();
        continue;
      }
      skipNewlines();
      const sep = peek();
      if (sep.kind === ',') {
        items.push(element);
        pos++;
        skipNewlines();
        continue;
      }
      if (sep.kind === ']') {
        items.push(element);
        continue;
      }
      if (sep.kind === 'eof' || looksLikeStatement(pos)) {
        items.push(element);
        continue;
      }
      // Junk after an element (`'a' + 'b'`, a placeholder): the element's meaning is unclear.
      if (sep.kind === 'error') reported.add(sep);
      syntaxIssue(sep, EXPECT_CLOSE);
      recovered = true;
      skipElement();
      skipNewlines();
    }
    return { node: { kind: 'list', items, line: open.line, column: open.column }, recovered, unterminated: false };
  };

  const skipLine = (): void => {
    for (;;) {
      const t = peek();
      if (t.kind === 'newline' || t.kind === 'eof') return;
      if (t.kind === 'error') lexicalIssueOnce(t);
      pos++;
    }
  };

  const parseStatement = (): void => {
    const key = peek();
    pos++;
    const opTok = peek();
    if (opTok.kind !== '=' && opTok.kind !== '+=') {
      if (opTok.kind === 'error') reported.add(opTok);
      syntaxIssue(opTok, EXPECT_AFTER_IDENT);
      skipLine();
      return;
    }
    pos++;
    let value: { node: ConfigNode; recovered: boolean; unterminated: boolean };
    try {
      value = parseValue(false);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      skipLine();
      return;
    }
    const end = peek();
    const store = (): void => {
      settings.push({
        key: key.text,
        op: opTok.kind === '+=' ? '+=' : '=',
        node: value.node,
        line: key.line,
        keyColumn: key.column,
        recovered: value.recovered,
        endToken: { text: end.kind === 'newline' ? `${end.text}\n` : end.text, line: end.line },
      });
    };
    if (value.unterminated) {
      store();
      return;
    }
    if (end.kind === 'newline' || end.kind === ';' || end.kind === 'eof') {
      store();
      return;
    }
    // Something after a complete value (`memory = 512 * 2`): the value as read is not what the
    // author meant, so it is not kept.
    if (end.kind === 'error') reported.add(end);
    syntaxIssue(end, EXPECT_END);
    skipLine();
  };

  for (;;) {
    const t = peek();
    if (t.kind === 'eof') break;
    if (t.kind === 'newline' || t.kind === ';') {
      pos++;
      statementFailed = false;
      continue;
    }
    if (t.kind === 'ident') {
      parseStatement();
      continue;
    }
    if (t.kind === 'error') reported.add(t);
    syntaxIssue(t, EXPECT_END);
    skipLine();
  }

  if (lex.python !== null && issues.some((i) => i.xlWouldReject)) {
    const at = lex.python;
    const text =
      'warning: Config file looks like it contains Python code.\n' +
      'warning:  Arbitrary Python is no longer supported.\n' +
      'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig';
    issues.push({
      file,
      line: at.line,
      column: at.column,
      code: 'looks-like-python',
      message: text,
      xlWouldReject: true,
      severity: 'info',
      xlText: text,
    });
  }
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { settings, issues };
}
