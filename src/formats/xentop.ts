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
import type { DomainSeenRecord, ParseResult, ReadingSlot, ReadingsRecord, Stamp } from '../model/records.js';
import type { Metric } from '../model/vocabulary.js';
import { isCommand, parseDateLine, placeSnapshot, readAnnotation } from './capture-annotations.js';
import { LayoutNode, readingSlot } from './readings-batch.js';
import {
  COUNTS,
  codeAt,
  loadLine,
  matchNet,
  matchRow,
  matchVbd,
  NET_COUNTS,
  NET_RE,
  NO_COUNT,
  type Row,
  scanNet,
  scanRow,
  scanVbd,
  tokenRow,
  VBD_RE,
} from './xentop-lines.js';

/** Per domain row: its sighting, then its readings as one batch (`expandReadings` for single ones). */
export type XentopRecord = ReadingsRecord | DomainSeenRecord;

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
const STATE_TOKEN_RE = /(?:^|\s)[d-][s-][b-][c-][p-][r-]\s/;
/** A domain row, loosely: a state token followed by CPU(sec) and CPU(%). For sniffing only. */
const ROW_HINT_RE = /^\s*\S.*\s[d-][s-][b-][c-][p-][r-]\s+\d+\s+\d+\.\d\s+\d+\s+\d+\.\d\s/;
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

/** `\s` for the ASCII range. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

// The looks below take the line as loaded (`n`, see `codeAt`): the same codes as charCodeAt.

/**
 * Where the text after the leading ASCII whitespace starts (`text.length` when there is none):
 * computed once per line for the three tests below, which all look there.
 */
function leadingSpaces(text: string, n: number): number {
  let i = 0;
  while (i < text.length && isAsciiSpace(codeAt(text, n, i))) i++;
  return i;
}

/** `text.trim() === ''` without the copy (`lead` from `leadingSpaces`). */
function isBlank(text: string, n: number, lead: number): boolean {
  if (lead === text.length) return true;
  return codeAt(text, n, lead) < 0x80 ? false : text.trim() === '';
}

/**
 * Can `HEADER_RE` (`^\s*NAME...`) match? Only if the first character that is no ASCII space is
 * the `N` of NAME followed by its `A`, or non-ASCII (Unicode whitespace, which `\s` also skips):
 * two looks instead of a regex call on every row and sub-line (`Net` lines start with `N` too).
 */
function mayBeHeader(text: string, n: number, lead: number): boolean {
  const c = codeAt(text, n, lead);
  return (c === 0x4e && codeAt(text, n, lead + 1) === 0x41) || c >= 0x80;
}

/**
 * `parseDateLine` reads only lines whose trimmed length is 19..40: rows and sub-lines are longer,
 * so they skip its copy and regexes. Non-ASCII at either end may be whitespace: let it look.
 */
function mayBeDateLine(text: string, n: number, lead: number): boolean {
  const a = lead;
  let b = text.length;
  while (b > a && isAsciiSpace(codeAt(text, n, b - 1))) b--;
  if (a < b && (codeAt(text, n, a) >= 0x80 || codeAt(text, n, b - 1) >= 0x80)) return true;
  return b - a >= 19 && b - a <= 40;
}

/**
 * `text.trim().split(/\s+/).join(' ') === HEADER_TITLES`: for an ASCII line (loaded as `n`
 * bytes), walked in place, each run of whitespace inside standing for one space, instead of a
 * regex split and two strings per header.
 */
function spellsTitles(text: string, n: number): boolean {
  if (n < 0) return text.trim().split(/\s+/).join(' ') === HEADER_TITLES;
  let k = 0;
  let i = 0;
  while (i < n) {
    if (!isAsciiSpace(codeAt(text, n, i))) {
      if (codeAt(text, n, i) !== HEADER_TITLES.charCodeAt(k)) return false;
      i++;
      k++;
      continue;
    }
    while (i < n && isAsciiSpace(codeAt(text, n, i))) i++;
    // Leading and trailing whitespace is trimmed; inside, a run is one space.
    if (k === 0 || i === n) continue;
    if (HEADER_TITLES.charCodeAt(k) !== 0x20) return false;
    k++;
  }
  return k === HEADER_TITLES.length;
}

