/**
 * Readers of xentop's domain rows and `Net<N>` / `VBD` sub-lines. The regexes (and `tokenRow`)
 * define what is accepted and how diagnostics are worded; in front of them, byte scanners read the
 * common shape (ASCII, columns separated by spaces) in one pass (sub-lines left to right, domain
 * rows from the right): no match arrays, no substrings, no `Number(string)`. A scanner accepts only
 * lines its regex accepts, with the same values, and says no to anything else, which then goes the
 * regex way: the two paths cannot disagree (the tests check this on generated and mutated lines).
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
// times faster than `charCodeAt` on the slices of a chunk that lines are), then walked once, the
// sub-lines left to right and the domain row from the right (its columns are counted from the
// right, `tokenRow`'s reading), checking each literal word in place and reading each number's
// digits straight into its counter: no token arrays, no second look at a byte. Only the common
// shape is taken: printable ASCII, columns separated by spaces (0x20), numbers of at most 15
// digits. Anything else (tabs, non-ASCII, 16-digit numbers) is left to the regexes.
//
// The steps below share one convention, so that a scanner reads as its regex does, one step per
// element: each takes the index to start at and returns the index after what it read, or -1 when
// the bytes there do not fit; a step given -1 returns -1, so a scanner checks only at its end. A
// number read is left in `value`. All of this is the scratch of one synchronous call, never state.

const SCRATCH = 4096;
/** The line's bytes, then a 0 sentinel that stops every loop (0 is no digit, space or letter). */
const bytes = new Uint8Array(SCRATCH + 4);
/**
 * The same bytes four at a time: xentop pads its columns with long runs of spaces, which
 * `spaces` and `spacesBack` step over a word at a time. The word holding the sentinel is never
 * all spaces, so no word loop runs past the line.
 */
const words = new Uint32Array(bytes.buffer);
const FOUR_SPACES = 0x20202020;
const SPACE = 0x20;
const DASH = 0x2d;
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

/**
 * `text.charCodeAt(i)` for the line `loadLine(text)` just loaded as `n` bytes (n < 0: not
 * loaded, read the string): the same code (NaN past the end), but a byte look, where charCodeAt
 * on a line sliced from a chunk first finds the chunk on every call.
 */
export function codeAt(text: string, n: number, i: number): number {
  if (n < 0) return text.charCodeAt(i);
  return i >= 0 && i < n ? bytes[i]! : Number.NaN;
}

/** The number the last `uint`, `count`, `uintBack`, `decBack` or `countBack` read. */
let value = 0;

/**
 * Up to 15 digits: below 2^53, so every sum of digits times powers of ten is exact, and a decimal
 * `digits / 10^k` is the correctly rounded quotient of two exact doubles, which is what
 * `Number(text)` gives. Longer numbers are refused (the regex rounds them as `Number` does).
 */
const MAX_DIGITS = 15;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The three bytes from `at` are `c0 c1 c2`: the `Net`, `RX:`, `VBD` that open a part of a line. */
function three(at: number, c0: number, c1: number, c2: number): number {
  const b = bytes;
  return at >= 0 && b[at] === c0 && b[at + 1] === c1 && b[at + 2] === c2 ? at + 3 : -1;
}

// --- Left to right: the Net and VBD sub-lines. ---

/** `\s*` (spaces only) from `at`. */
function spaces(at: number): number {
  if (at < 0) return -1;
  const b = bytes;
  let i = at;
  // Byte by byte up to a word boundary, then by words, then the rest of the run.
  while ((i & 3) !== 0 && b[i] === SPACE) i++;
  while (words[i >> 2] === FOUR_SPACES) i += 4;
  while (b[i] === SPACE) i++;
  return i;
}

/** `\s+` (spaces only) from `at`: what separates two columns. */
function gap(at: number): number {
  return at >= 0 && bytes[at] === SPACE ? spaces(at + 1) : -1;
}

/** The literal `w` at `at`. */
function word(at: number, w: Uint8Array): number {
  if (at < 0) return -1;
  const b = bytes;
  for (let k = 0; k < w.length; k++) if (b[at + k] !== w[k]) return -1;
  return at + w.length;
}

/** `\d+` (1 to 15 digits) from `at`, its value in `value`. */
function uint(at: number): number {
  if (at < 0) return -1;
  const b = bytes;
  let i = at;
  let v = 0;
  for (;;) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  if (i === at || i - at > MAX_DIGITS) return -1;
  value = v;
  return i;
}

/** A VBD count, `\d+|-` from `at`: its value in `value`, NO_COUNT for `-`. */
function count(at: number): number {
  if (at >= 0 && bytes[at] === DASH) {
    value = NO_COUNT;
    return at + 1;
  }
  return uint(at);
}

/** `\S+` from `at`: printable ASCII other than space (any other byte is the regex's business). */
function nonSpaces(at: number): number {
  if (at < 0) return -1;
  const b = bytes;
  let i = at;
  while (b[i]! > SPACE && b[i]! < 0x7f) i++;
  return i > at ? i : -1;
}

