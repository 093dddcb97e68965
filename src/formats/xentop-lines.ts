/**
 * Readers of xentop's domain rows and `Net<N>` / `VBD` sub-lines. The regexes (and `tokenRow`)
 * define what is accepted and how diagnostics are worded; in front of them, byte scanners read the
 * common shape (ASCII, columns separated by spaces) left to right in one pass: no match arrays, no
 * substrings, no `Number(string)`. A scanner accepts only lines its regex accepts, with the same
 * values, and says no to anything else, which then goes the regex way: the two paths cannot
 * disagree (the tests check this on generated and mutated lines).
 *
 * The counters a reader reads are left in the scratch arrays `COUNTS` and `NET_COUNTS` rather than
 * in a new object per line: a capture has a Net and a VBD line per domain per iteration, and the
 * parser copies them into its own buffers at once. They are valid until the next read.
 */

export const STATE_RE = /^[d-][s-][b-][c-][p-][r-]$/;

export const NET_RE =
  /^Net(\d+)\s+RX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop\s+TX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop\s*$/;
export const VBD_RE =
  /^VBD\s+(\S+)\s+(-?\d+)\s+\[\s*[0-9a-f]+:\s*[0-9a-f]+\]\s+OO:\s*(\d+|-)\s+RD:\s*(\d+|-)\s+WR:\s*(\d+|-)\s+RSECT:\s*(\d+|-)\s+WSECT:\s*(\d+|-)\s*$/;

/** A VBD count xentop printed as `-` (statistics unreadable). Real counts are never negative. */
export const NO_COUNT = -1;

/**
 * OO, RD, WR, RSECT, WSECT of the last row (its VBD_* columns) or VBD sub-line read, `NO_COUNT`
 * where xentop printed `-`.
 */
export const COUNTS = new Float64Array(5);

/** RX bytes, pkts, drops, TX bytes, pkts, drops of the last Net sub-line read (err is not kept). */
export const NET_COUNTS = new Float64Array(6);

/** A domain row as read; where the parser keeps its sub-lines is added when it is buffered. */
export class Row {
  /**
   * Where the parser keeps the row's VBD totals and sub-lines, and its Net sub-lines, in its
   * buffers (xentop.ts): set when the row is buffered, grown as sub-lines attach.
   */
  vbdAt = 0;
  vbdEnd = 0;
  netAt = 0;
  netEnd = 0;

  // The columns in xentop's order; the VBD_* ones are left in COUNTS by the reader.
  constructor(
    readonly line: number,
    readonly name: string,
    readonly state: string,
    readonly cpuSec: number,
    readonly cpuPct: number,
    readonly memK: number,
    /** Null for `no limit n/a`. */
    readonly maxmemK: number | null,
    readonly vcpus: number,
    readonly nets: number,
    readonly netTxK: number,
    readonly netRxK: number,
    readonly vbds: number,
  ) {}
}

export type RowResult =
  | { ok: true; row: Row }
  | { ok: false; code: 'bad_field_count' | 'bad_number'; message: string };

const INT_RE = /^\d+$/;
const DEC_RE = /^\d+(?:\.\d+)?$/;
const VBD_VALUE_RE = /^(?:\d+|-)$/;

/** `\d+` or `-` as a count. */
const countOf = (s: string | undefined): number => (s === '-' ? NO_COUNT : Number(s));

/**
 * Tokenises a domain row from the right (reference §1.9): the reference, and the wording of
 * diagnostics. On success the VBD_* columns are in `COUNTS`.
 */
