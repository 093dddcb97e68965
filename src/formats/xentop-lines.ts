/**
 * Readers of xentop's domain rows and `Net<N>` / `VBD` sub-lines. The regexes (and `tokenRow`)
 * define what is accepted and how diagnostics are worded; in front of them, hand scanners read the
 * common shape (ASCII, columns separated by spaces) with `charCodeAt` alone: no match arrays, no
 * substrings, no `Number(string)`. A scanner accepts only lines its regex accepts, with the same
 * values, and says null for anything else, which then goes the regex way: the two paths cannot
 * disagree (the tests check this on generated lines).
 */

export const STATE_RE = /^[d-][s-][b-][c-][p-][r-]$/;

export const NET_RE =
  /^Net(\d+)\s+RX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop\s+TX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop\s*$/;
export const VBD_RE =
  /^VBD\s+(\S+)\s+(-?\d+)\s+\[\s*[0-9a-f]+:\s*[0-9a-f]+\]\s+OO:\s*(\d+|-)\s+RD:\s*(\d+|-)\s+WR:\s*(\d+|-)\s+RSECT:\s*(\d+|-)\s+WSECT:\s*(\d+|-)\s*$/;

export interface NetStats {
  readonly bytes: number;
  readonly pkts: number;
  readonly drops: number;
}

export interface NetLine {
  readonly ordinal: number;
  readonly rx: NetStats;
  readonly tx: NetStats;
}

/** OO, RD, WR, RSECT, WSECT; null where xentop printed `-` (statistics unreadable). */
export type VbdCounts = readonly (number | null)[];

export interface VbdLine {
  readonly devid: number;
  readonly counts: VbdCounts;
}

export interface Row {
  readonly line: number;
  readonly name: string;
  readonly state: string;
  readonly cpuSec: number;
  readonly cpuPct: number;
  readonly memK: number;
  readonly maxmemK: number | null;
  readonly vcpus: number;
  readonly nets: number;
  readonly netTxK: number;
  readonly netRxK: number;
  readonly vbds: number;
  readonly vbd: VbdCounts;
  readonly netLines: NetLine[];
  readonly vbdLines: VbdLine[];
}

export type RowResult =
  | { ok: true; row: Row }
  | { ok: false; code: 'bad_field_count' | 'bad_number'; message: string };

const INT_RE = /^\d+$/;
const DEC_RE = /^\d+(?:\.\d+)?$/;
const VBD_VALUE_RE = /^(?:\d+|-)$/;

