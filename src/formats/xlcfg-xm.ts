/**
 * Legacy xm/xend configuration files (reference §3.7): `xm create` executed them as Python 2 and
 * took the global variables with option names. We do not run Python. We tokenise and parse it,
 * then evaluate only what is certain: literals, variables assigned earlier, string concatenation
 * and `%` formatting with simple arguments, integer arithmetic (Python 2: `/` on ints floors),
 * lists, tuples, and `if` branches whose condition is itself a constant. Anything else (function
 * calls, imported values, loops, branches that depend on the running host) becomes an
 * `xm-unevaluated` issue that names the line and the expression, and the key is left unset: a
 * guess would be worse than a gap.
 *
 * `scanXm` also tells whether a file is xm at all: it is when some statement parses as Python and
 * is not valid xl (an `import`, an expression, `True`, a tuple, triple quotes, `\` continuation).
 */
import type { ConfigIssue, ConfigNode } from '../model/config.js';
import type { SettingInput } from './xlcfg-domain.js';
import { C_ESCAPES } from './xlcfg-lexer.js';

// ---------------------------------------------------------------------------------------------
// Tokens

type PyKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'eof' | 'error';

interface PyTok {
  readonly kind: PyKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
  /** Decoded value of a string token. */
  readonly value?: string;
  readonly quote?: '"' | "'";
  readonly triple?: boolean;
  /** A string with a prefix whose decoding we do not attempt exactly (`\N{…}`). */
  readonly undecodable?: boolean;
}

const OPS3 = ['**=', '//=', '>>=', '<<='];
const OPS2 = [
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '<>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
];
const OPS1 = '+-*/%&|^~<>()[]{},:.;@=`';