export function tokenRow(text: string, lineNo: number): RowResult {
  const tokens: { text: string; index: number }[] = [];
  for (const m of text.matchAll(/\S+/g)) tokens.push({ text: m[0], index: m.index });
  let n = tokens.length;
  // `no limit` / `n/a` (no maximum memory): one value printed as two tokens.
  let maxmem: string | null = null;
  if (
    n >= 20 &&
    tokens[n - 12]!.text === 'n/a' &&
    tokens[n - 13]!.text === 'limit' &&
    tokens[n - 14]!.text === 'no'
  ) {
    tokens.splice(n - 14, 2, { text: 'no limit', index: tokens[n - 14]!.index });
    n = tokens.length;
    maxmem = 'no limit';
  }
  if (n < 19) {
    return {
      ok: false,
      code: 'bad_field_count',
      message: `expected a xentop domain row of 19 columns, found ${n}`,
    };
  }
  const col = (fromRight: number) => tokens[n - fromRight]!.text;
  const state = col(18);
  if (!STATE_RE.test(state)) {
    return {
      ok: false,
      code: 'bad_field_count',
      message: `expected STATE flags like --b--- in column 2, found '${state}'`,
    };
  }
  const checks: [string, number, RegExp][] = [
    ['CPU(sec)', 17, INT_RE],
    ['CPU(%)', 16, DEC_RE],
    ['MEM(k)', 15, INT_RE],
    ['MEM(%)', 14, DEC_RE],
    ['VCPUS', 11, INT_RE],
    ['NETS', 10, INT_RE],
    ['NETTX(k)', 9, INT_RE],
    ['NETRX(k)', 8, INT_RE],
    ['VBDS', 7, INT_RE],
    ['VBD_OO', 6, VBD_VALUE_RE],
    ['VBD_RD', 5, VBD_VALUE_RE],
    ['VBD_WR', 4, VBD_VALUE_RE],
    ['VBD_RSECT', 3, VBD_VALUE_RE],
    ['VBD_WSECT', 2, VBD_VALUE_RE],
    ['SSID', 1, INT_RE],
  ];
  for (const [title, at, re] of checks) {
    if (!re.test(col(at))) {
      return {
        ok: false,
        code: 'bad_number',
        message: `expected a number in column ${title}, found '${col(at)}'`,
      };
    }
  }
  const maxmemText = col(13);
  const maxmemPct = col(12);
  if (maxmem === null && (!INT_RE.test(maxmemText) || !DEC_RE.test(maxmemPct))) {
    return {
      ok: false,
      code: 'bad_number',
      message: `expected a number or 'no limit n/a' in columns MAXMEM(k) MAXMEM(%), found '${maxmemText} ${maxmemPct}'`,
    };
  }
  const name = text.slice(0, tokens[n - 18]!.index).trim();
  if (name === '')
    return { ok: false, code: 'bad_field_count', message: 'expected a domain name before STATE' };
  for (let k = 0; k < 5; k++) COUNTS[k] = countOf(col(6 - k));
  return {
    ok: true,
    row: new Row(
      lineNo,
      name,
      state,
      Number(col(17)),
      Number(col(16)),
      Number(col(15)),
      maxmem === null ? Number(maxmemText) : null,
      Number(col(11)),
      Number(col(10)),
      Number(col(9)),
      Number(col(8)),
      Number(col(7)),
    ),
  };
}

/**
 * A well-formed domain row in one regex: the name, then the 18 columns whose shapes `tokenRow`
 * checks one by one (MAXMEM may be `no limit n/a`). The columns are fixed from the right, so the
 * lazy name stops exactly where `tokenRow`'s right-to-left tokens put it.
 */
const ROW_RE =
  /^(.*?)\s+([d-][s-][b-][c-][p-][r-])\s+(\d+)\s+(\d+(?:\.\d+)?)\s+(\d+)\s+\d+(?:\.\d+)?\s+(?:(\d+)\s+\d+(?:\.\d+)?|no\s+limit\s+n\/a)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+\d+\s*$/;
/** Longer lines go to `tokenRow` alone: the lazy name makes a failing match quadratic in length. */
const ROW_RE_MAX = 1024;

/**
 * The common case of `tokenRow` in one native match instead of a token array and a regex per
 * column. Null for anything else, and `tokenRow` (the reference) then decides and words the
 * diagnostic, so both accept the same rows with the same values. The VBD_* columns go to `COUNTS`.
 */
export function matchRow(text: string, lineNo: number): Row | null {
  if (text.length > ROW_RE_MAX) return null;
  const m = ROW_RE.exec(text);
  if (!m) return null;
  const name = m[1]!.trim();
  // An empty name makes 18 tokens: tokenRow's column count complaint.
  if (name === '') return null;
  for (let k = 0; k < 5; k++) COUNTS[k] = countOf(m[12 + k]);
  return new Row(
    lineNo,
    name,
    m[2]!,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    m[6] === undefined ? null : Number(m[6]),
    Number(m[7]),
    Number(m[8]),
    Number(m[9]),
    Number(m[10]),
    Number(m[11]),
  );
}

/** A Net sub-line: its ordinal (the counters in `NET_COUNTS`), or -1 when the regex says no. */
export function matchNet(text: string): number {
  const m = NET_RE.exec(text);
  if (!m) return -1;
  const c = NET_COUNTS;
  c[0] = Number(m[2]);
  c[1] = Number(m[3]);
  c[2] = Number(m[5]);
  c[3] = Number(m[6]);
  c[4] = Number(m[7]);
  c[5] = Number(m[9]);
  return Number(m[1]);
}