/** Tokenises a domain row from the right (reference §1.9): the reference, and the wording of diagnostics. */
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
  const vbdValue = (at: number) => (col(at) === '-' ? null : Number(col(at)));
  return {
    ok: true,
    row: {
      line: lineNo,
      name,
      state,
      cpuSec: Number(col(17)),
      cpuPct: Number(col(16)),
      memK: Number(col(15)),
      maxmemK: maxmem === null ? Number(maxmemText) : null,
      vcpus: Number(col(11)),
      nets: Number(col(10)),
      netTxK: Number(col(9)),
      netRxK: Number(col(8)),
      vbds: Number(col(7)),
      vbd: [vbdValue(6), vbdValue(5), vbdValue(4), vbdValue(3), vbdValue(2)],
      netLines: [],
      vbdLines: [],
    },
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

const countOrNull = (s: string | undefined): number | null => (s === '-' ? null : Number(s));

/**
 * The common case of `tokenRow` in one native match instead of a token array and a regex per
 * column. Null for anything else, and `tokenRow` (the reference) then decides and words the
 * diagnostic, so both accept the same rows with the same values.
 */
export function matchRow(text: string, lineNo: number): Row | null {
  if (text.length > ROW_RE_MAX) return null;
  const m = ROW_RE.exec(text);
  if (!m) return null;
  const name = m[1]!.trim();
  // An empty name makes 18 tokens: tokenRow's column count complaint.
  if (name === '') return null;
  return {
    line: lineNo,
    name,
    state: m[2]!,
    cpuSec: Number(m[3]),
    cpuPct: Number(m[4]),
    memK: Number(m[5]),
    maxmemK: m[6] === undefined ? null : Number(m[6]),
    vcpus: Number(m[7]),
    nets: Number(m[8]),
    netTxK: Number(m[9]),
    netRxK: Number(m[10]),
    vbds: Number(m[11]),
    vbd: [countOrNull(m[12]), countOrNull(m[13]), countOrNull(m[14]), countOrNull(m[15]), countOrNull(m[16])],
    netLines: [],
    vbdLines: [],
  };
}

/** A Net sub-line's counters (err columns are not kept). */
export function matchNet(text: string): NetLine | null {
  const m = NET_RE.exec(text);
  if (!m) return null;
  return {
    ordinal: Number(m[1]),
    rx: { bytes: Number(m[2]), pkts: Number(m[3]), drops: Number(m[5]) },
    tx: { bytes: Number(m[6]), pkts: Number(m[7]), drops: Number(m[9]) },
  };
}

/** A VBD sub-line's devid and OO, RD, WR, RSECT, WSECT (null where xentop printed `-`). */
export function matchVbd(text: string): VbdLine | null {
  const m = VBD_RE.exec(text);
  if (!m) return null;
  return {
    devid: Number(m[2]),
    counts: [countOrNull(m[3]), countOrNull(m[4]), countOrNull(m[5]), countOrNull(m[6]), countOrNull(m[7])],
  };
}

/**
 * The scanners read a copy of the line's bytes: indexing a byte array is several times faster than
 * `charCodeAt` on the slices of a chunk that lines are. Scratch of one synchronous call, never
 * state; a 0 sentinel after the last byte stops every loop (0 is no digit, space or letter).
 */
const SCRATCH = 4096;
const bytes = new Uint8Array(SCRATCH + 1);
const encoder = new TextEncoder();
/** Where the last number a scanner read ended. */
let scanEnd = 0;

/**
 * Copies `text` into `bytes`: its length when every character is ASCII (then byte i is character
 * i), else -1 (the regexes read it). Non-ASCII makes more bytes than characters.
 */
function load(text: string): number {
  if (text.length > SCRATCH) return -1;
  const r = encoder.encodeInto(text, bytes);
  if (r.read !== text.length || r.written !== text.length) return -1;
  bytes[text.length] = 0;
  return text.length;
}

/**
 * Up to 15 digits: below 2^53, so `v * 10 + d` is exact, and a decimal `digits / 10^k` is the
 * correctly rounded quotient of two exact doubles, which is what `Number(text)` gives.
 */
const MAX_DIGITS = 15;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Unsigned digits from `i` (1 to 15 of them): their value, `scanEnd` after them; else -1. */
function uintAt(i: number): number {
  let v = 0;
  let k = i;
  for (;;) {
    const d = bytes[k]! - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    k++;
  }
  if (k === i || k - i > MAX_DIGITS) return -1;
  scanEnd = k;
  return v;
}

/** `\d+(?:\.\d+)?` from `i` (15 digits at most): its value, `scanEnd` after it; else -1. */
function decAt(i: number): number {
  const whole = uintAt(i);
  if (whole < 0) return -1;
  const dot = scanEnd;
  // `12.` is no decimal (the regex wants a digit after the dot): the caller sees the `.` left over.
  if (bytes[dot] !== 0x2e) return whole;
  let v = whole;
  let k = dot + 1;
  for (;;) {
    const d = bytes[k]! - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    k++;
  }
  const frac = k - dot - 1;
  if (frac === 0) return whole;
  if (dot - i + frac > MAX_DIGITS) return -1;
  scanEnd = k;
  return v / POW10[frac]!;
}

/** Index after the spaces (0x20 only) from `i`, or -1 when there are fewer than `min`. */
function spaces(i: number, min: number): number {
  if (i < 0) return -1;
  let k = i;
  while (bytes[k] === 0x20) k++;
  return k - i >= min ? k : -1;
}

/** Index after `w` when the bytes have it at `i`, else -1. */
function word(i: number, w: string): number {
  if (i < 0) return -1;
  for (let k = 0; k < w.length; k++) if (bytes[i + k] !== w.charCodeAt(k)) return -1;
  return i + w.length;
}

/** A VBD count: digits, or `-` (statistics unreadable) as -2; -1 if neither. `scanEnd` after it. */
function countAt(i: number): number {
  if (bytes[i] === 0x2d) {
    scanEnd = i + 1;
    return -2;
  }
  return uintAt(i);
}

const NET_LABELS = ['bytes', 'pkts', 'err', 'drop'];
const netValues = new Float64Array(8);

/** `matchNet` for the common shape, without the regex; null for anything else. */
export function scanNet(text: string): NetLine | null {
  const n = load(text);
  let i = word(n < 0 ? -1 : 0, 'Net');
  if (i < 0) return null;
  const ordinal = uintAt(i);
  if (ordinal < 0) return null;
  i = scanEnd;
  for (let side = 0; side < 2; side++) {
    i = word(spaces(i, 1), side === 0 ? 'RX:' : 'TX:');
    for (let k = 0; k < 4; k++) {
      // `RX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop`
      const at = spaces(i, k === 0 ? 0 : 1);
      const v = at < 0 ? -1 : uintAt(at);
      if (v < 0) return null;
      netValues[side * 4 + k] = v;
      i = word(scanEnd, NET_LABELS[k]!);
      if (i < 0) return null;
    }
  }
  if (spaces(i, 0) !== n) return null;
  const v = netValues;
  return {
    ordinal,
    rx: { bytes: v[0]!, pkts: v[1]!, drops: v[3]! },
    tx: { bytes: v[4]!, pkts: v[5]!, drops: v[7]! },
  };
}

const VBD_LABELS = ['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:'];

/** Lower-case hex digits from `i` (at least one): the index after them, else -1. */
function hexEnd(i: number): number {
  if (i < 0) return -1;
  let k = i;
  for (;;) {
    const c = bytes[k]!;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) k++;
    else break;
  }
  return k > i ? k : -1;
}

