/**
 * `xentop -b` (batch mode), reference §1: a header line starts each iteration, then one row per
 * domain with its optional `-v`, `-n` (`Net<N>`) and `-x` (`VBD`) sub-lines. Batch mode prints no
 * time, so iterations are placed by a `date` line before the header (the capture loop we
 * document), by `ctx.start` + i × interval, or by the harness uptime + `ctx.bootTime`.
 *
 * An iteration is buffered until the next one starts: two rows with the same displayed name (names
 * cut to 10 characters) can only be told apart once the whole iteration is known, and `-r` output
 * (a header before every row) is one iteration until a name repeats.
 */
import { vdevName } from '../model/devices.js';
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { diag, parseLines } from '../model/parser.js';
import type { DomainSeenRecord, ParseResult, ReadingRecord, Stamp } from '../model/records.js';
import type { Metric, Resource } from '../model/vocabulary.js';
import { isCommand, parseDateLine, placeSnapshot, readAnnotation } from './capture-annotations.js';

export type XentopRecord = ReadingRecord | DomainSeenRecord;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const HEADER_RE = /^\s*NAME\s+STATE\s+CPU\(sec\)/;
const HEADER_TITLES = [
  'NAME',
  'STATE',
  'CPU(sec)',
  'CPU(%)',
  'MEM(k)',
  'MEM(%)',
  'MAXMEM(k)',
  'MAXMEM(%)',
  'VCPUS',
  'NETS',
  'NETTX(k)',
  'NETRX(k)',
  'VBDS',
  'VBD_OO',
  'VBD_RD',
  'VBD_WR',
  'VBD_RSECT',
  'VBD_WSECT',
  'SSID',
].join(' ');
const STATE_RE = /^[d-][s-][b-][c-][p-][r-]$/;
const STATE_TOKEN_RE = /(?:^|\s)[d-][s-][b-][c-][p-][r-]\s/;
/** A domain row, loosely: a state token followed by CPU(sec) and CPU(%). For sniffing only. */
const ROW_HINT_RE = /^\s*\S.*\s[d-][s-][b-][c-][p-][r-]\s+\d+\s+\d+\.\d\s+\d+\s+\d+\.\d\s/;
const NET_RE =
  /^Net(\d+)\s+RX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop\s+TX:\s*(\d+)bytes\s+(\d+)pkts\s+(\d+)err\s+(\d+)drop\s*$/;
const VBD_RE =
  /^VBD\s+(\S+)\s+(-?\d+)\s+\[\s*[0-9a-f]+:\s*[0-9a-f]+\]\s+OO:\s*(\d+|-)\s+RD:\s*(\d+|-)\s+WR:\s*(\d+|-)\s+RSECT:\s*(\d+|-)\s+WSECT:\s*(\d+|-)\s*$/;