/** A VBD sub-line: its devid (OO .. WSECT in `COUNTS`), or null when the regex says no. */
export function matchVbd(text: string): number | null {
  const m = VBD_RE.exec(text);
  if (!m) return null;
  for (let k = 0; k < 5; k++) COUNTS[k] = countOf(m[3 + k]);
  return Number(m[2]);
}

// ---------------------------------------------------------------------------------------------
// Byte scanners. A line is copied into `bytes` once (`loadLine`: indexing a byte array is several
// times faster than `charCodeAt` on the slices of a chunk that lines are), cut into tokens at its
// spaces in one tight pass that also reads each token's leading digits (`tokenize`), and then
// checked token by token against the line kind's shape. Only the common shape is taken: tokens
// separated by spaces (0x20), printable ASCII, numbers of at most 15 digits. Anything else (tabs,
// non-ASCII, `RX:12bytes` without a space, 16-digit numbers) is left to the regexes.
// All of this is the scratch of one synchronous call, never state.

const SCRATCH = 4096;
/** The line's bytes, then a 0 sentinel that stops every loop (0 is no digit, space or letter). */
const bytes = new Uint8Array(SCRATCH + 4);
/**
 * The same bytes four at a time: xentop pads its columns with long runs of spaces, which
 * `skipSpaces` steps over a word at a time. The word holding the sentinel is never all spaces,
 * so no word loop runs past the line.
 */
const words = new Uint32Array(bytes.buffer);
const FOUR_SPACES = 0x20202020;
const encoder = new TextEncoder();

/**
 * Copies `text` into the scanners' scratch: its length when every character is ASCII (then byte i
 * is character i), else -1 (the regexes read it). Non-ASCII makes more bytes than characters.
 */
export function loadLine(text: string): number {
  if (text.length > SCRATCH) return -1;
  const r = encoder.encodeInto(text, bytes);
  if (r.read !== text.length || r.written !== text.length) return -1;
  bytes[text.length] = 0;
  return text.length;
}

/** A row has 19 tokens (20 with `no limit n/a`) plus a name's spaces; more is left to the regexes. */
const MAX_TOKENS = 32;
const tokStart = new Int32Array(MAX_TOKENS);
const tokEnd = new Int32Array(MAX_TOKENS);
/** Where the token's leading digits end (its start when it has none), and their value. */
const tokDigitsEnd = new Int32Array(MAX_TOKENS);
const tokDigits = new Float64Array(MAX_TOKENS);

/**
 * Up to 15 digits: below 2^53, so `v * 10 + d` is exact, and a decimal `digits / 10^k` is the
 * correctly rounded quotient of two exact doubles, which is what `Number(text)` gives.
 */
const MAX_DIGITS = 15;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Spaces from `at`: the index after them. */
function skipSpaces(at: number): number {
  const b = bytes;
  let i = at;
  // Byte by byte up to a word boundary, then by words, then the rest of the run.
  while ((i & 3) !== 0 && b[i] === 0x20) i++;
  while (words[i >> 2] === FOUR_SPACES) i += 4;
  while (b[i] === 0x20) i++;
  return i;
}

/**
 * Cuts the loaded line of `n` bytes into tokens at runs of spaces: how many, or -1 when a byte is
 * a control character or DEL (`\s` other than space is the regexes' business), or there are more
 * than MAX_TOKENS. A digit run longer than 15 is read inexactly, and refused by every check below.
 */
function tokenize(n: number): number {
  // Locals for the module's arrays: TurboFan reloads a module binding on every access in a loop.
  const b = bytes;
  const starts = tokStart;
  const ends = tokEnd;
  let t = 0;
  let i = 0;
  for (;;) {
    i = skipSpaces(i);
    if (i >= n) return t;
    if (t === MAX_TOKENS) return -1;
    starts[t] = i;
    let v = 0;
    for (;;) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      i++;
    }
    tokDigitsEnd[t] = i;
    tokDigits[t] = v;
    while (b[i]! > 0x20 && b[i]! < 0x7f) i++;
    if (i < n && b[i] !== 0x20) return -1;
    ends[t] = i;
    t++;
  }
}

/** Token `k` has leading digits, 1 to 15 of them. */
function hasDigits(k: number): boolean {
  const len = tokDigitsEnd[k]! - tokStart[k]!;
  return len > 0 && len <= MAX_DIGITS;
}

/** Token `k` as `\d+`, else -1. */
function uintTok(k: number): number {
  return hasDigits(k) && tokDigitsEnd[k] === tokEnd[k] ? tokDigits[k]! : -1;
}