/** Python 2 string escapes (`decodeUnicode` for `u''`). Returns null when not exactly decodable. */
function decodePyString(body: string, raw: boolean, unicode: boolean): string | null {
  if (raw) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = body[++i];
    if (d === undefined) return out + '\\';
    switch (d) {
      case '\n':
        break;
      case '\\':
      case "'":
      case '"':
        out += d;
        break;
      case 'a':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
        out += C_ESCAPES[d];
        break;
      case 'x': {
        const h = /^[0-9a-fA-F]{2}/.exec(body.slice(i + 1));
        if (!h) return null;
        out += String.fromCharCode(Number.parseInt(h[0], 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        if (!unicode) {
          out += `\\${d}`;
          break;
        }
        const len = d === 'u' ? 4 : 8;
        const h = new RegExp(`^[0-9a-fA-F]{${len}}`).exec(body.slice(i + 1));
        if (!h) return null;
        const cp = Number.parseInt(h[0], 16);
        if (cp > 0x10ffff) return null;
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      case 'N':
        if (unicode) return null;
        out += '\\N';
        break;
      default:
        if (d >= '0' && d <= '7') {
          const o = /^[0-7]{1,3}/.exec(body.slice(i))![0];
          out += String.fromCharCode(Number.parseInt(o, 8) & 0xff);
          i += o.length - 1;
        } else out += `\\${d}`; // unknown escapes stay as written in Python
    }
  }
  return out;
}

interface PyLex {
  readonly tokens: PyTok[];
  /** Lines with a `\` continuation outside strings. */
  readonly continuations: number[];
}

/** Characters a string token can start with: a quote, or a prefix letter (`r`, `u`, `b`). */
const STRING_START_CHARS = `rRuUbB'"`;

/** `[0-9]`, `[A-Za-z_]`, `[A-Za-z0-9_]` on a character code (NaN past the end: false). */
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || isDigit(c);

function lexPy(text: string): PyLex {
  const tokens: PyTok[] = [];
  const continuations: number[] = [];
  const indents = [0];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let atLineStart = true;
  const n = text.length;
  const tok = (kind: PyKind, start: number, end: number): void => {
    tokens.push({
      kind,
      text: text.slice(start, end),
      line,
      column: start - lineStart + 1,
      start,
      end,
    });
  };
  const newline = (at: number): void => {
    line++;
    lineStart = at;
  };

  while (i < n) {
    if (atLineStart && depth === 0) {
      // Measure indentation; blank and comment-only lines do not count.
      let col = 0;
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) {
        col = text[j] === '\t' ? (Math.floor(col / 8) + 1) * 8 : text[j] === ' ' ? col + 1 : 0;
        j++;
      }
      const c = text[j];
      if (c === undefined) {
        i = j;
        break;
      }
      if (c === '\n' || c === '#' || (c === '\r' && text[j + 1] === '\n')) {
        const nl = text.indexOf('\n', j);
        if (nl < 0) {
          i = n;
          break;
        }
        i = nl + 1;
        newline(i);
        continue;
      }
      atLineStart = false;
      if (col > indents[indents.length - 1]!) {
        indents.push(col);
        tok('indent', i, j);
      } else {
        while (col < indents[indents.length - 1]!) {
          indents.pop();
          tok('dedent', j, j);
        }
        if (col !== indents[indents.length - 1]!) tok('error', i, j); // inconsistent dedent
      }
      i = j;
      continue;
    }
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      continuations.push(line);
      i += text[i + 1] === '\n' ? 2 : 3;
      newline(i);
      continue;
    }
    if (c === '\n') {
      if (depth === 0) {
        tok('newline', i, i + 1);
        atLineStart = true;
      }
      i++;
      newline(i);
      continue;
    }
    // Strings, with an optional prefix (only a quote or a prefix letter can start one).
    const sm = STRING_START_CHARS.includes(c) ? /^([rRuUbB]{0,2})(['"])/.exec(text.slice(i, i + 3)) : null;
    if (sm && (sm[1] === '' || /^(r|u|b|ur|br|R|U|B|UR|BR|Ur|uR|Br|bR)$/.test(sm[1]!))) {
      const prefix = sm[1]!.toLowerCase();
      const q = sm[2]!;
      const qStart = i + sm[1]!.length;
      const triple = text.startsWith(q.repeat(3), qStart);
      const open = triple ? 3 : 1;
      let j = qStart + open;
      let closed = -1;
      const startLine = line;
      const startCol = i - lineStart + 1;
      const lineStarts: number[] = [];
      while (j < n) {
        const d = text[j]!;
        if (d === '\\') {
          if (text[j + 1] === '\n') lineStarts.push(j + 2);
          j += 2;
          continue;
        }
        if (d === '\n') {
          if (!triple) break;
          lineStarts.push(j + 1);
        }
        if (triple ? text.startsWith(q.repeat(3), j) : d === q) {
          closed = j;
          break;
        }
        j++;
      }
      if (closed < 0) {
        const nl = text.indexOf('\n', i);
        const end = nl < 0 ? n : nl;
        tok('error', i, end);
        i = end;
        continue;
      }
      const end = closed + open;
      const body = text.slice(qStart + open, closed);
      const value = decodePyString(body, prefix.includes('r'), prefix.includes('u'));
      tokens.push({
        kind: 'string',
        text: text.slice(i, end),
        line: startLine,
        column: startCol,
        start: i,
        end,
        quote: q as '"' | "'",
        triple,
        ...(value === null ? { undecodable: true } : { value }),
      });
      for (const ls of lineStarts) {
        line++;
        lineStart = ls;
      }
      i = end;
      continue;
    }
    const cc = text.charCodeAt(i);
    if (isNameStart(cc)) {
      let j = i + 1;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      tok('name', i, j);
      i = j;
      continue;
    }
    if (isDigit(cc) || (c === '.' && isDigit(text.charCodeAt(i + 1)))) {
      const m =
        /^(?:0[xX][0-9a-fA-F]+[lL]?|0[oO][0-7]+[lL]?|0[bB][01]+[lL]?|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[jJlL]?)/.exec(
          text.slice(i, i + 400),
        )!;
      tok('number', i, i + m[0].length);
      i += m[0].length;
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const op = OPS3.includes(three) ? three : OPS2.includes(two) ? two : OPS1.includes(c) ? c : null;
    if (op !== null) {
      if (op === '(' || op === '[' || op === '{') depth++;
      else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
      tok('op', i, i + op.length);
      i += op.length;
      continue;
    }
    tok('error', i, i + 1);
    i++;
  }
  if (!atLineStart || depth > 0) tok('newline', n, n);
  while (indents.length > 1) {
    indents.pop();
    tok('dedent', n, n);
  }
  tok('eof', n, n);
  return { tokens, continuations };
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

type Expr =
  | { k: 'num'; t: PyTok }
  | { k: 'str'; parts: PyTok[] }
  | { k: 'name'; t: PyTok }
  | { k: 'list' | 'tuple'; items: Expr[]; start: number; end: number; line: number; column: number }
  | { k: 'opaque'; what: string; start: number; end: number; line: number; column: number }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'cmp'; ops: string[]; items: Expr[] }
  | { k: 'bool'; op: 'and' | 'or'; l: Expr; r: Expr }
  | { k: 'not'; e: Expr; t: PyTok }
  | { k: 'ifexp'; body: Expr; cond: Expr; orelse: Expr }
  | { k: 'sub'; e: Expr; index: Expr; end: number };

type Stmt =
  | { k: 'assign'; targets: Expr[]; value: Expr; aug: string | null; line: number; column: number }
  | { k: 'bind'; names: string[]; why: string; line: number; column: number; body: Stmt[] }
  | { k: 'if'; branches: { cond: Expr | null; body: Stmt[] }[]; line: number; column: number }
  | { k: 'block'; what: string; body: Stmt[]; line: number; column: number }
  | { k: 'other'; what: string; line: number; column: number; expr?: Expr };

const KEYWORDS = new Set([
  'and',
  'as',
  'assert',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'exec',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'not',
  'or',
  'pass',
  'print',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

class PySyntaxError {
  constructor(readonly tok: PyTok) {}
}

function exprStart(e: Expr): { start: number; line: number; column: number } {
  switch (e.k) {
    case 'num':
    case 'name':
      return e.t;
    case 'str':
      return e.parts[0]!;
    case 'list':
    case 'tuple':
    case 'opaque':
      return e;
    case 'bin':
    case 'bool':
      return exprStart(e.l);
    case 'cmp':
      return exprStart(e.items[0]!);
    case 'unary':
      return exprStart(e.e);
    case 'not':
      return e.t;
    case 'ifexp':
      return exprStart(e.body);
    case 'sub':
      return exprStart(e.e);
  }
}

function exprEnd(e: Expr): number {
  switch (e.k) {
    case 'num':
    case 'name':
      return e.t.end;
    case 'str':
      return e.parts[e.parts.length - 1]!.end;
    case 'list':
    case 'tuple':
    case 'opaque':
      return e.end;
    case 'bin':
    case 'bool':
      return exprEnd(e.r);
    case 'cmp':
      return exprEnd(e.items[e.items.length - 1]!);
    case 'unary':
    case 'not':
      return exprEnd(e.e);
    case 'ifexp':
      return exprEnd(e.orelse);
    case 'sub':
      return e.end;
  }
}

class PyParser {
  pos = 0;
  constructor(readonly toks: PyTok[]) {}

  peek(k = 0): PyTok {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  isKw(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'name' && t.text === text;
  }
  next(): PyTok {
    return this.toks[Math.min(this.pos++, this.toks.length - 1)]!;
  }
  expectOp(text: string): PyTok {
    if (!this.isOp(text)) throw new PySyntaxError(this.peek());
    return this.next();
  }

  /** Skips a balanced bracket group starting at an opening bracket; returns the closing token. */
  skipGroup(): PyTok {
    const open = this.next();
    const close = open.text === '(' ? ')' : open.text === '[' ? ']' : open.text === '{' ? '}' : '`';
    let depth = 1;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof' || t.kind === 'error') throw new PySyntaxError(t);
      if (t.kind === 'op') {
        if (close === '`' && t.text === '`') return t;
        if (t.text === open.text && close !== '`') depth++;
        else if (t.text === close && --depth === 0) return t;
      }
    }
  }

  // test: or_test ['if' or_test 'else' test] | lambda
  test(): Expr {
    if (this.isKw('lambda')) {
      const t = this.next();
      while (!this.isOp(':')) {
        if (this.peek().kind === 'eof' || this.peek().kind === 'newline')
          throw new PySyntaxError(this.peek());
        this.next();
      }
      this.next();
      const body = this.test();
      return {
        k: 'opaque',
        what: 'a lambda',
        start: t.start,
        end: exprEnd(body),
        line: t.line,
        column: t.column,
      };
    }
    const body = this.orTest();
    if (this.isKw('if')) {
      this.next();
      const cond = this.orTest();
      if (!this.isKw('else')) throw new PySyntaxError(this.peek());
      this.next();
      const orelse = this.test();
      return { k: 'ifexp', body, cond, orelse };
    }
    return body;
  }
  orTest(): Expr {
    let l = this.andTest();
    while (this.isKw('or')) {
      this.next();
      l = { k: 'bool', op: 'or', l, r: this.andTest() };
    }
    return l;
  }
  andTest(): Expr {
    let l = this.notTest();
    while (this.isKw('and')) {
      this.next();
      l = { k: 'bool', op: 'and', l, r: this.notTest() };
    }
    return l;
  }
  notTest(): Expr {
    if (this.isKw('not')) {
      const t = this.next();
      return { k: 'not', e: this.notTest(), t };
    }
    return this.comparison();
  }
  comparison(): Expr {
    const first = this.bitOr();
    const ops: string[] = [];
    const items = [first];
    for (;;) {
      const t = this.peek();
      let op: string | null = null;
      if (t.kind === 'op' && ['<', '>', '==', '>=', '<=', '!=', '<>'].includes(t.text)) {
        op = t.text;
        this.next();
      } else if (this.isKw('in')) {
        op = 'in';
        this.next();
      } else if (this.isKw('not') && this.isKw('in', 1)) {
        op = 'not in';
        this.pos += 2;
      } else if (this.isKw('is')) {
        this.next();
        op = 'is';
        if (this.isKw('not')) {
          this.next();
          op = 'is not';
        }
      }
      if (op === null) break;
      ops.push(op);
      items.push(this.bitOr());
    }
    return ops.length === 0 ? first : { k: 'cmp', ops, items };
  }
  binLevel(ops: string[], sub: () => Expr): Expr {
    let l = sub();
    while (this.peek().kind === 'op' && ops.includes(this.peek().text)) {
      const op = this.next().text;
      l = { k: 'bin', op, l, r: sub() };
    }
    return l;
  }
  bitOr(): Expr {
    return this.binLevel(['|'], () => this.bitXor());
  }
  bitXor(): Expr {
    return this.binLevel(['^'], () => this.bitAnd());
  }
  bitAnd(): Expr {
    return this.binLevel(['&'], () => this.shift());
  }
  shift(): Expr {
    return this.binLevel(['<<', '>>'], () => this.arith());
  }
  arith(): Expr {
    return this.binLevel(['+', '-'], () => this.term());
  }
  term(): Expr {
    return this.binLevel(['*', '/', '%', '//'], () => this.factor());
  }
  factor(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '+' || t.text === '-' || t.text === '~')) {
      this.next();
      return { k: 'unary', op: t.text, e: this.factor() };
    }
    return this.power();
  }
  power(): Expr {
    let e = this.atom();
    for (;;) {
      if (this.isOp('(')) {
        const s = exprStart(e);
        const close = this.skipGroup();
        e = {
          k: 'opaque',
          what: 'a function call',
          start: s.start,
          end: close.end,
          line: s.line,
          column: s.column,
        };
      } else if (this.isOp('[')) {
        this.next();
        const startPos = this.pos;
        let index: Expr;
        try {
          index = this.test();
          if (!this.isOp(']')) throw new PySyntaxError(this.peek());
        } catch {
          this.pos = startPos - 1;
          const s = exprStart(e);
          const close = this.skipGroup();
          e = {
            k: 'opaque',
            what: 'a slice',
            start: s.start,
            end: close.end,
            line: s.line,
            column: s.column,
          };
          continue;
        }
        const close = this.next();
        e = { k: 'sub', e, index, end: close.end };
      } else if (this.isOp('.')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'name') throw new PySyntaxError(name);
        const s = exprStart(e);
        e = {
          k: 'opaque',
          what: 'an attribute',
          start: s.start,
          end: name.end,
          line: s.line,
          column: s.column,
        };
      } else break;
    }
    if (this.isOp('**')) {
      this.next();
      return { k: 'bin', op: '**', l: e, r: this.factor() };
    }
    return e;
  }
  depth = 0;
  atom(): Expr {
    const t = this.peek();
    // Deep nesting is not a real configuration; refusing it keeps the recursion bounded.
    if (++this.depth > 200) throw new PySyntaxError(t);
    try {
      return this.atomInner(t);
    } finally {
      this.depth--;
    }
  }
  atomInner(t: PyTok): Expr {
    if (t.kind === 'number') {
      this.next();
      return { k: 'num', t };
    }
    if (t.kind === 'string') {
      const parts: PyTok[] = [];
      while (this.peek().kind === 'string') parts.push(this.next());
      return { k: 'str', parts };
    }
    if (t.kind === 'name' && !KEYWORDS.has(t.text)) {
      this.next();
      return { k: 'name', t };
    }
    if (t.kind === 'op' && (t.text === '(' || t.text === '[')) {
      const close = t.text === '(' ? ')' : ']';
      this.next();
      const items: Expr[] = [];
      let comma = false;
      while (!this.isOp(close)) {
        items.push(this.test());
        if (this.isKw('for')) {
          // A comprehension or generator: never evaluated.
          this.pos--;
          while (!this.isOp(close)) {
            if (this.peek().kind === 'eof') throw new PySyntaxError(this.peek());
            if (this.isOp('(') || this.isOp('[') || this.isOp('{')) this.skipGroup();
            else this.next();
          }
          const end = this.next();
          return {
            k: 'opaque',
            what: 'a comprehension',
            start: t.start,
            end: end.end,
            line: t.line,
            column: t.column,
          };
        }
        if (this.isOp(',')) {
          this.next();
          comma = true;
        } else if (!this.isOp(close)) throw new PySyntaxError(this.peek());
      }
      const end = this.next();
      if (t.text === '(' && items.length === 1 && !comma) return items[0]!;
      return {
        k: t.text === '(' ? 'tuple' : 'list',
        items,
        start: t.start,
        end: end.end,
        line: t.line,
        column: t.column,
      };
    }
    if (t.kind === 'op' && (t.text === '{' || t.text === '`')) {
      const close = this.skipGroup();
      const what = t.text === '{' ? 'a dict or set' : 'a backquote repr';
      return { k: 'opaque', what, start: t.start, end: close.end, line: t.line, column: t.column };
    }
    throw new PySyntaxError(t);
  }
  /** testlist: a tuple when there is a comma. */
  testlist(): Expr {
    const first = this.test();
    if (!this.isOp(',')) return first;
    const items = [first];
    let last: number = exprEnd(first);
    while (this.isOp(',')) {
      last = this.next().end;
      if (this.atEndOfSimple()) break;
      const e = this.test();
      items.push(e);
      last = exprEnd(e);
    }
    const s = exprStart(first);
    return { k: 'tuple', items, start: s.start, end: last, line: s.line, column: s.column };
  }
  atEndOfSimple(): boolean {
    const t = this.peek();
    return (
      t.kind === 'newline' || t.kind === 'eof' || (t.kind === 'op' && (t.text === ';' || t.text === '='))
    );
  }

  /** A block after `:`: either simple statements on the same line or an indented suite. */
  suite(): Stmt[] {
    this.expectOp(':');
    if (this.peek().kind === 'newline') {
      this.next();
      if (this.peek().kind !== 'indent') throw new PySyntaxError(this.peek());
      this.next();
      const body: Stmt[] = [];
      while (this.peek().kind !== 'dedent' && this.peek().kind !== 'eof') body.push(...this.statement());
      if (this.peek().kind === 'dedent') this.next();
      return body;
    }
    return this.simpleStatements();
  }

  statement(): Stmt[] {
    const t = this.peek();
    if (t.kind === 'name') {
      switch (t.text) {
        case 'if': {
          const branches: { cond: Expr | null; body: Stmt[] }[] = [];
          this.next();
          branches.push({ cond: this.test(), body: this.suite() });
          while (this.isKw('elif')) {
            this.next();
            branches.push({ cond: this.test(), body: this.suite() });
          }
          if (this.isKw('else')) {
            this.next();
            branches.push({ cond: null, body: this.suite() });
          }
          return [{ k: 'if', branches, line: t.line, column: t.column }];
        }
        case 'for':
        case 'while':
        case 'with':
        case 'try': {
          this.next();
          const body: Stmt[] = [];
          // Header up to `:` (for/while/with), then the suite; try has except/else/finally suites.
          while (!this.isOp(':')) {
            if (this.peek().kind === 'newline' || this.peek().kind === 'eof')
              throw new PySyntaxError(this.peek());
            if (this.isOp('(') || this.isOp('[') || this.isOp('{')) this.skipGroup();
            else this.next();
          }
          body.push(...this.suite());
          while (this.isKw('else') || this.isKw('except') || this.isKw('finally')) {
            this.next();
            while (!this.isOp(':')) {
              if (this.peek().kind === 'newline' || this.peek().kind === 'eof')
                throw new PySyntaxError(this.peek());
              this.next();
            }
            body.push(...this.suite());
          }
          return [{ k: 'block', what: `a \`${t.text}\` statement`, body, line: t.line, column: t.column }];
        }
        case 'def':
        case 'class': {
          this.next();
          const name = this.next();
          if (name.kind !== 'name') throw new PySyntaxError(name);
          while (!this.isOp(':')) {
            if (this.peek().kind === 'newline' || this.peek().kind === 'eof')
              throw new PySyntaxError(this.peek());
            if (this.isOp('(')) this.skipGroup();
            else this.next();
          }
          const body = this.suite();
          return [
            {
              k: 'bind',
              names: [name.text],
              why: `${t.text} ${name.text}`,
              line: t.line,
              column: t.column,
              body,
            },
          ];
        }
      }
    }
    return this.simpleStatements();
  }

  simpleStatements(): Stmt[] {
    const out: Stmt[] = [this.smallStatement()];
    while (this.isOp(';')) {
      this.next();
      if (this.peek().kind === 'newline' || this.peek().kind === 'eof') break;
      out.push(this.smallStatement());
    }
    const end = this.peek();
    if (end.kind === 'newline') this.next();
    else if (end.kind !== 'eof') throw new PySyntaxError(end);
    return out;
  }

  smallStatement(): Stmt {
    const t = this.peek();
    if (t.kind === 'name' && (t.text === 'import' || t.text === 'from')) {
      const names: string[] = [];
      this.next();
      let lastName: string | null = null;
      let afterImport = t.text === 'import';
      while (!this.atEndOfSimple()) {
        const u = this.next();
        if (u.kind === 'name' && u.text === 'import') afterImport = true;
        else if (u.kind === 'name' && u.text === 'as') {
          const alias = this.next();
          if (alias.kind === 'name') lastName = alias.text;
        } else if (u.kind === 'op' && u.text === ',') {
          if (lastName !== null && afterImport) names.push(lastName);
          lastName = null;
        } else if (u.kind === 'name' && afterImport && lastName === null) lastName = u.text;
        else if (u.kind === 'op' && (u.text === '(' || u.text === ')' || u.text === '.' || u.text === '*')) {
          /* parts of a dotted or parenthesised import list */
        } else if (u.kind !== 'name') throw new PySyntaxError(u);
      }
      if (lastName !== null && afterImport) names.push(lastName);
      return {
        k: 'bind',
        names,
        why: `imported by line ${t.line}`,
        line: t.line,
        column: t.column,
        body: [],
      };
    }
    if (t.kind === 'name' && KEYWORDS.has(t.text) && t.text !== 'not' && t.text !== 'lambda') {
      this.next();
      switch (t.text) {
        case 'pass':
        case 'break':
        case 'continue':
          break;
        case 'global':
          do {
            if (this.next().kind !== 'name') throw new PySyntaxError(t);
          } while (this.isOp(',') && this.next());
          break;
        case 'print':
          if (this.isOp('>>')) {
            this.next();
            this.test();
            if (!this.atEndOfSimple()) this.expectOp(',');
          }
          while (!this.atEndOfSimple()) {
            this.test();
            if (!this.isOp(',')) break;
            this.next();
          }
          break;
        case 'del':
        case 'return':
        case 'yield':
        case 'assert':
        case 'exec':
        case 'raise':
          if (!this.atEndOfSimple()) this.testlist();
          if (t.text === 'exec' && this.isKw('in')) {
            this.next();
            this.testlist();
          }
          break;
        default:
          // `in`, `is`, `else`, `as` … cannot start a statement.
          throw new PySyntaxError(t);
      }
      if (!this.atEndOfSimple() || this.isOp('=')) throw new PySyntaxError(this.peek());
      return { k: 'other', what: `a \`${t.text}\` statement`, line: t.line, column: t.column };
    }
    const first = this.testlist();
    const aug = this.peek();
    if (
      aug.kind === 'op' &&
      aug.text.length >= 2 &&
      aug.text.endsWith('=') &&
      !['==', '<=', '>=', '!='].includes(aug.text)
    ) {
      this.next();
      const value = this.testlist();
      if (first.k !== 'name' && first.k !== 'sub' && !(first.k === 'opaque' && first.what === 'an attribute'))
        throw new PySyntaxError(t);
      return {
        k: 'assign',
        targets: [first],
        value,
        aug: aug.text.slice(0, -1),
        line: t.line,
        column: t.column,
      };
    }
    if (!this.isOp('='))
      return { k: 'other', what: 'an expression statement', line: t.line, column: t.column, expr: first };
    const targets = [first];
    let value: Expr = first;
    while (this.isOp('=')) {
      this.next();
      value = this.testlist();
      targets.push(value);
    }
    targets.pop();
    // `install-method = x` is not Python either: only names, subscripts, attributes and
    // tuples of them can be assigned to.
    if (!targets.every(isTarget)) throw new PySyntaxError(t);
    return { k: 'assign', targets, value, aug: null, line: t.line, column: t.column };
  }
}

function isTarget(e: Expr): boolean {
  if (e.k === 'name' || e.k === 'sub') return true;
  if (e.k === 'opaque') return e.what === 'an attribute' || e.what === 'a slice';
  if (e.k === 'tuple' || e.k === 'list') return e.items.length > 0 && e.items.every(isTarget);
  return false;
}

/** A statement that did not parse as Python: skipped to its logical line's end. */
interface BadStatement {
  readonly line: number;
}

function parseProgram(toks: PyTok[]): { stmts: Stmt[]; spans: [number, number][]; bad: BadStatement[] } {
  const p = new PyParser(toks);
  const stmts: Stmt[] = [];
  const spans: [number, number][] = [];
  const bad: BadStatement[] = [];
  while (p.peek().kind !== 'eof') {
    const t = p.peek();
    if (t.kind === 'newline' || t.kind === 'dedent') {
      p.next();
      continue;
    }
    const from = p.pos;
    try {
      if (t.kind === 'indent') throw new PySyntaxError(t);
      for (const s of p.statement()) {
        stmts.push(s);
        spans.push([from, p.pos]);
      }
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
      bad.push({ line: t.line });
      // Resynchronise at the next top-level logical line.
      p.pos = Math.max(p.pos, from + 1);
      let depth = 0;
      for (let k = from; k < p.pos; k++) {
        const u = toks[k]!;
        if (u.kind === 'indent') depth++;
        else if (u.kind === 'dedent') depth--;
      }
      for (;;) {
        const u = p.peek();
        if (u.kind === 'eof') break;
        p.next();
        if (u.kind === 'indent') depth++;
        else if (u.kind === 'dedent') depth--;
        else if (u.kind === 'newline' && depth <= 0 && p.peek().kind !== 'indent') break;
      }
    }
  }
  return { stmts, spans, bad };
}

// ---------------------------------------------------------------------------------------------
// Detection

const XL_NUMBER = /^[0-9][0-9a-fx]*$/;

/** Is this expression something xl's grammar also accepts as a value? */
function isXlValue(e: Expr): boolean {
  switch (e.k) {
    case 'num':
      return XL_NUMBER.test(e.t.text);
    case 'str':
      return e.parts.length === 1 && !e.parts[0]!.triple && /^['"]/.test(e.parts[0]!.text);
    case 'list':
      return e.items.every(isXlValue);
    default:
      return false;
  }
}

function containsOpaqueBrace(e: Expr): boolean {
  switch (e.k) {
    case 'opaque':
      return e.what === 'a dict or set';
    case 'list':
    case 'tuple':
      return e.items.some(containsOpaqueBrace);
    case 'bin':
    case 'bool':
      return containsOpaqueBrace(e.l) || containsOpaqueBrace(e.r);
    default:
      return false;
  }
}

export interface XmReason {
  readonly line: number;
  readonly column: number;
  readonly what: string;
}

export interface XmScan {
  /** Python-only constructs found in statements that parse as Python; empty for an xl file. */
  readonly reasons: readonly XmReason[];
  readonly text: string;
  readonly lex: PyLex;
  readonly program: ReturnType<typeof parseProgram>;
}

function reasonsOf(
  text: string,
  stmts: readonly Stmt[],
  lex: PyLex,
  toks: PyTok[],
  spans: readonly [number, number][],
): XmReason[] {
  const out: XmReason[] = [];
  stmts.forEach((s, idx) => {
    const span = spans[idx]!;
    for (let k = span[0]; k < span[1]; k++) {
      const t = toks[k]!;
      if (t.kind === 'string' && t.triple)
        out.push({ line: t.line, column: t.column, what: 'a triple-quoted string' });
    }
    switch (s.k) {
      case 'bind':
        out.push({
          line: s.line,
          column: s.column,
          what: s.why.startsWith('imported') ? '`import`' : `\`${s.why}\``,
        });
        break;
      case 'if':
        out.push({ line: s.line, column: s.column, what: '`if`' });
        break;
      case 'block':
        out.push({ line: s.line, column: s.column, what: s.what });
        break;
      case 'other':
        // A bare `{{ placeholder }}` parses as a set display: template syntax, not xm.
        if (!(s.expr && containsOpaqueBrace(s.expr)))
          out.push({ line: s.line, column: s.column, what: s.what });
        break;
      case 'assign': {
        const target = s.targets[0]!;
        // `a.b = 1` is both an xl key with a dot and a Python attribute: not evidence either way.
        const dotted =
          target.k === 'opaque' &&
          target.what === 'an attribute' &&
          /^[a-z][._0-9a-z]*$/.test(text.slice(target.start, target.end));
        const simpleTarget = s.targets.length === 1 && (target.k === 'name' || dotted);
        if (!simpleTarget) out.push({ line: s.line, column: s.column, what: 'a Python assignment target' });
        else if (s.aug !== null && s.aug !== '+')
          out.push({ line: s.line, column: s.column, what: `\`${s.aug}=\`` });
        else if (!isXlValue(s.value) && !containsOpaqueBrace(s.value)) {
          const st = exprStart(s.value);
          out.push({ line: st.line, column: st.column, what: 'a Python expression' });
        }
      }
    }
  });
  // A continuation counts only inside a statement that parsed as Python.
  const ranges = spans.map(([a, b]) => [toks[a]!.line, toks[Math.max(a, b - 1)]!.line] as const);
  for (const line of lex.continuations) {
    if (ranges.some(([a, b]) => line >= a && line <= b))
      out.push({ line, column: 1, what: 'a `\\` line continuation' });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Parses the file as Python and lists what makes it xm. Cheap enough to run on every file. */
export function scanXm(text: string): XmScan {
  const lex = lexPy(text);
  const program = parseProgram(lex.tokens);
  const reasons = reasonsOf(text, program.stmts, lex, lex.tokens, program.spans);
  return { reasons, text, lex, program };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

type PyVal =
  | { t: 'int'; v: bigint }
  | { t: 'bool'; v: boolean }
  | { t: 'float'; text: string }
  | { t: 'str'; v: string }
  | { t: 'none' }
  | { t: 'list' | 'tuple'; items: PyVal[] };

class Unevaluable {
  constructor(readonly why: string) {}
}

type Binding = { ok: true; val: PyVal } | { ok: false; why: string };

const truthy = (v: PyVal): boolean => {
  switch (v.t) {
    case 'int':
      return v.v !== 0n;
    case 'bool':
      return v.v;
    case 'str':
      return v.v !== '';
    case 'none':
      return false;
    case 'list':
    case 'tuple':
      return v.items.length > 0;
    case 'float':
      throw new Unevaluable('a float');
  }
};

/** bool is an int in Python arithmetic. */
function asInt(v: PyVal): bigint | null {
  if (v.t === 'int') return v.v;
  if (v.t === 'bool') return v.v ? 1n : 0n;
  return null;
}

function pyRepr(v: PyVal): string {
  switch (v.t) {
    case 'int':
      return v.v.toString();
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'float':
      throw new Unevaluable('the text of a float');
    case 'str': {
      const q = v.v.includes("'") && !v.v.includes('"') ? '"' : "'";
      let s = '';
      for (const ch of v.v) {
        const c = ch.charCodeAt(0);
        if (ch === '\\') s += '\\\\';
        else if (ch === q) s += `\\${q}`;
        else if (ch === '\n') s += '\\n';
        else if (ch === '\r') s += '\\r';
        else if (ch === '\t') s += '\\t';
        else if (c < 32 || c === 127) s += `\\x${c.toString(16).padStart(2, '0')}`;
        else if (c > 127) throw new Unevaluable('the repr of a non-ASCII string');
        else s += ch;
      }
      return q + s + q;
    }
    case 'list':
      return `[${v.items.map(pyRepr).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1 ? `(${pyRepr(v.items[0]!)},)` : `(${v.items.map(pyRepr).join(', ')})`;
  }
}

function pyStr(v: PyVal): string {
  return v.t === 'str' ? v.v : pyRepr(v);
}

function pyEquals(a: PyVal, b: PyVal): boolean {
  const ai = asInt(a);
  const bi = asInt(b);
  if (ai !== null && bi !== null) return ai === bi;
  if (a.t === 'float' || b.t === 'float') throw new Unevaluable('a float comparison');
  if (a.t !== b.t) return false;
  if (a.t === 'str') return a.v === (b as { v: string }).v;
  if (a.t === 'none') return true;
  if (a.t === 'list' || a.t === 'tuple') {
    const bi2 = (b as { items: PyVal[] }).items;
    return a.items.length === bi2.length && a.items.every((x, i) => pyEquals(x, bi2[i]!));
  }
  return false;
}

/** Python 2 `%` formatting with `%s %r %d %i %u %x %X %o %%` and flags/width/precision. */
function pyFormat(fmt: string, arg: PyVal): string {
  const args = arg.t === 'tuple' ? arg.items : [arg];
  let ai = 0;
  let out = '';
  const re = /%([-+ #0]*)(\d+)?(?:\.(\d+))?[hlL]?([a-zA-Z%])/y;
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === '(') throw new Unevaluable('`%(name)` formatting');
    re.lastIndex = i;
    const m = re.exec(fmt);
    if (!m) throw new Unevaluable('a `%` format this reader does not do exactly');
    i = re.lastIndex;
    const [, flags = '', widthS, precS, conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    const a = args[ai++];
    if (a === undefined) throw new Unevaluable('not enough arguments for format string');
    let s: string;
    switch (conv) {
      case 's':
        s = pyStr(a);
        if (precS !== undefined) s = s.slice(0, Number(precS));
        break;
      case 'r':
        s = pyRepr(a);
        if (precS !== undefined) s = s.slice(0, Number(precS));
        break;
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        const n = asInt(a);
        if (n === null) throw new Unevaluable(`%${conv} of a ${a.t}`);
        const neg = n < 0n;
        const abs = neg ? -n : n;
        let digits =
          conv === 'x' || conv === 'X' ? abs.toString(16) : conv === 'o' ? abs.toString(8) : abs.toString();
        if (conv === 'X') digits = digits.toUpperCase();
        if (precS !== undefined) digits = digits.padStart(Number(precS), '0');
        if (flags.includes('#')) {
          if (conv === 'x') digits = `0x${digits}`;
          else if (conv === 'X') digits = `0X${digits}`;
          else if (conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
        }
        const sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        const width = widthS === undefined ? 0 : Number(widthS);
        if (flags.includes('0') && !flags.includes('-') && precS === undefined) {
          digits = digits.padStart(width - sign.length, '0');
        }
        s = sign + digits;
        break;
      }
      default:
        throw new Unevaluable(`the \`%${conv}\` conversion`);
    }
    const width = widthS === undefined ? 0 : Number(widthS);
    s = flags.includes('-') ? s.padEnd(width) : s.padStart(width);
    out += s;
  }
  if (ai < args.length) throw new Unevaluable('not all arguments converted during string formatting');
  return out;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function binop(op: string, l: PyVal, r: PyVal): PyVal {
  if (l.t === 'float' || r.t === 'float') throw new Unevaluable('float arithmetic');
  const li = asInt(l);
  const ri = asInt(r);
  if (li !== null && ri !== null) {
    switch (op) {
      case '+':
        return { t: 'int', v: li + ri };
      case '-':
        return { t: 'int', v: li - ri };
      case '*':
        return { t: 'int', v: li * ri };
      case '/':
      case '//':
        if (ri === 0n) throw new Unevaluable('a division by zero');
        return { t: 'int', v: floorDiv(li, ri) };
      case '%': {
        if (ri === 0n) throw new Unevaluable('a modulo by zero');
        return { t: 'int', v: li - ri * floorDiv(li, ri) };
      }
      case '**':
        if (ri < 0n) throw new Unevaluable('a negative power (a float)');
        if (ri > 4096n) throw new Unevaluable('a very large power');
        return { t: 'int', v: li ** ri };
      case '<<':
        if (ri < 0n || ri > 4096n) throw new Unevaluable('a shift out of range');
        return { t: 'int', v: li << ri };
      case '>>':
        if (ri < 0n) throw new Unevaluable('a negative shift');
        return { t: 'int', v: li >> ri };
      case '&':
        return { t: 'int', v: li & ri };
      case '|':
        return { t: 'int', v: li | ri };
      case '^':
        return { t: 'int', v: li ^ ri };
    }
  }
  if (op === '+') {
    if (l.t === 'str' && r.t === 'str') return { t: 'str', v: l.v + r.v };
    if ((l.t === 'list' && r.t === 'list') || (l.t === 'tuple' && r.t === 'tuple'))
      return { t: l.t, items: [...l.items, ...r.items] };
  }
  if (op === '*') {
    const [seq, count] = ri !== null ? [l, ri] : li !== null ? [r, li] : [null, null];
    if (seq !== null && count !== null) {
      if (count > 100_000n) throw new Unevaluable('a very large repetition');
      const k = count < 0n ? 0 : Number(count);
      if (seq.t === 'str') return { t: 'str', v: seq.v.repeat(k) };
      if (seq.t === 'list' || seq.t === 'tuple')
        return { t: seq.t, items: Array.from({ length: k }, () => seq.items).flat() };
    }
  }
  if (op === '%' && l.t === 'str') return { t: 'str', v: pyFormat(l.v, r) };
  throw new Unevaluable(`\`${op}\` between a ${l.t} and a ${r.t}`);
}

function compare(op: string, a: PyVal, b: PyVal): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
    case '<>':
      return !pyEquals(a, b);
    case 'is':
    case 'is not': {
      if (!(a.t === 'none' || b.t === 'none' || a.t === 'bool' || b.t === 'bool'))
        throw new Unevaluable('`is` on values whose identity is not known');
      const same = a.t === b.t && pyEquals(a, b);
      return op === 'is' ? same : !same;
    }
    case 'in':
    case 'not in': {
      let found: boolean;
      if (b.t === 'str' && a.t === 'str') found = b.v.includes(a.v);
      else if (b.t === 'list' || b.t === 'tuple') found = b.items.some((x) => pyEquals(a, x));
      else throw new Unevaluable(`\`in\` on a ${b.t}`);
      return op === 'in' ? found : !found;
    }
  }
  const ai = asInt(a);
  const bi = asInt(b);
  let c: number;
  if (ai !== null && bi !== null) c = ai < bi ? -1 : ai > bi ? 1 : 0;
  else if (a.t === 'str' && b.t === 'str') c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  else throw new Unevaluable(`ordering a ${a.t} and a ${b.t}`);
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

function numberValue(text: string): PyVal {
  const t = text.replace(/[lL]$/, '');
  if (/[jJ]$/.test(t)) throw new Unevaluable('a complex number');
  if (/^0[xX]/.test(t)) return { t: 'int', v: BigInt(t) };
  if (/^0[oO]/.test(t)) return { t: 'int', v: BigInt(`0o${t.slice(2)}`) };
  if (/^0[bB]/.test(t)) return { t: 'int', v: BigInt(t) };
  if (/^0\d/.test(t)) {
    if (!/^0[0-7]+$/.test(t)) throw new Unevaluable('an invalid octal literal');
    return { t: 'int', v: BigInt(`0o${t.slice(1)}`) };
  }
  if (/^\d+$/.test(t)) return { t: 'int', v: BigInt(t) };
  return { t: 'float', text };
}

class Evaluator {
  readonly env = new Map<string, Binding>();
  readonly settings: SettingInput[] = [];
  readonly issues: ConfigIssue[] = [];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  src(e: Expr): string {
    return this.text.slice(exprStart(e).start, exprEnd(e)).replace(/\s+/g, ' ');
  }

  eval(e: Expr): PyVal {
    switch (e.k) {
      case 'num':
        return numberValue(e.t.text);
      case 'str': {
        let s = '';
        for (const p of e.parts) {
          if (p.value === undefined) throw new Unevaluable('a string escape this reader does not decode');
          s += p.value;
        }
        return { t: 'str', v: s };
      }
      case 'name': {
        const id = e.t.text;
        if (id === 'True') return { t: 'bool', v: true };
        if (id === 'False') return { t: 'bool', v: false };
        if (id === 'None') return { t: 'none' };
        const b = this.env.get(id);
        if (b === undefined)
          throw new Unevaluable(`\`${id}\` is not assigned before (a builtin or a runtime name)`);
        if (!b.ok) throw new Unevaluable(`it uses \`${id}\`, which could not be evaluated (${b.why})`);
        return b.val;
      }
      case 'list':
      case 'tuple':
        return { t: e.k, items: e.items.map((x) => this.eval(x)) };
      case 'opaque':
        throw new Unevaluable(`it contains ${e.what}`);
      case 'bin':
        return binop(e.op, this.eval(e.l), this.eval(e.r));
      case 'unary': {
        const v = this.eval(e.e);
        const n = asInt(v);
        if (n === null) throw new Unevaluable(`unary \`${e.op}\` on a ${v.t}`);
        return { t: 'int', v: e.op === '-' ? -n : e.op === '~' ? -n - 1n : n };
      }
      case 'cmp': {
        let left = this.eval(e.items[0]!);
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.eval(e.items[i + 1]!);
          if (!compare(e.ops[i]!, left, right)) return { t: 'bool', v: false };
          left = right;
        }
        return { t: 'bool', v: true };
      }
      case 'bool': {
        const l = this.eval(e.l);
        if (e.op === 'and') return truthy(l) ? this.eval(e.r) : l;
        return truthy(l) ? l : this.eval(e.r);
      }
      case 'not':
        return { t: 'bool', v: !truthy(this.eval(e.e)) };
      case 'ifexp':
        return truthy(this.eval(e.cond)) ? this.eval(e.body) : this.eval(e.orelse);
      case 'sub': {
        const base = this.eval(e.e);
        const idx = asInt(this.eval(e.index));
        if (idx === null) throw new Unevaluable('an index that is not an integer');
        const seq =
          base.t === 'str'
            ? [...base.v].map((c): PyVal => ({ t: 'str', v: c }))
            : base.t === 'list' || base.t === 'tuple'
              ? base.items
              : null;
        if (seq === null) throw new Unevaluable(`indexing a ${base.t}`);
        const i = Number(idx < 0n ? BigInt(seq.length) + idx : idx);
        const v = seq[i];
        if (v === undefined) throw new Unevaluable('an index out of range');
        return v;
      }
    }
  }

  unevaluated(line: number, column: number, key: string, expr: string, why: string): void {
    this.issues.push({
      file: this.file,
      line,
      column,
      code: 'xm-unevaluated',
      message: `line ${line}: \`${key}\` = \`${expr}\` cannot be evaluated without running Python: ${why}`,
      xlWouldReject: true,
      severity: 'warning',
    });
  }

  /** Binds a name; names that look like options become settings (or are unset when unknown). */
  bind(name: string, b: Binding, at: { line: number; column: number }, expr: Expr | null): void {
    this.env.set(name, b);
    if (!/^[a-z][_0-9a-z]*$/.test(name)) return;
    if (!b.ok || b.val.t === 'none') {
      this.settings.push(unsetting(name, at));
      return;
    }
    try {
      const node = this.toNode(b.val, expr, at);
      this.settings.push({ key: name, op: '=', node, line: at.line, keyColumn: at.column, recovered: false });
    } catch (err) {
      if (!(err instanceof Unevaluable)) throw err;
      this.unevaluated(at.line, at.column, name, expr ? this.src(expr) : name, err.why);
      this.env.set(name, { ok: false, why: err.why });
      this.settings.push(unsetting(name, at));
    }
  }

  toNode(v: PyVal, e: Expr | null, at: { line: number; column: number }): ConfigNode {
    const pos = e ? exprStart(e) : at;
    const token = e ? this.text.slice(exprStart(e).start, exprEnd(e)) : '';
    switch (v.t) {
      case 'str': {
        const quote = e?.k === 'str' && e.parts.length === 1 ? (e.parts[0]!.quote ?? null) : null;
        return { kind: 'atom', text: v.v, token, quote, line: pos.line, column: pos.column };
      }
      case 'int':
        return { kind: 'atom', text: v.v.toString(), token, quote: null, line: pos.line, column: pos.column };
      case 'bool':
        return {
          kind: 'atom',
          text: v.v ? '1' : '0',
          token,
          quote: null,
          line: pos.line,
          column: pos.column,
        };
      case 'float':
        return { kind: 'atom', text: v.text, token, quote: null, line: pos.line, column: pos.column };
      case 'none':
        throw new Unevaluable('None inside a list');
      case 'list':
      case 'tuple': {
        const same =
          e && (e.k === 'list' || e.k === 'tuple') && e.items.length === v.items.length ? e.items : null;
        const items = v.items.map((x, i) => this.toNode(x, same ? same[i]! : e, at));
        return { kind: 'list', items, line: pos.line, column: pos.column };
      }
    }
  }

  assign(target: Expr, b: Binding, at: { line: number; column: number }, expr: Expr | null): void {
    if (target.k === 'name') {
      this.bind(target.t.text, b, exprStart(target), expr);
      return;
    }
    if (target.k === 'tuple' || target.k === 'list') {
      const seq = b.ok && (b.val.t === 'list' || b.val.t === 'tuple') ? b.val.items : null;
      const exprItems = expr && (expr.k === 'tuple' || expr.k === 'list') ? expr.items : null;
      target.items.forEach((t, i) => {
        const sub: Binding =
          seq && seq.length === target.items.length
            ? { ok: true, val: seq[i]! }
            : { ok: false, why: b.ok ? 'unpacking a value of another length' : b.why };
        this.assign(t, sub, at, exprItems && exprItems.length === target.items.length ? exprItems[i]! : expr);
      });
      return;
    }
    // `x[0] = …`, `x.y = …`: mutation of something we may have evaluated.
    const base = target.k === 'sub' ? target.e : target;
    if (base.k === 'name')
      this.bind(base.t.text, { ok: false, why: `changed in place at line ${at.line}` }, at, null);
  }

  /** Names a statement list may bind (for branches and loops we cannot follow). */
  assignedNames(stmts: readonly Stmt[], out: Map<string, { line: number; column: number }>): void {
    const targetNames = (e: Expr): void => {
      if (e.k === 'name' && !out.has(e.t.text)) out.set(e.t.text, e.t);
      else if (e.k === 'tuple' || e.k === 'list') e.items.forEach(targetNames);
      else if (e.k === 'sub') targetNames(e.e);
    };
    for (const s of stmts) {
      if (s.k === 'assign') {
        s.targets.forEach(targetNames);
      } else if (s.k === 'bind') {
        for (const n of s.names) if (!out.has(n)) out.set(n, s);
      } else if (s.k === 'if') {
        for (const br of s.branches) this.assignedNames(br.body, out);
      } else if (s.k === 'block') {
        this.assignedNames(s.body, out);
      }
    }
  }

  runtimeDependent(stmts: readonly Stmt[], why: string): void {
    const names = new Map<string, { line: number; column: number }>();
    this.assignedNames(stmts, names);
    for (const [name, at] of names) {
      if (/^[a-z][_0-9a-z]*$/.test(name)) this.unevaluated(at.line, at.column, name, name, why);
      this.env.set(name, { ok: false, why });
      if (/^[a-z][_0-9a-z]*$/.test(name)) this.settings.push(unsetting(name, at));
    }
  }

  exec(stmts: readonly Stmt[]): void {
    for (const s of stmts) {
      switch (s.k) {
        case 'assign': {
          let b: Binding;
          try {
            let val = this.eval(s.value);
            if (s.aug !== null) {
              const target = s.targets[0]!;
              if (target.k !== 'name') throw new Unevaluable('an augmented assignment to a part of a value');
              const cur = this.eval(target);
              if (s.aug === '+' && cur.t === 'list' && (val.t === 'list' || val.t === 'tuple'))
                val = { t: 'list', items: [...cur.items, ...val.items] };
              else val = binop(s.aug, cur, val);
            }
            b = { ok: true, val };
          } catch (err) {
            if (!(err instanceof Unevaluable)) throw err;
            b = { ok: false, why: err.why };
            for (const t of s.targets) {
              const names = new Map<string, { line: number; column: number }>();
              this.assignedNames([{ ...s, targets: [t] }], names);
              for (const [name, at] of names)
                if (/^[a-z][_0-9a-z]*$/.test(name))
                  this.unevaluated(at.line, at.column, name, this.src(s.value), err.why);
            }
          }
          const expr = s.aug === null ? s.value : null;
          for (const t of s.targets) this.assign(t, b, s, expr);
          break;
        }
        case 'bind':
          for (const n of s.names) this.env.set(n, { ok: false, why: s.why });
          break;
        case 'if': {
          let taken = false;
          for (let i = 0; i < s.branches.length && !taken; i++) {
            const br = s.branches[i]!;
            if (br.cond === null) {
              this.exec(br.body);
              taken = true;
              break;
            }
            try {
              if (truthy(this.eval(br.cond))) {
                this.exec(br.body);
                taken = true;
              }
            } catch (err) {
              if (!(err instanceof Unevaluable)) throw err;
              const cond = this.src(br.cond);
              const rest = s.branches.slice(i).flatMap((x) => x.body);
              this.runtimeDependent(
                rest,
                `assigned under \`if ${cond}\` (line ${s.line}), which depends on ${err.why}`,
              );
              taken = true;
            }
          }
          break;
        }
        case 'block':
          this.runtimeDependent(s.body, `assigned inside ${s.what} (line ${s.line})`);
          break;
        case 'other':
          break;
      }
    }
  }
}

function unsetting(name: string, at: { line: number; column: number }): SettingInput {
  return {
    key: name,
    op: '=',
    node: { kind: 'atom', text: '', token: '', quote: null, line: at.line, column: at.column },
    line: at.line,
    keyColumn: at.column,
    recovered: false,
    unset: true,
  };
}

/** Evaluates an xm file's top-level assignments (see the module comment). */
export function evaluateXm(scan: XmScan, file: string): { settings: SettingInput[]; issues: ConfigIssue[] } {
  const ev = new Evaluator(scan.text, file);
  ev.exec(scan.program.stmts);
  for (const b of scan.program.bad) {
    ev.issues.push({
      file,
      line: b.line,
      column: 1,
      code: 'xm-syntax-error',
      message: `line ${b.line} is neither Python nor xl syntax; skipped`,
      xlWouldReject: true,
      severity: 'error',
    });
  }
  const first = scan.reasons[0];
  if (first !== undefined) {
    const what = [...new Set(scan.reasons.map((r) => r.what))].slice(0, 4).join(', ');
    ev.issues.push({
      file,
      line: first.line,
      column: first.column,
      code: 'xm-python',
      message: `this is an xm (Python) file, which xl cannot read: ${what}`,
      xlWouldReject: true,
      severity: 'error',
    });
  }
  return { settings: ev.settings, issues: ev.issues };
}