/** `matchVbd` for the common shape, without the regex; null for anything else. */
export function scanVbd(text: string): VbdLine | null {
  const n = load(text);
  let i = spaces(word(n < 0 ? -1 : 0, 'VBD'), 1);
  if (i < 0) return null;
  // The type (BlkBack, Tap, ...): `\S+`, printable ASCII up to a space.
  const typeStart = i;
  while (bytes[i]! > 0x20 && bytes[i]! < 0x7f) i++;
  if (i === typeStart) return null;
  i = spaces(i, 1);
  if (i < 0) return null;
  const negative = bytes[i] === 0x2d;
  const id = uintAt(negative ? i + 1 : i);
  if (id < 0) return null;
  // `\[\s*[0-9a-f]+:\s*[0-9a-f]+\]`
  i = word(hexEnd(spaces(word(spaces(scanEnd, 1), '['), 0)), ':');
  i = word(hexEnd(spaces(i, 0)), ']');
  const counts: (number | null)[] = [null, null, null, null, null];
  for (let k = 0; k < 5; k++) {
    const at = spaces(word(spaces(i, 1), VBD_LABELS[k]!), 0);
    const v = at < 0 ? -1 : countAt(at);
    if (v === -1) return null;
    counts[k] = v === -2 ? null : v;
    i = scanEnd;
  }
  if (spaces(i, 0) !== n) return null;
  return { devid: negative ? -id : id, counts };
}

/** One interned string per STATE flag combination: rows share them instead of slicing their own. */
const STATE_FLAGS = 'dsbcpr';
const STATES: string[] = [];

/** Token bounds of a row, from the right (0 = SSID). */
const tokStart = new Int32Array(19);
const tokEnd = new Int32Array(19);

/** Token `k` as unsigned digits, or -1. */
function uintTok(k: number): number {
  const v = uintAt(tokStart[k]!);
  return v >= 0 && scanEnd === tokEnd[k] ? v : -1;
}

function decTok(k: number): number {
  const v = decAt(tokStart[k]!);
  return v >= 0 && scanEnd === tokEnd[k] ? v : -1;
}

/** Token `k` as a VBD count: the value, -2 for `-`, -1 for anything else. */
function countTok(k: number): number {
  const v = countAt(tokStart[k]!);
  return v !== -1 && scanEnd === tokEnd[k] ? v : -1;
}

function tokIs(k: number, w: string): boolean {
  return tokEnd[k]! - tokStart[k]! === w.length && word(tokStart[k]!, w) !== -1;
}