/** Token `k` as `\d+(?:\.\d+)?` (15 digits in all at most), else -1. */
function decTok(k: number): number {
  if (!hasDigits(k)) return -1;
  const dot = tokDigitsEnd[k]!;
  const end = tokEnd[k]!;
  if (dot === end) return tokDigits[k]!;
  const frac = end - dot - 1;
  if (bytes[dot] !== 0x2e || frac === 0 || dot - tokStart[k]! + frac > MAX_DIGITS) return -1;
  let v = tokDigits[k]!;
  for (let i = dot + 1; i < end; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v / POW10[frac]!;
}

/** Token `k` as a VBD count: digits, or `-` as NO_COUNT; -2 for anything else. */
function countTok(k: number): number {
  if (tokEnd[k]! - tokStart[k]! === 1 && bytes[tokStart[k]!] === 0x2d) return NO_COUNT;
  const v = uintTok(k);
  return v < 0 ? -2 : v;
}

/** The bytes from `at` are `w`. */
function bytesAre(at: number, w: Uint8Array): boolean {
  for (let k = 0; k < w.length; k++) if (bytes[at + k] !== w[k]) return false;
  return true;
}

/** Token `k` is exactly `w`. */
function tokIs(k: number, w: Uint8Array): boolean {
  return tokEnd[k]! - tokStart[k]! === w.length && bytesAre(tokStart[k]!, w);
}

/** Token `k` as digits then `unit` (`2048bytes`): the digits' value, else -1. */
function unitTok(k: number, unit: Uint8Array): number {
  const at = tokDigitsEnd[k]!;
  return hasDigits(k) && tokEnd[k]! - at === unit.length && bytesAre(at, unit) ? tokDigits[k]! : -1;
}

/** `\d+` (1 to 15 digits) from `at` to `end` exactly, else -1. */
function digitsBetween(at: number, end: number): number {
  if (end <= at || end - at > MAX_DIGITS) return -1;
  let v = 0;
  for (let i = at; i < end; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const W_NET = ascii('Net');
const W_RX = ascii('RX:');
const W_TX = ascii('TX:');
const W_BYTES = ascii('bytes');
const W_PKTS = ascii('pkts');
const W_ERR = ascii('err');
const W_DROP = ascii('drop');
const W_VBD = ascii('VBD');
const VBD_LABELS = ['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:'].map(ascii);
const W_NO = ascii('no');
const W_LIMIT = ascii('limit');
const W_NA = ascii('n/a');

/** `(\d+)bytes (\d+)pkts (\d+)err (\d+)drop` as tokens from `k`, into NET_COUNTS from `to`. */
function netSide(k: number, to: number): boolean {
  const b = unitTok(k, W_BYTES);
  const p = unitTok(k + 1, W_PKTS);
  const d = unitTok(k + 3, W_DROP);
  if (b < 0 || p < 0 || unitTok(k + 2, W_ERR) < 0 || d < 0) return false;
  NET_COUNTS[to] = b;
  NET_COUNTS[to + 1] = p;
  NET_COUNTS[to + 2] = d;
  return true;
}

/**
 * `matchNet` for the loaded line of `n` bytes (n < 0: not loadable), without the regex: the
 * ordinal (counters in NET_COUNTS), or -1. Tokens: `Net<N> RX: <n>bytes <n>pkts <n>err <n>drop
 * TX: ...`, the first at the line's start.
 */
export function scanNet(n: number): number {
  if (n < 0 || tokenize(n) !== 11 || tokStart[0] !== 0 || !bytesAre(0, W_NET)) return -1;
  const ordinal = digitsBetween(3, tokEnd[0]!);
  if (ordinal < 0 || !tokIs(1, W_RX) || !tokIs(6, W_TX)) return -1;
  return netSide(2, 0) && netSide(7, 3) ? ordinal : -1;
}

/** Lower-case hex digits (at least one) from `at`: the index after them, else -1. */
function hexEnd(at: number): number {
  let i = at;
  for (;;) {
    const c = bytes[i]!;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) i++;
    else break;
  }
  return i > at ? i : -1;
}

/**
 * `\[\s*[0-9a-f]+:\s*[0-9a-f]+\]` (spaces only) starting at token `k`, which xentop's `[%2x:%2x]`
 * prints as one to three tokens: the index of the token after it, else -1.
 */
function bracketEnd(k: number, tokens: number): number {
  const open = tokStart[k]!;
  if (bytes[open] !== 0x5b) return -1;
  let i = hexEnd(skipSpaces(open + 1));
  if (i < 0 || bytes[i] !== 0x3a) return -1;
  i = hexEnd(skipSpaces(i + 1));
  if (i < 0 || bytes[i] !== 0x5d) return -1;
  // The `]` must end a token; the tokens up to it are the bracket's.
  for (let j = k; j < tokens; j++) if (tokEnd[j] === i + 1) return j + 1;
  return -1;
}

/**
 * `matchVbd` for the loaded line of `n` bytes, without the regex: the devid (counts in COUNTS),
 * or null. Tokens: `VBD <type> <devid> [<mj>:<mn>] OO: <n> RD: <n> WR: <n> RSECT: <n> WSECT: <n>`,
 * the first at the line's start.
 */
export function scanVbd(n: number): number | null {
  const tokens = n < 0 ? -1 : tokenize(n);
  if (tokens < 14 || tokStart[0] !== 0 || !tokIs(0, W_VBD)) return null;
  // The devid: `-?\d+`.
  const idStart = tokStart[2]!;
  const negative = bytes[idStart] === 0x2d;
  const id = digitsBetween(negative ? idStart + 1 : idStart, tokEnd[2]!);
  const k = bracketEnd(3, tokens);
  if (id < 0 || k < 0 || tokens !== k + 10) return null;
  for (let c = 0; c < 5; c++) {
    const v = countTok(k + 2 * c + 1);
    if (!tokIs(k + 2 * c, VBD_LABELS[c]!) || v === -2) return null;
    COUNTS[c] = v;
  }
  return negative ? -id : id;
}

/** One interned string per STATE flag combination: rows share them instead of slicing their own. */
const STATE_FLAGS = 'dsbcpr';
const STATES: string[] = [];

/** Token `k` as STATE (`[d-][s-][b-][c-][p-][r-]`): its interned string, else null. */
function stateTok(k: number): string | null {
  const at = tokStart[k]!;
  if (tokEnd[k]! - at !== 6) return null;
  let flags = 0;
  for (let f = 0; f < 6; f++) {
    const c = bytes[at + f];
    if (c === STATE_FLAGS.charCodeAt(f)) flags |= 1 << f;
    else if (c !== 0x2d) return null;
  }
  let state = STATES[flags];
  if (state === undefined) {
    state = '';
    for (let f = 0; f < 6; f++) state += flags & (1 << f) ? STATE_FLAGS[f] : '-';
    STATES[flags] = state;
  }
  return state;
}

/**
 * `matchRow` for the loaded line of `n` bytes, without the regex. The columns are taken from the
 * right, as `tokenRow` takes them: the last 18 tokens, or 19 when MAXMEM is `no limit n/a`; what is
 * left of them is the name (spaces inside it kept). Null for anything else: the regex decides.
 * The VBD_* columns go to COUNTS.
 */
export function scanRow(text: string, n: number, lineNo: number): Row | null {
  if (n < 0 || n > ROW_RE_MAX) return null;
  const t = tokenize(n);
  if (t < 19) return null;
  // From the right: SSID is t - 1, VBD_WSECT .. VBD_OO t - 2 .. t - 6, and so on.
  const noLimit = tokIs(t - 12, W_NA);
  if (noLimit && (t < 20 || !tokIs(t - 13, W_LIMIT) || !tokIs(t - 14, W_NO))) return null;
  const s = noLimit ? t - 19 : t - 18; // STATE
  const state = stateTok(s);
  const cpuSec = uintTok(s + 1);
  const cpuPct = decTok(s + 2);
  const memK = uintTok(s + 3);
  if (state === null || cpuSec < 0 || cpuPct < 0 || memK < 0 || decTok(s + 4) < 0) return null;
  let maxmemK: number | null = null;
  if (!noLimit) {
    maxmemK = uintTok(t - 13);
    if (maxmemK < 0 || decTok(t - 12) < 0) return null;
  }
  const vcpus = uintTok(t - 11);
  const nets = uintTok(t - 10);
  const netTxK = uintTok(t - 9);
  const netRxK = uintTok(t - 8);
  const vbds = uintTok(t - 7);
  if (vcpus < 0 || nets < 0 || netTxK < 0 || netRxK < 0 || vbds < 0 || uintTok(t - 1) < 0) return null;
  for (let c = 0; c < 5; c++) {
    const v = countTok(t - 6 + c);
    if (v === -2) return null;
    COUNTS[c] = v;
  }
  const name = text.slice(tokStart[0]!, tokEnd[s - 1]!);
  return new Row(lineNo, name, state, cpuSec, cpuPct, memK, maxmemK, vcpus, nets, netTxK, netRxK, vbds);
}