/** `[0-9a-f]+` from `at`. */
function hex(at: number): number {
  if (at < 0) return -1;
  const b = bytes;
  let i = at;
  for (;;) {
    const c = b[i]!;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) i++;
    else break;
  }
  return i > at ? i : -1;
}

/** The units of a Net side's four counters: `<n>bytes <n>pkts <n>err <n>drop`. */
const NET_UNITS = ['bytes', 'pkts', 'err', 'drop'].map(ascii);

/**
 * `(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop` from `at`: bytes, pkts and drop into NET_COUNTS
 * from `to` (err is read for its shape only: the records do not keep it).
 */
function netSide(at: number, to: number): number {
  let i = at;
  for (let k = 0; k < 4; k++) {
    i = word(uint(k === 0 ? i : gap(i)), NET_UNITS[k]!);
    if (k !== 2) NET_COUNTS[to++] = value;
  }
  return i;
}

/**
 * `matchNet` for the loaded line of `n` bytes (n < 0: not loadable), without the regex: the
 * ordinal (counters in NET_COUNTS), or -1. NET_RE step by step: `Net(\d+)\s+RX:\s*` side
 * `\s+TX:\s*` side `\s*$`. Every number ends at a letter, so the regex has no other reading.
 */
export function scanNet(n: number): number {
  let i = uint(three(n < 0 ? -1 : 0, 0x4e, 0x65, 0x74)); // Net
  const ordinal = value;
  i = netSide(spaces(three(gap(i), 0x52, 0x58, 0x3a)), 0); // RX:
  i = netSide(spaces(three(gap(i), 0x54, 0x58, 0x3a)), 3); // TX:
  return i >= 0 && spaces(i) === n ? ordinal : -1;
}

const VBD_LABELS = ['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:'].map(ascii);

/**
 * `matchVbd` for the loaded line of `n` bytes, without the regex: the devid (counts in COUNTS),
 * or null. VBD_RE step by step: `VBD\s+\S+\s+(-?\d+)\s+\[\s*[0-9a-f]+:\s*[0-9a-f]+\]` (xentop's
 * `[%2x:%2x]`: `[ca: 0]`, `[ 8:10]`), then `\s+<label>\s*(\d+|-)` for OO RD WR RSECT WSECT, `\s*$`.
 * The type has no spaces and the devid ends at one: the regex has no other reading.
 */
export function scanVbd(n: number): number | null {
  let i = gap(nonSpaces(gap(three(n < 0 ? -1 : 0, 0x56, 0x42, 0x44)))); // VBD
  const negative = i >= 0 && bytes[i] === DASH;
  i = uint(negative ? i + 1 : i);
  const id = value;
  i = gap(i);
  if (i < 0 || bytes[i] !== 0x5b) return null; // [
  i = hex(spaces(i + 1));
  if (i < 0 || bytes[i] !== 0x3a) return null; // :
  i = hex(spaces(i + 1));
  if (i < 0 || bytes[i] !== 0x5d) return null; // ]
  i++;
  for (let c = 0; c < 5; c++) {
    i = count(spaces(word(gap(i), VBD_LABELS[c]!)));
    COUNTS[c] = value;
  }
  if (i < 0 || spaces(i) !== n) return null;
  // `-0` is -0, as Number('-0') is.
  return negative ? -id : id;
}

// --- Right to left: the domain row. Each step takes the index just after what it reads (its
// end) and returns the index of its first byte, or -1; a column must start after a space, which
// the `gapBack` before the next column checks. ---

/** `\s*` (spaces only) ending at `end`: where the run starts. */
function spacesBack(end: number): number {
  if (end < 0) return -1;
  const b = bytes;
  let i = end;
  // As `spaces`, by words where the run is long: byte by byte down to a word boundary, then the
  // word below it while it is all spaces (only from a boundary: else that word is not the next).
  while ((i & 3) !== 0 && b[i - 1] === SPACE) i--;
  if ((i & 3) === 0) while (i >= 4 && words[(i >> 2) - 1] === FOUR_SPACES) i -= 4;
  while (i > 0 && b[i - 1] === SPACE) i--;
  return i;
}

/** `\s+` (spaces only) ending at `end`. */
function gapBack(end: number): number {
  return end > 0 && bytes[end - 1] === SPACE ? spacesBack(end - 1) : -1;
}

/** The literal `w` ending at `end`. */
function wordBack(end: number, w: Uint8Array): number {
  const at = end - w.length;
  if (end < 0 || at < 0) return -1;
  for (let k = 0; k < w.length; k++) if (bytes[at + k] !== w[k]) return -1;
  return at;
}

/** Where the run of digits ending at `end` starts (`end` when there is none). */
function digitsStart(end: number): number {
  const b = bytes;
  let i = end;
  while (i > 0 && b[i - 1]! - 0x30 >= 0 && b[i - 1]! - 0x30 <= 9) i--;
  return i;
}

/**
 * The digits from `at` to `end` as a number, read left to right (`v * 10 + d`, exact for up to
 * 15 digits): found from the right, read from the left, which costs less than scaling each digit
 * by its power of ten.
 */