const VBD_METRICS: readonly Metric[] = [
  'vbd_oo_reqs_per_s',
  'vbd_rd_reqs_per_s',
  'vbd_wr_reqs_per_s',
  'vbd_rd_sect_per_s',
  'vbd_wr_sect_per_s',
];

/** Bit i set where the count at `data[at + i]` (of five) is readable (not `-`). */
function presentMask(data: Float64Array, at: number): number {
  let mask = 0;
  for (let i = 0; i < 5; i++) if (data[at + i] !== NO_COUNT) mask |= 1 << i;
  return mask;
}

/** Appends the readable ones of the five counts at `data[at]` to `values` from `n`; the new length. */
function copyPresent(data: Float64Array, at: number, values: number[], n: number): number {
  let k = n;
  for (let i = 0; i < 5; i++) {
    const c = data[at + i]!;
    if (c !== NO_COUNT) values[k++] = c;
  }
  return k;
}

/**
 * Records of numbers (a head, then counters) appended one after another: where the buffered rows
 * keep their sub-lines, so that a row costs no array or object per sub-line. Reused from the start
 * once no buffered row refers to it.
 */
class RecordBuffer {
  data = new Float64Array(1024);
  length = 0;

  append(head: number, counts: Float64Array): void {
    const end = this.length + 1 + counts.length;
    if (end > this.data.length) {
      const grown = new Float64Array(Math.max(end, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    // A loop, not `set`: for six numbers the builtin's call costs more than the copy.
    const data = this.data;
    data[this.length] = head;
    for (let i = 0; i < counts.length; i++) data[this.length + 1 + i] = counts[i]!;
    this.length = end;
  }
}

/** A VBD record: devid (NaN for the row's own VBD_* totals), then OO, RD, WR, RSECT, WSECT. */
const VBD_RECORD = 6;
/** A Net record: the ordinal N of `Net<N>`, then RX bytes, pkts, drops, TX bytes, pkts, drops. */
const NET_RECORD = 7;

const NET_METRICS: readonly Metric[] = [
  'vif_rx_bytes_per_s',
  'vif_rx_pkts_per_s',
  'vif_rx_drops_per_s',
  'vif_tx_bytes_per_s',
  'vif_tx_pkts_per_s',
  'vif_tx_drops_per_s',
];

/** Slot groups every parser state shares (they are frozen): the layout cache is keyed by them. */
const group = (...slots: ReadingSlot[]): readonly ReadingSlot[] => Object.freeze(slots.map(readingSlot));
const CPU_GAUGE = group({ resource: 'cpu', device: '', metric: 'cpu_ratio', counter: false });
const CPU_COUNTER = group({ resource: 'cpu', device: '', metric: 'cpu_ratio', counter: true });
const CPU_STATE_ONLY = group({
  resource: 'cpu',
  device: '',
  metric: 'cpu_ratio',
  counter: true,
  stateOnly: true,
});
const MEM = group({ resource: 'mem', device: '', metric: 'mem_kib', counter: false });
const MAXMEM = group({ resource: 'mem', device: '', metric: 'maxmem_kib', counter: false });
/** NETTX(k) and NETRX(k): KiB, so ×1024 bytes. */
const NET_TOTALS = group(
  { resource: 'vif', device: TOTAL_DEVICE, metric: 'vif_tx_bytes_per_s', counter: true, scale: 1024 },
  { resource: 'vif', device: TOTAL_DEVICE, metric: 'vif_rx_bytes_per_s', counter: true, scale: 1024 },
);

/** Per displayed name: the last cumulative values seen, to notice a restarted domain. */
interface Generation {
  gen: number;
  cpuSec: number;
  /** The VBD_* totals (`NO_COUNT`: never readable so far), updated in place. */
  readonly vbd: Float64Array;
}

/**
 * What the parser remembers under one name: as a displayed name (its generation) and as a row's
 * own name (its last CPU(sec), whether it repeats in an iteration). One map of these, looked up
 * once per row, instead of a map per fact each hashing the row's freshly sliced name again.
 */
class NameEntry {
  /** Null until a row is emitted under this name. */
  generation: Generation | null = null;
  /** CPU(sec) of the last row of this name, for `#looksLikeNewRun`. */
  lastCpuSec: number | undefined = undefined;
  /** The flush that last counted a row of this name: a second one there means two domains. */
  countedIn = 0;
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
  readonly #names = new Map<string, NameEntry>();
  /** Flushes so far, to mark names counted in this one (`NameEntry.countedIn`). */
  #flushes = 0;
  /** The entries of the rows being flushed, in row order (reused). */
  readonly #rowEntries: NameEntry[] = [];
  /** `vdevName` per devid: the same few disks repeat in every iteration. */
  readonly #vdevNames = new Map<number, string>();
  readonly #genLabels: string[] = [];
  /** The layouts of this file's batches, and the per-device slot groups they are walked by. */
  readonly #layouts = new LayoutNode();
  readonly #vbdGroups = new Map<string, (readonly ReadingSlot[])[]>();
  readonly #netGroups = new Map<number, readonly ReadingSlot[]>();
  /** `#cpuRatio`'s memory: CPU(%) → ratio (`toFixed` costs more than a lookup). */
  readonly #ratios = new Map<number, number>();
  /**
   * The last answer of `#cpuRatio`, `#vbdGroup`, `#vdevName` and `#netGroup`, checked before their
   * maps: consecutive rows mostly ask the same (one disk, one vif, one CPU(%)), and a comparison
   * costs less than hashing a key. `===` equates -0 and 0 as the maps do.
   */
  #lastPct = Number.NaN;
  #lastRatio = 0;
  #lastVbdDevice = '';
  #lastVbdMask = -1;
  #lastVbdGroup: readonly ReadingSlot[] = [];
  #lastDevid = Number.NaN;
  #lastVdevName = '';
  #lastOrdinal = Number.NaN;
  #lastNetGroup: readonly ReadingSlot[] = [];
  /** A row's values before they are copied into its batch. */
  readonly #scratch: number[] = [];
  /** The buffered rows' VBD totals and sub-lines (`Row.vbdAt`), and Net sub-lines (`Row.netAt`). */
  readonly #vbd = new RecordBuffer();
  readonly #net = new RecordBuffer();

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  line(text: string, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    // One copy of the line's bytes for whichever scanner reads it below (-1: not ASCII, for the
    // regexes). Taken first: the copy reads the line's characters in one sweep, after which the
    // looks below find them in cache.
    const n = loadLine(text);
    // Every test below is anchored at the line's first character: look at it once, so that a
    // domain row does not pay for the regexes of the other line kinds.
    const c0 = codeAt(text, n, 0);
    const ann = c0 === 0x23 ? readAnnotation(text, this.#ctx) : null;
    if (ann) {
      this.#annotation(ann, out);
      return;
    }
    const lead = leadingSpaces(text, n);
    if (isBlank(text, n, lead)) return;
    if (mayBeDateLine(text, n, lead)) {
      const date = parseDateLine(text, this.#ctx.tz);
      if (date) {
        // A zone-less date is read in ctx.tz (`--tz`); the importer says which zone it assumed.
        this.#pendingDate = date.ts;
        return;
      }
    }
    if (mayBeHeader(text, n, lead) && HEADER_RE.test(text)) {
      this.#header(text, n, lineNo, out);
      return;
    }
    if (this.#skipping) return;
    // The vCPU regexes only where their first characters fit: `VC` (not the `VB` of VBD lines),
    // and 8 spaces (most rows, names padded to 10, fail at charCodeAt(7)).
    if (
      (c0 === 0x56 && codeAt(text, n, 1) === 0x43 && VCPU_LINE_RE.test(text)) ||
      (c0 === 0x20 && codeAt(text, n, 7) === 0x20 && VCPU_CONT_RE.test(text))
    ) {
      if (!this.#row)
        out.push(
          diag(this.#ctx.file, lineNo, 'orphan_subline', 'vCPU line with no readable domain row before it'),
        );
      return;
    }
    // Route by the sub-line's own shape: with -f, the longest name is printed without padding
    // and may itself start with `Net` or `VBD`. A scanned line is one its prefix regex matches
    // (the scanners accept no more than the full regexes), so the prefix test is for the rest.
    if (c0 === 0x4e) {
      const ordinal = scanNet(n);
      if (ordinal >= 0) {
        this.#netLine(ordinal, lineNo, out);
        return;
      }
      if (NET_PREFIX_RE.test(text)) {
        this.#netLine(matchNet(text), lineNo, out);
        return;
      }
    }
    if (c0 === 0x56) {
      const devid = scanVbd(n);
      if (devid !== null) {
        this.#vbdLine(devid, lineNo, out);
        return;
      }
      if (VBD_PREFIX_RE.test(text)) {
        this.#vbdLine(matchVbd(text), lineNo, out);
        return;
      }
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
    this.#domainRow(text, n, lineNo, out);
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

  #header(text: string, n: number, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    if (!spellsTitles(text, n)) {
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

  #domainRow(text: string, n: number, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    const row = this.#readRow(text, n, lineNo, out);
    if (row === null) return;
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
    this.#buffer(row);
  }

  /** Adds a read row to the current iteration, its VBD_* totals (still in COUNTS) to the buffer. */
  #buffer(row: Row): void {
    const rows = this.#current!.rows;
    if (rows.length === 0) {
      // Rows of earlier iterations are emitted: nothing refers to the buffers any more.
      this.#vbd.length = 0;
      this.#net.length = 0;
    }
    row.vbdAt = this.#vbd.length;
    this.#vbd.append(Number.NaN, COUNTS);
    row.vbdEnd = this.#vbd.length;
    row.netAt = this.#net.length;
    row.netEnd = row.netAt;
    rows.push(row);
    this.#row = row;
  }

  /** The scanner, else the regex, else the tokens (which word the diagnostic); null when unread. */
  #readRow(text: string, n: number, lineNo: number, out: ParseResult<XentopRecord>[]): Row | null {
    const row = scanRow(text, n, lineNo) ?? matchRow(text, lineNo);
    if (row !== null) return row;
    const parsed = tokenRow(text, lineNo);
    if (parsed.ok) return parsed.row;
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
    return null;
  }

  /** A Net sub-line read as `ordinal` (-1: unreadable), its counters in NET_COUNTS. */
  #netLine(ordinal: number, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    if (ordinal < 0) {
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
    // The row is the last one buffered: its records are the last in the buffer.
    this.#net.append(ordinal, NET_COUNTS);
    this.#row.netEnd = this.#net.length;
  }

  /** A VBD sub-line read as `devid` (null: unreadable), its counts in COUNTS. */
  #vbdLine(devid: number | null, lineNo: number, out: ParseResult<XentopRecord>[]): void {
    if (devid === null) {
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
    this.#vbd.append(devid, COUNTS);
    this.#row.vbdEnd = this.#vbd.length;
  }

  /** Emits the buffered iteration. */
  #flush(out: ParseResult<XentopRecord>[]): void {
    const it = this.#current;
    this.#current = null;
    this.#row = null;
    if (!it || it.rows.length === 0) return;
    const entries = this.#rowEntries;
    entries.length = 0;
    for (const row of it.rows) entries.push(this.#entry(row.name));
    if (this.#runIteration > 0 && this.#looksLikeNewRun(it, entries)) this.#runIteration = 0;
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
    const rows = it.rows;
    // Mostly every name is shown once: then each row is emitted under its own name and entry.
    const names = this.#namesRepeat(entries) ? this.#displayNames(rows, out) : null;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      const name = names === null ? row.name : names[k]!;
      const entry = name === row.name ? entries[k]! : this.#entry(name);
      this.#emitRow(row, name, entry, stamp, !fullNames && row.name.length === TRUNCATED_WIDTH, out);
    }
    for (let k = 0; k < rows.length; k++) entries[k]!.lastCpuSec = rows[k]!.cpuSec;
    this.#runIteration++;
    this.#fileIteration++;
    this.#sinceUptime++;
  }

  /**
   * Concatenated runs without harness lines (a restarted capture loop): a run's first iteration
   * prints CPU(%) 0.0 for every domain, even for one whose CPU(sec) grew by whole seconds.
   */
  #looksLikeNewRun(it: Iteration, entries: readonly NameEntry[]): boolean {
    if (!it.rows.every((r) => r.cpuPct === 0)) return false;
    return it.rows.some((r, k) => {
      const before = entries[k]!.lastCpuSec;
      return before !== undefined && r.cpuSec - before >= 2;
    });
  }

  #entry(name: string): NameEntry {
    let entry = this.#names.get(name);
    if (entry === undefined) {
      entry = new NameEntry();
      this.#names.set(name, entry);
    }
    return entry;
  }

  /** Do two of the rows (their name entries) share a name? Marks each entry as counted. */
  #namesRepeat(entries: readonly NameEntry[]): boolean {
    const flush = ++this.#flushes;
    let repeat = false;
    for (const e of entries) {
      if (e.countedIn === flush) repeat = true;
      e.countedIn = flush;
    }
    return repeat;
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
  #instance(entry: NameEntry, row: Row): string {
    // A domain without VBDs prints 0 totals: they are no counters, and say nothing about a reset
    // (read as all `-`). A `-` (unreadable) says nothing either.
    const data = this.#vbd.data;
    const at = row.vbds > 0 ? row.vbdAt + 1 : -1;
    const g = entry.generation;
    if (!g) {
      const vbd = new Float64Array(5);
      for (let i = 0; i < 5; i++) vbd[i] = at < 0 ? NO_COUNT : data[at + i]!;
      entry.generation = { gen: 0, cpuSec: row.cpuSec, vbd };
      return 'gen0';
    }
    let decreased = row.cpuSec < g.cpuSec;
    for (let i = 0; i < 5 && !decreased && at >= 0; i++) {
      const before = g.vbd[i]!;
      const v = data[at + i]!;
      decreased = v !== NO_COUNT && before !== NO_COUNT && v < before;
    }
    if (decreased) g.gen++;
    // After a reset the row's counts are the state, `-` included; otherwise a `-` keeps what was
    // last readable.
    for (let i = 0; i < 5; i++) {
      const v = at < 0 ? NO_COUNT : data[at + i]!;
      if (decreased || v !== NO_COUNT) g.vbd[i] = v;
    }
    g.cpuSec = row.cpuSec;
    // One label string per generation, not a new one per row: ingest compares it on every reading.
    return (this.#genLabels[g.gen] ??= `gen${g.gen}`);
  }

  #emitRow(
    row: Row,
    name: string,
    entry: NameEntry,
    stamp: Stamp,
    truncated: boolean,
    out: ParseResult<XentopRecord>[],
  ): void {
    const instance = this.#instance(entry, row);
    const { ts, tsSource, uptime } = stamp;
    const seen: Mutable<DomainSeenRecord> = {
      type: 'domain',
      ts,
      tsSource,
      domid: null,
      name,
      state: row.state,
      vcpus: row.vcpus,
      cpuSeconds: row.cpuSec,
      line: row.line,
    };
    if (uptime !== undefined) seen.uptime = uptime;
    if (row.state.charCodeAt(3) === 0x63) seen.shutdownReason = 3; // `c`: crashed
    if (truncated) seen.nameTruncated = true;
    out.push({ ok: true, record: seen });

    // The row's ~17 readings as one batch: values gathered in a reused scratch array, the layout
    // found by walking the cache one group at a time (no object per reading).
    const v = this.#scratch;
    let n = 0;
    let node = this.#layouts;
    const first = this.#runIteration === 0;
    // CPU(%) of a run's first iteration is 0.0 (no previous sample): the CPU(sec) delta against
    // the stored state replaces it; later, CPU(sec) only keeps that state current.
    if (!first) {
      node = node.extend(CPU_GAUGE);
      v[n++] = this.#cpuRatio(row.cpuPct);
    }
    node = node.extend(first ? CPU_COUNTER : CPU_STATE_ONLY);
    v[n++] = row.cpuSec;
    node = node.extend(MEM);
    v[n++] = row.memK;
    if (row.maxmemK !== null) {
      node = node.extend(MAXMEM);
      v[n++] = row.maxmemK;
    }

    // The row's VBD records: its totals, then its sub-lines (per device, preferred when present).
    const vbd = this.#vbd.data;
    const firstLine = row.vbdAt + VBD_RECORD;
    if (row.vbdEnd > firstLine) {
      for (let at = firstLine; at < row.vbdEnd; at += VBD_RECORD) {
        const mask = presentMask(vbd, at + 1);
        if (mask === 0) continue;
        node = node.extend(this.#vbdGroup(this.#vdevName(vbd[at]!), mask));
        n = copyPresent(vbd, at + 1, v, n);
      }
    } else if (row.vbds > 0) {
      const mask = presentMask(vbd, row.vbdAt + 1);
      if (mask !== 0) {
        node = node.extend(this.#vbdGroup(TOTAL_DEVICE, mask));
        n = copyPresent(vbd, row.vbdAt + 1, v, n);
      }
    }

    if (row.netEnd > row.netAt) {
      const net = this.#net.data;
      for (let at = row.netAt; at < row.netEnd; at += NET_RECORD) {
        // Net<N> is a position in the domain's vif list, not a devid: only a lone vif is net0.
        const ordinal = net[at]!;
        node = node.extend(this.#netGroup(row.nets === 1 && ordinal === 0 ? -1 : ordinal));
        for (let k = 1; k < NET_RECORD; k++) v[n++] = net[at + k]!;
      }
    } else if (row.nets > 0) {
      node = node.extend(NET_TOTALS);
      v[n++] = row.netTxK;
      v[n++] = row.netRxK;
    }

    // Every field set, in one order: all batches share one hidden class for ingest's hot path.
    const batch: ReadingsRecord = {
      type: 'readings',
      ts,
      tsSource,
      uptime,
      domain: name,
      domid: null,
      instance,
      nameTruncated: truncated,
      layout: node.layout,
      values: v.slice(0, n),
    };
    out.push({ ok: true, record: batch });
  }

  /** CPU(%) as a ratio, rounded as it always was; the few distinct percentages are remembered. */
  #cpuRatio(pct: number): number {
    if (pct === this.#lastPct) return this.#lastRatio;
    let r = this.#ratios.get(pct);
    if (r === undefined) {
      r = Number((pct / 100).toFixed(6));
      if (this.#ratios.size < 10_000) this.#ratios.set(pct, r);
    }
    this.#lastPct = pct;
    this.#lastRatio = r;
    return r;
  }

  /** The VBD slots of one device for the counts present (`mask` bit i: VBD_METRICS[i]). */
  #vbdGroup(device: string, mask: number): readonly ReadingSlot[] {
    if (device === this.#lastVbdDevice && mask === this.#lastVbdMask) return this.#lastVbdGroup;
    let byMask = this.#vbdGroups.get(device);
    if (byMask === undefined) {
      byMask = [];
      this.#vbdGroups.set(device, byMask);
    }
    let group = byMask[mask];
    if (group === undefined) {
      const slots: ReadingSlot[] = [];
      for (let i = 0; i < VBD_METRICS.length; i++)
        if (mask & (1 << i))
          slots.push(readingSlot({ resource: 'vbd', device, metric: VBD_METRICS[i]!, counter: true }));
      group = Object.freeze(slots);
      byMask[mask] = group;
    }
    this.#lastVbdDevice = device;
    this.#lastVbdMask = mask;
    this.#lastVbdGroup = group;
    return group;
  }

  /** The six vif slots of `Net<ordinal>`; ordinal -1 is a lone vif's `net0`. */
  #netGroup(ordinal: number): readonly ReadingSlot[] {
    if (ordinal === this.#lastOrdinal) return this.#lastNetGroup;
    let group = this.#netGroups.get(ordinal);
    if (group === undefined) {
      const device = ordinal === -1 ? 'net0' : `xentop-net${ordinal}`;
      group = Object.freeze(
        NET_METRICS.map((metric) => readingSlot({ resource: 'vif', device, metric, counter: true })),
      );
      this.#netGroups.set(ordinal, group);
    }
    this.#lastOrdinal = ordinal;
    this.#lastNetGroup = group;
    return group;
  }

  #vdevName(devid: number): string {
    if (devid === this.#lastDevid) return this.#lastVdevName;
    let name = this.#vdevNames.get(devid);
    if (name === undefined) {
      name = vdevName(devid);
      this.#vdevNames.set(devid, name);
    }
    this.#lastDevid = devid;
    this.#lastVdevName = name;
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