const NET_PREFIX_RE = /^Net\d+\s+RX:/;
const VBD_PREFIX_RE = /^VBD\s+\S+\s+-?\d+\s+\[/;
const VCPU_LINE_RE = /^VCPUs\(sec\):/;
/** `-v` wraps after every 5th vCPU: a newline plus 8 spaces, then ` %2u: %10llus` items. */
const VCPU_CONT_RE = /^ {8}\s*\d+:\s+\d+s(?:\s|$)/;
const INTERACTIVE_RE = /^xentop - \d\d:\d\d:\d\d/;
/** xentop's own default delay (`-d`), in seconds. */
const DEFAULT_DELAY = 3;
const TRUNCATED_WIDTH = 10;
/** Device name for totals that cannot be split per device (no `-x`/`-n` sub-lines). */
const TOTAL_DEVICE = 'xentop-total';

interface NetStats {
  readonly bytes: number;
  readonly pkts: number;
  readonly drops: number;
}

interface NetLine {
  readonly ordinal: number;
  readonly rx: NetStats;
  readonly tx: NetStats;
}

/** OO, RD, WR, RSECT, WSECT; null where xentop printed `-` (statistics unreadable). */
type VbdCounts = readonly (number | null)[];

interface VbdLine {
  readonly devid: number;
  readonly counts: VbdCounts;
}

interface Row {
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

interface Iteration {
  date: number | null;
  /** NAME column width of the header (10 unless `-f` widened it). */
  nameWidth: number;
  rows: Row[];
}

/** What the `# $ xentop ...` line says. */
interface XentopOptions {
  delay: number | null;
  fullName: boolean;
  repeatHeader: boolean;
}

/** Reads xentop's options from a harness command line (short flags may be combined: `-bnx`). */
function readOptions(argv: readonly string[]): XentopOptions {
  const opts: XentopOptions = { delay: DEFAULT_DELAY, fullName: false, repeatHeader: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const long = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (long) {
      const [, name, value] = long;
      if (name === 'delay') opts.delay = toDelay(value ?? argv[++i]);
      else if (name === 'full-name') opts.fullName = true;
      else if (name === 'repeat-header') opts.repeatHeader = true;
      else if (name === 'iterations' && value === undefined) i++;
      continue;
    }
    if (!a.startsWith('-')) continue;
    for (let k = 1; k < a.length; k++) {
      const f = a[k];
      if (f === 'f') opts.fullName = true;
      else if (f === 'r') opts.repeatHeader = true;
      else if (f === 'd' || f === 'i') {
        // The value is the rest of this token or the next argument (getopt).
        const rest = a.slice(k + 1);
        const value = rest !== '' ? rest : argv[++i];
        if (f === 'd') opts.delay = toDelay(value);
        break;
      }
    }
  }
  return opts;
}

function toDelay(value: string | undefined): number | null {
  // xentop reads -d with atoi: integers only.
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

type RowResult =
  | { ok: true; row: Row }
  | { ok: false; code: 'bad_field_count' | 'bad_number'; message: string };

const INT_RE = /^\d+$/;
const DEC_RE = /^\d+(?:\.\d+)?$/;
const VBD_VALUE_RE = /^(?:\d+|-)$/;

/** Tokenises a domain row from the right (reference §1.9). */
function parseRow(text: string, lineNo: number): RowResult {
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

/** Right-to-left token bounds of the row being read: start at 2k, end at 2k + 1 (k from the right). */
const BOUNDS = new Int32Array(40);

/** `\s` for the ASCII range; other characters outside printable ASCII send a row to `parseRow`. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Digits in `[start, end)` as a number, or -1 when any is not a digit (`Number` for long ones). */
function intIn(s: string, start: number, end: number): number {
  if (end <= start) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  // Beyond 15 digits the sum may round differently from Number(): let Number decide.
  return end - start > 15 ? Number(s.slice(start, end)) : v;
}

/** `\d+(\.\d+)?` in `[start, end)` exactly as Number() reads it, or -1. */
function decIn(s: string, start: number, end: number): number {
  const dot = s.indexOf('.', start);
  if (dot === -1 || dot >= end) return intIn(s, start, end);
  const whole = intIn(s, start, dot);
  const frac = intIn(s, dot + 1, end);
  if (whole < 0 || frac < 0) return -1;
  // One division of two exact integers is correctly rounded, like Number()'s own reading.
  return end - start > 16 ? Number(s.slice(start, end)) : (whole * 10 ** (end - dot - 1) + frac) / 10 ** (end - dot - 1);
}

/**
 * The common case of `parseRow` without its allocations: printable ASCII columns, every value
 * well formed. Returns null for anything else, and `parseRow` (the reference) then decides and
 * words the diagnostic, so both accept the same rows with the same values.
 */
function parseRowFast(text: string, lineNo: number): Row | null {
  // Up to 20 tokens from the right: 19 columns, one more when MAXMEM is `no limit`.
  let count = 0;
  let i = text.length - 1;
  while (count < 20) {
    while (i >= 0) {
      const c = text.charCodeAt(i);
      if (isAsciiSpace(c)) i--;
      else if (c > 0x20 && c < 0x7f) break;
      else return null;
    }
    if (i < 0) break;
    BOUNDS[2 * count + 1] = i + 1;
    while (i >= 0) {
      const c = text.charCodeAt(i);
      if (c > 0x20 && c < 0x7f) i--;
      else if (isAsciiSpace(c)) break;
      else return null;
    }
    BOUNDS[2 * count] = i + 1;
    count++;
  }
  if (count < 19) return null;
  const is = (k: number, word: string) =>
    BOUNDS[2 * k + 1]! - BOUNDS[2 * k]! === word.length && text.startsWith(word, BOUNDS[2 * k]!);
  const noLimit = count === 20 && is(11, 'n/a') && is(12, 'limit') && is(13, 'no');
  // Column c (from the right, 1-based) is token c - 1, or token c past a merged `no limit`.
  const at = (c: number) => (noLimit && c >= 14 ? c : c - 1);
  const int = (c: number) => intIn(text, BOUNDS[2 * at(c)]!, BOUNDS[2 * at(c) + 1]!);
  const dec = (c: number) => decIn(text, BOUNDS[2 * at(c)]!, BOUNDS[2 * at(c) + 1]!);
  /** VBD_* columns: a count, or `-` (null); undefined when neither. */
  const vbdValue = (c: number): number | null | undefined => {
    const start = BOUNDS[2 * at(c)]!;
    const end = BOUNDS[2 * at(c) + 1]!;
    if (end - start === 1 && text.charCodeAt(start) === 0x2d) return null;
    const v = intIn(text, start, end);
    return v < 0 ? undefined : v;
  };
  const stateStart = BOUNDS[2 * at(18)]!;
  if (BOUNDS[2 * at(18) + 1]! - stateStart !== 6) return null;
  const state = text.slice(stateStart, stateStart + 6);
  if (!STATE_RE.test(state)) return null;
  const cpuSec = int(17);
  const cpuPct = dec(16);
  const memK = int(15);
  const memPct = dec(14);
  const vcpus = int(11);
  const nets = int(10);
  const netTxK = int(9);
  const netRxK = int(8);
  const vbds = int(7);
  const ssid = int(1);
  if (cpuSec < 0 || cpuPct < 0 || memK < 0 || memPct < 0 || vcpus < 0 || nets < 0) return null;
  if (netTxK < 0 || netRxK < 0 || vbds < 0 || ssid < 0) return null;
  const oo = vbdValue(6);
  const rd = vbdValue(5);
  const wr = vbdValue(4);
  const rsect = vbdValue(3);
  const wsect = vbdValue(2);
  if (oo === undefined || rd === undefined || wr === undefined || rsect === undefined || wsect === undefined)
    return null;
  let maxmemK: number | null = null;
  if (!noLimit) {
    maxmemK = int(13);
    if (maxmemK < 0 || dec(12) < 0) return null;
  }
  const name = text.slice(0, stateStart).trim();
  if (name === '') return null;
  return {
    line: lineNo,
    name,
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
    vbd: [oo, rd, wr, rsect, wsect],
    netLines: [],
    vbdLines: [],
  };
}

/**
 * A cursor over one sub-line for the exact shapes `NET_RE` and `VBD_RE` describe, ASCII
 * whitespace only. Any mismatch sends the line to the regex, which stays the reference.
 */
class SubLineScanner {
  text = '';
  pos = 0;

  reset(text: string, pos: number): this {
    this.text = text;
    this.pos = pos;
    return this;
  }

  word(w: string): boolean {
    if (!this.text.startsWith(w, this.pos)) return false;
    this.pos += w.length;
    return true;
  }

  /** At least `min` whitespace characters. */
  spaces(min: number): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && isAsciiSpace(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos - start >= min;
  }

  /** `\d+` (value ≥ 0), or -1. */
  count(): number {
    const start = this.pos;
    while (this.pos < this.text.length && isDigit(this.text.charCodeAt(this.pos))) this.pos++;
    return intIn(this.text, start, this.pos);
  }

  /** `\d+|-`: the value, null for `-`, undefined for neither. */
  countOrDash(): number | null | undefined {
    if (this.text.charCodeAt(this.pos) === 0x2d) {
      this.pos++;
      return null;
    }
    const v = this.count();
    return v < 0 ? undefined : v;
  }

  /** `[0-9a-f]+`. */
  hex(): boolean {
    const start = this.pos;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (isDigit(c) || (c >= 0x61 && c <= 0x66)) this.pos++;
      else break;
    }
    return this.pos > start;
  }

  /** `\S+` of printable ASCII. */
  token(): boolean {
    const start = this.pos;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c > 0x20 && c < 0x7f) this.pos++;
      else break;
    }
    return this.pos > start;
  }

  /** Trailing whitespace, then the end of the line. */
  end(): boolean {
    this.spaces(0);
    return this.pos === this.text.length;
  }
}

/** `text.trim() === ''` without the copy. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAsciiSpace(c)) continue;
    return c < 0x80 ? false : text.trim() === '';
  }
  return true;
}

/**
 * `parseDateLine` reads only lines whose trimmed length is 19..40: rows and sub-lines are longer,
 * so they skip its copy and regexes. Non-ASCII at either end may be whitespace: let it look.
 */
function mayBeDateLine(text: string): boolean {
  let a = 0;
  let b = text.length;
  while (a < b && isAsciiSpace(text.charCodeAt(a))) a++;
  while (b > a && isAsciiSpace(text.charCodeAt(b - 1))) b--;
  if (a < b && (text.charCodeAt(a) >= 0x80 || text.charCodeAt(b - 1) >= 0x80)) return true;
  return b - a >= 19 && b - a <= 40;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `Net<N> RX: <n>bytes <n>pkts <n>err <n>drop TX: …` via the scanner; null when it is not that plain. */
function readNetFast(sc: SubLineScanner): NetLine | null {
  if (!sc.word('Net')) return null;
  const ordinal = sc.count();
  if (ordinal < 0 || !sc.spaces(1) || !sc.word('RX:')) return null;
  sc.spaces(0);
  const rxBytes = sc.count();
  if (rxBytes < 0 || !sc.word('bytes') || !sc.spaces(1)) return null;
  const rxPkts = sc.count();
  if (rxPkts < 0 || !sc.word('pkts') || !sc.spaces(1)) return null;
  if (sc.count() < 0 || !sc.word('err') || !sc.spaces(1)) return null;
  const rxDrops = sc.count();
  if (rxDrops < 0 || !sc.word('drop') || !sc.spaces(1) || !sc.word('TX:')) return null;
  sc.spaces(0);
  const txBytes = sc.count();
  if (txBytes < 0 || !sc.word('bytes') || !sc.spaces(1)) return null;
  const txPkts = sc.count();
  if (txPkts < 0 || !sc.word('pkts') || !sc.spaces(1)) return null;
  if (sc.count() < 0 || !sc.word('err') || !sc.spaces(1)) return null;
  const txDrops = sc.count();
  if (txDrops < 0 || !sc.word('drop') || !sc.end()) return null;
  return {
    ordinal,
    rx: { bytes: rxBytes, pkts: rxPkts, drops: rxDrops },
    tx: { bytes: txBytes, pkts: txPkts, drops: txDrops },
  };
}

/** The reference reading of a Net line (any whitespace `\s` allows). */
function readNetRegex(text: string): NetLine | null {
  const m = NET_RE.exec(text);
  if (!m) return null;
  const v = m.slice(1).map(Number);
  return {
    ordinal: v[0]!,
    rx: { bytes: v[1]!, pkts: v[2]!, drops: v[4]! },
    tx: { bytes: v[5]!, pkts: v[6]!, drops: v[8]! },
  };
}

/** The reference reading of a VBD line. */
function readVbdRegex(text: string): VbdLine | null {
  const m = VBD_RE.exec(text);
  if (!m) return null;
  const value = (s: string) => (s === '-' ? null : Number(s));
  return {
    devid: Number(m[2]),
    counts: [value(m[3]!), value(m[4]!), value(m[5]!), value(m[6]!), value(m[7]!)],
  };
}

const VBD_TITLES = ['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:'] as const;

/** `VBD <type> <devid> [mj:mn] OO: <n> …` via the scanner; null when it is not that plain. */
function readVbdFast(sc: SubLineScanner): VbdLine | null {
  if (!sc.word('VBD') || !sc.spaces(1) || !sc.token() || !sc.spaces(1)) return null;
  const negative = sc.word('-');
  const id = sc.count();
  if (id < 0 || !sc.spaces(1) || !sc.word('[')) return null;
  sc.spaces(0);
  if (!sc.hex() || !sc.word(':')) return null;
  sc.spaces(0);
  if (!sc.hex() || !sc.word(']')) return null;
  const counts: (number | null)[] = [];
  for (const title of VBD_TITLES) {
    if (!sc.spaces(1) || !sc.word(title)) return null;
    sc.spaces(0);
    const v = sc.countOrDash();
    if (v === undefined) return null;
    counts.push(v);
  }
  if (!sc.end()) return null;
  // Number('-0') is -0: keep the sign exactly as the regex path reads it.
  return { devid: negative ? -id : id, counts };
}

const VBD_METRICS: readonly Metric[] = [
  'vbd_oo_reqs_per_s',
  'vbd_rd_reqs_per_s',
  'vbd_wr_reqs_per_s',
  'vbd_rd_sect_per_s',
  'vbd_wr_sect_per_s',
];

const NO_VBD: VbdCounts = [null, null, null, null, null];

/** Per displayed name: the last cumulative values seen, to notice a restarted domain. */
interface Generation {
  gen: number;
  cpuSec: number;
  vbd: VbdCounts;
}

class XentopState implements LineParserState<XentopRecord> {
  readonly #ctx: ParseContext;
  #opts: XentopOptions | null = null;
  /** Iterations since the start of the current xentop run (a run's first shows CPU(%) 0.0). */
  #runIteration = 0;
  /** Iterations in the file, for `ctx.start` + i × interval. */
  #fileIteration = 0;
  #uptime: number | null = null;
  #sinceUptime = 0;
  #pendingDate: number | null = null;
  #current: Iteration | null = null;
  /** The current row, which sub-lines attach to. */
  #row: Row | null = null;
  /**
   * `-r` (a header before every row) is in effect when the command line says so, or as long as no
   * header has had two rows under it: then a header may continue the iteration.
   */
  #sawMultiRowBlock = false;
  #blockStart = 0;
  #blockDate: number | null = null;
  #blockWidth = TRUNCATED_WIDTH;
  #blockRows = 0;
  /** After an interactive or cut header: rows cannot be trusted until a complete header. */
  #skipping = false;
  #ambiguousReported = false;
  readonly #generations = new Map<string, Generation>();
  readonly #lastCpuSec = new Map<string, number>();
  readonly #scanner = new SubLineScanner();
  /** `vdevName` per devid: the same few disks repeat in every iteration. */
  readonly #vdevNames = new Map<number, string>();

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  line(text: string, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    // Every test below is anchored at the line's first character: look at it once, so that a
    // domain row does not pay for the regexes of the other line kinds.
    const c0 = text.charCodeAt(0);
    const ann = c0 === 0x23 ? readAnnotation(text, this.#ctx) : null;
    if (ann) {
      this.#annotation(ann, out);
      return;
    }
    if (isBlank(text)) return;
    if (mayBeDateLine(text)) {
      const date = parseDateLine(text, this.#ctx.tz);
      if (date) {
        // A zone-less date is read in ctx.tz (`--tz`); the importer says which zone it assumed.
        this.#pendingDate = date.ts;
        return;
      }
    }
    if (HEADER_RE.test(text)) {
      this.#header(text, lineNo, out);
      return;
    }
    if (this.#skipping) return;
    if ((c0 === 0x56 && VCPU_LINE_RE.test(text)) || (c0 === 0x20 && VCPU_CONT_RE.test(text))) {
      if (!this.#row)
        out.push(
          diag(this.#ctx.file, lineNo, 'orphan_subline', 'vCPU line with no readable domain row before it'),
        );
      return;
    }
    // Route by the sub-line's own shape: with -f, the longest name is printed without padding
    // and may itself start with `Net` or `VBD`.
    if (c0 === 0x4e && NET_PREFIX_RE.test(text)) {
      this.#netLine(text, lineNo, out);
      return;
    }
    if (c0 === 0x56 && VBD_PREFIX_RE.test(text)) {
      this.#vbdLine(text, lineNo, out);
      return;
    }
    if (c0 === 0x78 && INTERACTIVE_RE.test(text)) {
      out.push(
        diag(
          this.#ctx.file,
          lineNo,
          'unsupported',
          'interactive xentop screen: only batch output (xentop -b) is read',
        ),
      );
      this.#skipping = true;
      this.#row = null;
      return;
    }
    this.#domainRow(text, lineNo, out);
  }

  end(out: ParseResult<XentopRecord>[]): void {
    this.#flush(out);
  }

  #annotation(ann: NonNullable<ReturnType<typeof readAnnotation>>, out: ParseResult<XentopRecord>[]): void {
    if (ann.kind === 'rc') return;
    // A new command or a new poll: what was buffered belongs to the previous run.
    this.#flush(out);
    this.#runIteration = 0;
    this.#sinceUptime = 0;
    this.#pendingDate = null;
    if (ann.kind === 'command') {
      this.#opts = isCommand(ann.argv, 'xentop') ? readOptions(ann.argv) : null;
      this.#uptime = null;
    } else {
      this.#uptime = ann.seconds;
    }
  }

  #header(text: string, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    const titles = text.trim().split(/\s+/).join(' ');
    if (titles !== HEADER_TITLES) {
      // A pasted interactive screen or a narrow terminal cuts (and mail wraps) the header: the
      // rows cannot be read safely, so none are read until a complete header.
      this.#flush(out);
      this.#skipping = true;
      this.#row = null;
      out.push(
        diag(
          this.#ctx.file,
          lineNo,
          'unsupported',
          'xentop header does not have the 19 batch-mode columns NAME .. SSID: rows skipped until a complete header',
        ),
      );
      return;
    }
    this.#skipping = false;
    const width = text.indexOf('NAME') + 4;
    const date = this.#pendingDate;
    this.#pendingDate = null;
    this.#row = null;
    if (this.#repeatMode()) {
      // Maybe only one row of an iteration: decided when its row arrives.
      this.#blockStart = this.#current?.rows.length ?? 0;
      this.#blockDate = date;
      this.#blockWidth = width;
      this.#blockRows = 0;
      if (!this.#current) this.#current = { date, nameWidth: width, rows: [] };
      return;
    }
    this.#flush(out);
    this.#current = { date, nameWidth: width, rows: [] };
    this.#blockRows = 0;
  }

  #repeatMode(): boolean {
    return this.#opts?.repeatHeader === true || !this.#sawMultiRowBlock;
  }

  #domainRow(text: string, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    const fast = parseRowFast(text, lineNo);
    const parsed: RowResult = fast ? { ok: true, row: fast } : parseRow(text, lineNo);
    if (!parsed.ok) {
      if (STATE_TOKEN_RE.test(text)) {
        // A domain row we cannot read: its sub-lines must not attach to the previous domain.
        this.#row = null;
        out.push(diag(this.#ctx.file, lineNo, parsed.code, parsed.message));
      } else {
        // Foreign text (an interleaved stderr warning) leaves the current domain as it was.
        out.push(
          diag(
            this.#ctx.file,
            lineNo,
            'unknown_line',
            'not xentop -b output: expected a header, a domain row, or a Net/VBD/VCPUs sub-line',
          ),
        );
      }
      return;
    }
    const row = parsed.row;
    if (!this.#current) {
      out.push(diag(this.#ctx.file, lineNo, 'unknown_line', 'xentop domain row before any header line'));
      this.#row = null;
      return;
    }
    this.#blockRows++;
    if (this.#repeatMode()) {
      if (this.#blockRows === 1) {
        const cur = this.#current;
        if (cur.rows.length > 0 && cur.rows.some((r) => r.name === row.name)) {
          // The name repeats: this header block begins the next iteration.
          this.#flush(out);
          this.#current = { date: this.#blockDate, nameWidth: this.#blockWidth, rows: [] };
          this.#blockStart = 0;
        } else if (cur.rows.length === 0) {
          cur.date = this.#blockDate;
          cur.nameWidth = this.#blockWidth;
        } else {
          cur.nameWidth = Math.max(cur.nameWidth, this.#blockWidth);
        }
      } else if (this.#opts?.repeatHeader !== true) {
        // Two rows under one header: plain output after all. If this block was merged into the
        // previous iteration, split it off again.
        this.#sawMultiRowBlock = true;
        const cur = this.#current;
        if (this.#blockStart > 0) {
          const mine = cur.rows.splice(this.#blockStart);
          this.#flush(out);
          this.#current = { date: this.#blockDate, nameWidth: this.#blockWidth, rows: mine };
        }
      }
    }
    this.#current!.rows.push(row);
    this.#row = row;
  }

  #netLine(text: string, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    const net = readNetFast(this.#scanner.reset(text, 0)) ?? readNetRegex(text);
    if (!net) {
      out.push(
        diag(
          this.#ctx.file,
          lineNo,
          'bad_field_count',
          'expected Net<N> RX: <n>bytes <n>pkts <n>err <n>drop TX: <n>bytes <n>pkts <n>err <n>drop',
        ),
      );
      return;
    }
    if (!this.#row) {
      out.push(
        diag(this.#ctx.file, lineNo, 'orphan_subline', 'Net line with no readable domain row before it'),
      );
      return;
    }
    this.#row.netLines.push(net);
  }

  #vbdLine(text: string, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    const vbd = readVbdFast(this.#scanner.reset(text, 0)) ?? readVbdRegex(text);
    if (!vbd) {
      out.push(
        diag(
          this.#ctx.file,
          lineNo,
          'bad_field_count',
          'expected VBD <type> <devid> [mj:mn] OO: <n> RD: <n> WR: <n> RSECT: <n> WSECT: <n>',
        ),
      );
      return;
    }
    if (!this.#row) {
      out.push(
        diag(this.#ctx.file, lineNo, 'orphan_subline', 'VBD line with no readable domain row before it'),
      );
      return;
    }
    this.#row.vbdLines.push(vbd);
  }

  /** Emits the buffered iteration. */
  #flush(out: ParseResult<XentopRecord>[]): void {
    const it = this.#current;
    this.#current = null;
    this.#row = null;
    if (!it || it.rows.length === 0) return;
    if (this.#runIteration > 0 && this.#looksLikeNewRun(it)) this.#runIteration = 0;
    const interval = this.#opts ? this.#opts.delay : null;
    const stamp = placeSnapshot(
      {
        date: it.date,
        uptime: this.#uptime,
        sinceUptime: this.#sinceUptime,
        intervalSeconds: interval,
        index: this.#fileIteration,
      },
      this.#ctx,
      'boot+uptime',
    );
    const fullNames = this.#opts?.fullName === true || it.nameWidth > TRUNCATED_WIDTH;
    const names = this.#displayNames(it.rows, out);
    it.rows.forEach((row, k) => {
      this.#emitRow(row, names[k]!, stamp, !fullNames && row.name.length === TRUNCATED_WIDTH, out);
    });
    for (const row of it.rows) this.#lastCpuSec.set(row.name, row.cpuSec);
    this.#runIteration++;
    this.#fileIteration++;
    this.#sinceUptime++;
  }

  /**
   * Concatenated runs without harness lines (a restarted capture loop): a run's first iteration
   * prints CPU(%) 0.0 for every domain, even for one whose CPU(sec) grew by whole seconds.
   */
  #looksLikeNewRun(it: Iteration): boolean {
    if (!it.rows.every((r) => r.cpuPct === 0)) return false;
    return it.rows.some((r) => {
      const before = this.#lastCpuSec.get(r.name);
      return before !== undefined && r.cpuSec - before >= 2;
    });
  }

  /** Two rows cut to the same 10 characters must not merge: `name#1`, `name#2` in row order. */
  #displayNames(rows: readonly Row[], out: ParseResult<XentopRecord>[]): string[] {
    const count = new Map<string, number>();
    for (const r of rows) count.set(r.name, (count.get(r.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    return rows.map((r) => {
      if (count.get(r.name)! < 2) return r.name;
      const k = (seen.get(r.name) ?? 0) + 1;
      seen.set(r.name, k);
      if (!this.#ambiguousReported) {
        this.#ambiguousReported = true;
        out.push(
          diag(
            this.#ctx.file,
            r.line,
            'ambiguous_name',
            `two domains shown as '${r.name}' in one iteration (names cut to 10 characters; capture with xentop -f): kept apart as '${r.name}#1', '${r.name}#2'`,
          ),
        );
      }
      return `${r.name}#${k}`;
    });
  }

  /** Instance label per name: a new one when a cumulative value went down (the domain restarted). */
  #instance(name: string, row: Row): string {
    // A domain without VBDs prints 0 totals: they are no counters, and say nothing about a reset.
    // A `-` (unreadable) says nothing either.
    const vbd = row.vbds > 0 ? row.vbd : NO_VBD;
    const g = this.#generations.get(name);
    if (!g) {
      this.#generations.set(name, { gen: 0, cpuSec: row.cpuSec, vbd });
      return 'gen0';
    }
    const decreased =
      row.cpuSec < g.cpuSec || vbd.some((v, i) => v !== null && g.vbd[i] != null && v < g.vbd[i]!);
    if (decreased) {
      g.gen++;
      g.vbd = vbd;
    } else {
      g.vbd = vbd.map((v, i) => v ?? g.vbd[i] ?? null);
    }
    g.cpuSec = row.cpuSec;
    return `gen${g.gen}`;
  }

  #emitRow(row: Row, name: string, stamp: Stamp, truncated: boolean, out: ParseResult<XentopRecord>[]): void {
    const instance = this.#instance(name, row);
    const extra = truncated ? { nameTruncated: true } : {};
    const seen: DomainSeenRecord = {
      type: 'domain',
      ...stamp,
      domid: null,
      name,
      state: row.state,
      ...(row.state[3] === 'c' ? { shutdownReason: 3 } : {}),
      vcpus: row.vcpus,
      cpuSeconds: row.cpuSec,
      ...extra,
      line: row.line,
    };
    out.push({ ok: true, record: seen });
    // About 16 readings per row: built field by field, not by spreading (spreads cost a copy
    // loop and leave objects of many shapes for ingest's hot path).
    const { ts, tsSource, uptime } = stamp;
    const reading = (
      resource: Resource,
      device: string,
      metric: Metric,
      value: number,
      counter: boolean,
      more?: 'stateOnly' | 'scale',
    ): void => {
      const r: Mutable<ReadingRecord> = {
        type: 'reading',
        ts,
        tsSource,
        domain: name,
        domid: null,
        resource,
        device,
        metric,
        value,
        counter,
      };
      if (uptime !== undefined) r.uptime = uptime;
      if (counter) r.instance = instance;
      if (more === 'stateOnly') r.stateOnly = true;
      else if (more === 'scale') r.scale = 1024;
      if (truncated) r.nameTruncated = true;
      out.push({ ok: true, record: r });
    };
    const first = this.#runIteration === 0;
    // CPU(%) of a run's first iteration is 0.0 (no previous sample): the CPU(sec) delta against
    // the stored state replaces it; later, CPU(sec) only keeps that state current.
    if (!first) reading('cpu', '', 'cpu_ratio', Number((row.cpuPct / 100).toFixed(6)), false);
    reading('cpu', '', 'cpu_ratio', row.cpuSec, true, first ? undefined : 'stateOnly');
    reading('mem', '', 'mem_kib', row.memK, false);
    if (row.maxmemK !== null) reading('mem', '', 'maxmem_kib', row.maxmemK, false);

    if (row.vbdLines.length > 0) {
      for (const v of row.vbdLines) this.#vbdReadings(this.#vdevName(v.devid), v.counts, reading);
    } else if (row.vbds > 0) {
      this.#vbdReadings(TOTAL_DEVICE, row.vbd, reading);
    }

    if (row.netLines.length > 0) {
      for (const n of row.netLines) {
        // Net<N> is a position in the domain's vif list, not a devid: only a lone vif is net0.
        const device = row.nets === 1 && n.ordinal === 0 ? 'net0' : `xentop-net${n.ordinal}`;
        reading('vif', device, 'vif_rx_bytes_per_s', n.rx.bytes, true);
        reading('vif', device, 'vif_rx_pkts_per_s', n.rx.pkts, true);
        reading('vif', device, 'vif_rx_drops_per_s', n.rx.drops, true);
        reading('vif', device, 'vif_tx_bytes_per_s', n.tx.bytes, true);
        reading('vif', device, 'vif_tx_pkts_per_s', n.tx.pkts, true);
        reading('vif', device, 'vif_tx_drops_per_s', n.tx.drops, true);
      }
    } else if (row.nets > 0) {
      reading('vif', TOTAL_DEVICE, 'vif_tx_bytes_per_s', row.netTxK, true, 'scale');
      reading('vif', TOTAL_DEVICE, 'vif_rx_bytes_per_s', row.netRxK, true, 'scale');
    }
  }

  #vbdReadings(
    device: string,
    counts: VbdCounts,
    reading: (r: Resource, d: string, m: Metric, v: number, c: boolean) => void,
  ): void {
    for (let i = 0; i < counts.length; i++) {
      const v = counts[i];
      if (v !== null && v !== undefined) reading('vbd', device, VBD_METRICS[i]!, v, true);
    }
  }

  #vdevName(devid: number): string {
    let name = this.#vdevNames.get(devid);
    if (name === undefined) {
      name = vdevName(devid);
      this.#vdevNames.set(devid, name);
    }
    return name;
  }
}

function open(ctx: ParseContext): LineParserState<XentopRecord> {
  return new XentopState(ctx);
}

export const xentopFormat: LineFormat<XentopRecord> = {
  id: 'xentop',
  summary: 'xentop -b batch output (-n, -x, -v, -f, -r), with optional date lines before each iteration',
  sniff(head) {
    let command = false;
    let header = false;
    let complete = false;
    let interactive = false;
    let rows = 0;
    for (const line of head) {
      if (/^# \$ (?:\S*\/)?xentop\b/.test(line)) command = true;
      if (INTERACTIVE_RE.test(line)) interactive = true;
      if (HEADER_RE.test(line)) {
        header = true;
        if (line.trim().split(/\s+/).join(' ') === HEADER_TITLES) complete = true;
      }
      if (ROW_HINT_RE.test(line)) rows++;
    }
    // Pasted interactive screens are cut and wrapped: never claim them.
    if (interactive || (header && !complete)) return 0.2;
    if (complete) return rows > 0 ? 0.98 : 0.9;
    if (rows > 0) return command ? 0.9 : 0.6;
    return command ? 0.6 : 0;
  },
  matchLine(line) {
    return (
      HEADER_RE.test(line) ||
      ROW_HINT_RE.test(line) ||
      NET_RE.test(line) ||
      VBD_RE.test(line) ||
      VCPU_LINE_RE.test(line)
    );
  },
  open,
  parse: parseLines(open),
};