/**
 * `matchRow` for the common shape, without the regex: printable ASCII, columns separated by
 * spaces, read from the right as `tokenRow` reads them; what is left of the 18 (or, with
 * `no limit n/a`, 19) right-hand tokens is the name. Null for anything else.
 */
export function scanRow(text: string, lineNo: number): Row | null {
  if (text.length > ROW_RE_MAX) return null;
  let i = load(text);
  if (i < 0) return null;
  while (i > 0 && bytes[i - 1] === 0x20) i--;
  let n = 0;
  let want = 18;
  while (n < want) {
    if (i === 0) return null;
    tokEnd[n] = i;
    for (;;) {
      const c = bytes[i - 1]!;
      if (c === 0x20) break;
      if (c < 0x21 || c > 0x7e) return null;
      if (--i === 0) break;
    }
    tokStart[n] = i;
    n++;
    while (i > 0 && bytes[i - 1] === 0x20) i--;
    // `no limit n/a` (no maximum memory): one value printed as three tokens.
    if (n === 12 && tokIs(11, 'n/a')) want = 19;
  }
  // The name: something printable before the spaces before STATE.
  let a = 0;
  while (a < i && bytes[a] === 0x20) a++;
  if (a === i) return null;
  for (let k = a; k < i; k++) {
    const c = bytes[k]!;
    if (c < 0x20 || c > 0x7e) return null;
  }
  const noLimit = want === 19;
  const o = noLimit ? 1 : 0; // the columns left of MAXMEM sit one token further
  const st = tokStart[17 + o]!;
  if (tokEnd[17 + o]! - st !== 6) return null;
  let flags = 0;
  for (let k = 0; k < 6; k++) {
    const c = bytes[st + k];
    if (c === STATE_FLAGS.charCodeAt(k)) flags |= 1 << k;
    else if (c !== 0x2d) return null;
  }
  const cpuSec = uintTok(16 + o);
  const cpuPct = decTok(15 + o);
  const memK = uintTok(14 + o);
  if (cpuSec < 0 || cpuPct < 0 || memK < 0 || decTok(13 + o) < 0) return null;
  let maxmemK: number | null = null;
  if (noLimit) {
    if (!tokIs(13, 'no') || !tokIs(12, 'limit')) return null;
  } else {
    maxmemK = uintTok(12);
    if (maxmemK < 0 || decTok(11) < 0) return null;
  }
  const vcpus = uintTok(10);
  const nets = uintTok(9);
  const netTxK = uintTok(8);
  const netRxK = uintTok(7);
  const vbds = uintTok(6);
  if (vcpus < 0 || nets < 0 || netTxK < 0 || netRxK < 0 || vbds < 0 || uintTok(0) < 0) return null;
  const vbd: (number | null)[] = [null, null, null, null, null];
  for (let k = 0; k < 5; k++) {
    const v = countTok(5 - k);
    if (v === -1) return null;
    vbd[k] = v === -2 ? null : v;
  }
  let state = STATES[flags];
  if (state === undefined) {
    state = '';
    for (let k = 0; k < 6; k++) state += flags & (1 << k) ? STATE_FLAGS[k] : '-';
    STATES[flags] = state;
  }
  return {
    line: lineNo,
    name: text.slice(a, i),
    state,
    cpuSec,
    cpuPct,
    memK,
    maxmemK,
    vcpus,
    nets,
    netTxK,
    netRxK,
    vbds,
    vbd,
    netLines: [],
    vbdLines: [],
  };
}

/** A domain row: the scanner, else the regex, else the tokens (which word the diagnostic). */
export function readRow(text: string, lineNo: number): RowResult {
  const row = scanRow(text, lineNo) ?? matchRow(text, lineNo);
  return row ? { ok: true, row } : tokenRow(text, lineNo);
}

/** A Net sub-line's counters (err columns are not kept); null when it is not one. */
export function readNet(text: string): NetLine | null {
  return scanNet(text) ?? matchNet(text);
}

/** A VBD sub-line's devid and OO, RD, WR, RSECT, WSECT (null where xentop printed `-`). */
export function readVbd(text: string): VbdLine | null {
  return scanVbd(text) ?? matchVbd(text);
}