function digitsValue(at: number, end: number): number {
  const b = bytes;
  let v = 0;
  for (let i = at; i < end; i++) v = v * 10 + (b[i]! - 0x30);
  return v;
}

/** `\d+` (1 to 15 digits) ending at `end`, its value in `value`. */
function uintBack(end: number): number {
  if (end < 0) return -1;
  const at = digitsStart(end);
  if (at === end || end - at > MAX_DIGITS) return -1;
  value = digitsValue(at, end);
  return at;
}

/** `\d+(?:\.\d+)?` (15 digits in all at most) ending at `end`, its value in `value`. */
function decBack(end: number): number {
  const dot = uintBack(end);
  if (dot <= 0 || bytes[dot - 1] !== 0x2e) return dot;
  // Digits then a dot: all the digits make one exact integer (below 2^53), over 10^frac.
  const frac = end - dot;
  const at = digitsStart(dot - 1);
  if (at === dot - 1 || end - at - 1 > MAX_DIGITS) return -1;
  const scale = POW10[frac]!;
  value = (digitsValue(at, dot - 1) * scale + value) / scale;
  return at;
}

/** A VBD count, `\d+|-`, ending at `end`: its value in `value`, NO_COUNT for `-`. */
function countBack(end: number): number {
  if (end > 0 && bytes[end - 1] === DASH) {
    value = NO_COUNT;
    return end - 1;
  }
  return uintBack(end);
}

const W_NO = ascii('no');
const W_LIMIT = ascii('limit');
const W_NA = ascii('n/a');

/** One interned string per STATE flag combination: rows share them instead of slicing their own. */
const STATE_FLAGS = 'dsbcpr';
const STATES: string[] = [];
/** The STATE read by the last `stateBack`. */
let stateRead = '';

/** STATE (`[d-][s-][b-][c-][p-][r-]`) ending at `end`, its interned string in `stateRead`. */
function stateBack(end: number): number {
  const at = end - 6;
  if (end < 0 || at < 0) return -1;
  let flags = 0;
  for (let f = 0; f < 6; f++) {
    const c = bytes[at + f];
    if (c === STATE_FLAGS.charCodeAt(f)) flags |= 1 << f;
    else if (c !== DASH) return -1;
  }
  let s = STATES[flags];
  if (s === undefined) {
    s = '';
    for (let f = 0; f < 6; f++) s += flags & (1 << f) ? STATE_FLAGS[f] : '-';
    STATES[flags] = s;
  }
  stateRead = s;
  return at;
}

/** The bytes from `from` to `to` are printable ASCII: a tab or control byte is the regex's. */
function printable(from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i]! < SPACE || bytes[i]! > 0x7e) return false;
  return true;
}

/**
 * `matchRow` for the loaded line of `n` bytes, without the regex. The columns are taken from the
 * right, as `tokenRow` takes them: SSID, the VBD_* counts, VBDS .. VCPUS, MAXMEM(%) and MAXMEM(k)
 * or `no limit n/a`, MEM(%), MEM(k), CPU(%), CPU(sec), STATE; what is left is the name (spaces
 * inside it kept, around it trimmed; never empty). Null for anything else: the regex decides.
 * The VBD_* columns go to COUNTS.
 */
export function scanRow(text: string, n: number, lineNo: number): Row | null {
  if (n < 0 || n > ROW_RE_MAX) return null;
  let i = uintBack(spacesBack(n)); // SSID
  for (let c = 4; c >= 0; c--) {
    i = countBack(gapBack(i));
    COUNTS[c] = value;
  }
  i = uintBack(gapBack(i));
  const vbds = value;
  i = uintBack(gapBack(i));
  const netRxK = value;
  i = uintBack(gapBack(i));
  const netTxK = value;
  i = uintBack(gapBack(i));
  const nets = value;
  i = uintBack(gapBack(i));
  const vcpus = value;
  // MAXMEM(k) MAXMEM(%): `<k> <pct>`, or `no limit n/a` when the domain has no maximum.
  let maxmemK: number | null = null;
  i = gapBack(i);
  const na = wordBack(i, W_NA);
  if (na >= 0) i = wordBack(gapBack(wordBack(gapBack(na), W_LIMIT)), W_NO);
  else {
    i = uintBack(gapBack(decBack(i)));
    maxmemK = value;
  }
  i = decBack(gapBack(i)); // MEM(%), for its shape only
  i = uintBack(gapBack(i));
  const memK = value;
  i = decBack(gapBack(i));
  const cpuPct = value;
  i = uintBack(gapBack(i));
  const cpuSec = value;
  i = stateBack(gapBack(i));
  const nameEnd = gapBack(i);
  const nameStart = spaces(0);
  if (nameEnd <= nameStart || !printable(nameStart, nameEnd)) return null;
  const name = text.slice(nameStart, nameEnd);
  return new Row(lineNo, name, stateRead, cpuSec, cpuPct, memK, maxmemK, vcpus, nets, netTxK, netRxK, vbds);
}
