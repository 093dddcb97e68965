/**
 * `lvs` and `pvs` reports (LVM2): which LV lives on which PV, for topology. Read are
 * - the aligned text table, default columns or `-o`/`-o +…` (`-o +devices`, `-a`, `--units`),
 *   columns found by their header labels and positions (empty cells print as blanks, so a row
 *   cannot be split on whitespace alone);
 * - `--separator X` tables, `--noheadings` rows (columns from the harness's `# $ lvs …` line, else
 *   by the shape of each cell), `--nameprefixes` (`LVM2_LV_NAME='…'`) and `--reportformat json`.
 * Harness lines (`# $`, `# dom0 uptime`, `# rc=`) and LVM's own warnings are skipped.
 */
import type { ParseContext, Parser } from '../model/parser.js';
import { diag, parseWhole } from '../model/parser.js';
import type { ParseResult } from '../model/records.js';
import type { LvmLvRecord, LvmPvRecord, LvmRecord, LvmSegment } from '../model/topology.js';
import { readAnnotation } from './capture-annotations.js';

/** Our names for the columns topology needs; every other column is read past. */
type Field = 'lv' | 'vg' | 'attr' | 'size' | 'devices' | 'kmaj' | 'kmin' | 'pv' | 'fmt' | 'free' | 'ranges';

/** Header labels LVM prints (`lvs -o help` headings) → field; `null` = a column we skip. */
const LABELS: Readonly<Record<string, Field | null>> = {
  LV: 'lv',
  VG: 'vg',
  Attr: 'attr',
  LSize: 'size',
  PSize: 'size',
  Devices: 'devices',
  KMaj: 'kmaj',
  KMin: 'kmin',
  PV: 'pv',
  Fmt: 'fmt',
  PFree: 'free',
  'PE Ranges': 'ranges',
};

/** Labels with a space in them: joined before a header is split into words. */
const SPACED_LABELS = [
  'LV UUID',
  'VG UUID',
  'PV UUID',
  'PE Ranges',
  '1st PE',
  'LV Tags',
  'PV Tags',
  'VG Tags',
];

/** Every label of the reports' default and common columns, to recognise a header line. */
const KNOWN_LABELS = new Set([
  ...Object.keys(LABELS),
  ...SPACED_LABELS,
  'Pool',
  'Origin',
  'Data%',
  'Meta%',
  'Move',
  'Log',
  'Cpy%Sync',
  'Convert',
  'Maj',
  'Min',
  'Path',
  'DMPath',
  '#Seg',
  'Start',
  'SSize',
  'DevSize',
  'VSize',
  'VFree',
  '#PV',
  '#LV',
  '#SN',
  'Type',
  'Active',
  'DevOpen',
  'Layout',
  'Role',
]);

/** `-o` field names (with or without their `lv_`/`pv_` prefix) → field. */
const OPTION_NAMES: Readonly<Record<string, Field>> = {
  lv_name: 'lv',
  vg_name: 'vg',
  lv_attr: 'attr',
  pv_attr: 'attr',
  attr: 'attr',
  lv_size: 'size',
  pv_size: 'size',
  size: 'size',
  devices: 'devices',
  lv_kernel_major: 'kmaj',
  kernel_major: 'kmaj',
  lv_kernel_minor: 'kmin',
  kernel_minor: 'kmin',
  pv_name: 'pv',
  pv_fmt: 'fmt',
  fmt: 'fmt',
  pv_free: 'free',
  free: 'free',
  seg_pe_ranges: 'ranges',
};

const DEFAULT_LVS = [
  'lv_name',
  'vg_name',
  'lv_attr',
  'lv_size',
  'pool_lv',
  'origin',
  'data_percent',
  'metadata_percent',
  'move_pv',
  'mirror_log',
  'copy_percent',
  'convert_lv',
];
const DEFAULT_PVS = ['pv_name', 'vg_name', 'pv_fmt', 'pv_attr', 'pv_size', 'pv_free'];

/** lv_attr: 10 characters since LVM 2.02.9x (`-wi-ao----`), 6 before (`-wi-ao`). */
const LV_ATTR_RE =
  /^[-CmMoOrRsSpvVtTeIilwWdD][-wrR][-aAcChHiImMnNoOrRsSpPdDuUl][-acilnpt][-asSIdimMXpr][-o?X](?:[-abcdfmnprstvVT][-z][-pPrmw][-rRk-])?$/;
const PV_ATTR_RE = /^[-a][-ux][-m-](?:[-a-z])?$/;
/** `/dev/sdb(1280)`, `/dev/md0(0),/dev/sdc(0)`, or a sub-LV `thin_tdata(0)`. */
const DEVICES_RE = /^[^\s(),]+\(\d+\)(?:,[^\s(),]+\(\d+\))*$/;
const SIZE_RE = /^<?\d+(?:[.,]\d+)?[bBsSkKmMgGtTpPeErR]?$/;
/** LVM2 messages mixed into a `2>&1` capture. */
const LVM_NOISE_RE =
  /^\s*(?:WARNING:|File descriptor \d+ .*leaked|Reloading config files|Couldn't find device|No volume groups found|Failed to |Device .* not found)/;
/** LV and VG names: letters, digits and `+_.-` (hidden LVs in brackets). */
const NAME_RE = /^\[?[\w+.-]+\]?$/;
const PREFIX_RE = /LVM2_([A-Z0-9_]+)='((?:[^'\\]|\\.)*)'/g;

interface Column {
  readonly field: Field | null;
  readonly start: number;
  readonly end: number;
}

interface Table {
  readonly kind: 'lv' | 'pv';
  /** Positional columns (separator or headerless rows of known `-o`); null: split by position. */
  readonly columns: readonly Column[];
  readonly separator: string | null;
  readonly positional: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `/dev/vdc(0),/dev/vdd(12)` → segments; `thin_tdata(0)` is a sub-LV, kept as written. */
export function parseDevices(text: string): LvmSegment[] {
  const out: LvmSegment[] = [];
  for (const part of text.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const m = /^(.*?)\((\d+)\)$/.exec(p);
    out.push(m ? { pv: m[1]!, start: Number(m[2]) } : { pv: p, start: null });
  }
  return out;
}

/** `/dev/vdc:0-15 /dev/vdd:0-3` (seg_pe_ranges) → segments. */
function parseRanges(text: string): LvmSegment[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => {
      const m = /^(.*):(\d+)-\d+$/.exec(r);
      return m ? { pv: m[1]!, start: Number(m[2]) } : { pv: r, start: null };
    });
}

function kernelNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** Hidden LVs of `lvs -a` are bracketed: `[lvol0_pmspare]`. */
function lvName(text: string): string {
  return text.replace(/^\[(.*)\]$/, '$1');
}

function buildRecord(
  kind: 'lv' | 'pv',
  cells: Partial<Record<Field, string>>,
  line: number,
  file: string,
): ParseResult<LvmRecord> {
  const nonEmpty = (f: Field) => {
    const v = cells[f]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const attr = nonEmpty('attr');
  if (attr !== null && !(kind === 'lv' ? LV_ATTR_RE : PV_ATTR_RE).test(attr))
    return diag(
      file,
      line,
      'unknown_line',
      `expected ${kind === 'lv' ? 'lv_attr (-wi-ao----)' : 'pv_attr (a--)'} under Attr, not ${JSON.stringify(attr)}`,
    );
  if (kind === 'lv') {
    const lv = nonEmpty('lv');
    const vg = nonEmpty('vg');
    if (lv === null || vg === null)
      return diag(
        file,
        line,
        'bad_field_count',
        'expected an lvs row with an LV and a VG name under the LV and VG headings',
      );
    if (!NAME_RE.test(lv) || !NAME_RE.test(vg))
      return diag(
        file,
        line,
        'unknown_line',
        'expected LVM names (letters, digits, + _ . -) under the LV and VG headings',
      );
    const devicesText = nonEmpty('devices');
    const rangesText = nonEmpty('ranges');
    const kmaj = kernelNumber(cells.kmaj);
    const kmin = kernelNumber(cells.kmin);
    const rec: LvmLvRecord = {
      type: 'lvm-lv',
      lv: lvName(lv),
      vg,
      attr,
      sizeText: nonEmpty('size'),
      devices:
        devicesText !== null ? parseDevices(devicesText) : rangesText !== null ? parseRanges(rangesText) : [],
      ...(kmaj !== undefined ? { kernelMajor: kmaj } : {}),
      ...(kmin !== undefined ? { kernelMinor: kmin } : {}),
      line,
    };
    return { ok: true, record: rec };
  }
  const pv = nonEmpty('pv');
  if (pv === null)
    return diag(file, line, 'bad_field_count', 'expected a pvs row with a PV name under the PV heading');
  if (!/^\/\S+$|^\[unknown\]$/.test(pv))
    return diag(file, line, 'unknown_line', 'expected a device path under the PV heading');
  const rec: LvmPvRecord = {
    type: 'lvm-pv',
    pv,
    vg: nonEmpty('vg') ?? '',
    fmt: nonEmpty('fmt'),
    attr,
    sizeText: nonEmpty('size'),
    freeText: nonEmpty('free'),
    line,
  };
  return { ok: true, record: rec };
}

/** Splits a header into labels with their column spans, or null when it is not an LVM header. */
function readHeader(text: string): Table | null {
  let joined = text;
  for (const label of SPACED_LABELS) joined = joined.split(label).join(label.replace(' ', '\u0001'));
  // A separator header: `LV|VG|Attr…` (any one non-space, non-word character between labels).
  const sep = /^\s*[A-Z#%][\w%#\u0001]*([^\w\s%#\u0001])/.exec(joined)?.[1];
  if (sep !== undefined && !sep.includes('(')) {
    const labels = joined
      .trim()
      .split(sep)
      .map((l) => l.trim().replace('\u0001', ' '));
    if (labels.length >= 2 && labels.every((l) => KNOWN_LABELS.has(l))) {
      const columns = labels.map((l, i) => ({ field: LABELS[l] ?? null, start: i, end: i + 1 }));
      const kind = tableKind(columns);
      return kind ? { kind, columns, separator: sep, positional: true } : null;
    }
  }
  const columns: Column[] = [];
  for (const m of joined.matchAll(/\S+/g)) {
    const label = m[0].replace('\u0001', ' ');
    if (!KNOWN_LABELS.has(label)) return null;
    columns.push({ field: LABELS[label] ?? null, start: m.index, end: m.index + m[0].length });
  }
  const kind = tableKind(columns);
  return kind ? { kind, columns, separator: null, positional: false } : null;
}

function tableKind(columns: readonly Column[]): 'lv' | 'pv' | null {
  const has = (f: Field) => columns.some((c) => c.field === f);
  if (has('lv') && has('vg')) return 'lv';
  if (has('pv') && columns.length >= 2) return 'pv';
  return null;
}

/** Cells of an aligned row: each word goes to the heading it overlaps (left- or right-aligned). */
function alignedCells(text: string, columns: readonly Column[]): Partial<Record<Field, string>> {
  const cells: Partial<Record<Field, string>> = {};
  for (const m of text.matchAll(/\S+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    let at = columns.findIndex((c) => start < c.end && end > c.start);
    if (at < 0) {
      // Wider than its heading and not under it: the last heading that starts before it.
      for (let i = 0; i < columns.length; i++) if (columns[i]!.start <= start) at = i;
      if (at < 0) at = 0;
    }
    const f = columns[at]!.field;
    if (f === null) continue;
    cells[f] = cells[f] === undefined ? m[0] : `${cells[f]} ${m[0]}`;
  }
  return cells;
}

/** Columns a `# $ lvs … -o …` command line asks for (`-o +x` appends to the defaults). */
function columnsOfCommand(
  argv: readonly string[],
): { kind: 'lv' | 'pv'; names: string[]; separator: string | null } | null {
  const tool = argv[0]?.split('/').pop();
  const sub = tool === 'lvm' ? argv[1] : tool;
  if (sub !== 'lvs' && sub !== 'pvs') return null;
  const kind = sub === 'lvs' ? 'lv' : 'pv';
  let names = [...(kind === 'lv' ? DEFAULT_LVS : DEFAULT_PVS)];
  let separator: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (flag: string) =>
      a === flag ? argv[++i] : a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : undefined;
    const o =
      value('-o') ??
      value('--options') ??
      (a.startsWith('-o') && a.length > 2 && !a.startsWith('-o=') ? a.slice(2) : undefined);
    if (o !== undefined) {
      const list = o.replace(/^\+/, '').split(',').filter(Boolean);
      names = o.startsWith('+') ? [...names, ...list] : list;
      continue;
    }
    const s = value('--separator');
    if (s !== undefined) separator = s.replace(/^['"]|['"]$/g, '');
  }
  return { kind, names, separator };
}

function fieldOfOption(name: string, kind: 'lv' | 'pv'): Field | null {
  if (name === 'name') return kind;
  return OPTION_NAMES[name] ?? null;
}

/** A headerless row read by the shape of its cells (`--noheadings` without a known command). */
function cellsByShape(tokens: readonly string[], kind: 'lv' | 'pv'): Partial<Record<Field, string>> | null {
  if (tokens.length < 2) return null;
  const cells: Partial<Record<Field, string>> =
    kind === 'lv' ? { lv: tokens[0]!, vg: tokens[1]! } : { pv: tokens[0]! };
  let i = kind === 'lv' ? 2 : 1;
  if (kind === 'pv' && tokens[1] !== undefined && !PV_ATTR_RE.test(tokens[1]) && !/^lvm\d$/.test(tokens[1])) {
    cells.vg = tokens[1];
    i = 2;
  }
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (kind === 'pv' && /^lvm\d$/.test(t)) cells.fmt = t;
    else if (cells.attr === undefined && (kind === 'lv' ? LV_ATTR_RE : PV_ATTR_RE).test(t)) cells.attr = t;
    else if (cells.size === undefined && SIZE_RE.test(t)) cells.size = t;
    else if (kind === 'pv' && cells.free === undefined && SIZE_RE.test(t)) cells.free = t;
    else if (kind === 'lv' && DEVICES_RE.test(t)) cells.devices = t;
  }
  return cells;
}

/** Does a headerless row look like an lvs row (`name vg attr size …`) or a pvs row? */
function rowShape(text: string): 'lv' | 'pv' | null {
  const t = text.trim().split(/\s+/);
  if (t.length >= 4 && LV_ATTR_RE.test(t[2]!) && SIZE_RE.test(t[3]!)) return 'lv';
  if (
    t.length >= 4 &&
    t[0]!.startsWith('/dev/') &&
    t.some((x) => /^lvm\d$/.test(x)) &&
    t.some((x) => PV_ATTR_RE.test(x))
  )
    return 'pv';
  return null;
}

function isNoise(text: string, ctx: ParseContext): boolean {
  return text.trim() === '' || readAnnotation(text, ctx) !== null || LVM_NOISE_RE.test(text);
}

/** `--reportformat json`: `{"report": [{"lv": [{"lv_name": …}]}]}`. */
function parseJsonReport(lines: readonly string[], ctx: ParseContext): ParseResult<LvmRecord>[] | null {
  const start = lines.findIndex((l) => l.trimStart().startsWith('{'));
  if (start < 0) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(
      lines
        .slice(start)
        .filter((l) => readAnnotation(l, ctx) === null)
        .join('\n'),
    );
  } catch {
    return null;
  }
  if (!isRecord(doc) || !Array.isArray(doc.report)) return null;
  const out: ParseResult<LvmRecord>[] = [];
  for (const rep of doc.report) {
    if (!isRecord(rep)) continue;
    for (const kind of ['lv', 'pv'] as const) {
      const rows = rep[kind];
      if (!Array.isArray(rows)) continue;
      for (const row of rows) {
        if (!isRecord(row)) continue;
        const cells: Partial<Record<Field, string>> = {};
        for (const [k, v] of Object.entries(row)) {
          const f = fieldOfOption(k, kind);
          if (f !== null && typeof v === 'string') cells[f] = v;
        }
        out.push(buildRecord(kind, cells, start + 1, ctx.file));
      }
    }
  }
  return out;
}

function parseText(lines: readonly string[], ctx: ParseContext): ParseResult<LvmRecord>[] {
  try {
    const json = parseJsonReport(lines, ctx);
    if (json !== null) return json;
    return parseTable(lines, ctx);
  } catch (err) {
    return [diag(ctx.file, 0, 'unreadable', `lvs/pvs output could not be read: ${(err as Error).message}`)];
  }
}

function parseTable(lines: readonly string[], ctx: ParseContext): ParseResult<LvmRecord>[] {
  const out: ParseResult<LvmRecord>[] = [];
  let table: Table | null = null;
  let command: ReturnType<typeof columnsOfCommand> = null;
  lines.forEach((text, i) => {
    const lineNo = i + 1;
    const ann = readAnnotation(text, ctx);
    if (ann?.kind === 'command') {
      command = columnsOfCommand(ann.argv);
      table = null;
      return;
    }
    if (isNoise(text, ctx)) return;
    const header = readHeader(text);
    if (header !== null) {
      table = header;
      return;
    }
    if (text.includes('LVM2_')) {
      const cells: Partial<Record<Field, string>> = {};
      let kind: 'lv' | 'pv' = 'pv';
      for (const m of text.matchAll(PREFIX_RE)) {
        const name = m[1]!.toLowerCase();
        if (name === 'lv_name') kind = 'lv';
        const f = fieldOfOption(name, 'pv');
        if (f !== null) cells[f] = m[2]!.replace(/\\(.)/g, '$1');
      }
      if (Object.keys(cells).length > 0) {
        out.push(buildRecord(kind, cells, lineNo, ctx.file));
        return;
      }
    }
    const t: Table | null = table;
    if (t !== null) {
      const cells = t.separator !== null ? separatedCells(text, t) : alignedCells(text, t.columns);
      out.push(buildRecord(t.kind, cells, lineNo, ctx.file));
      return;
    }
    const cmd: ReturnType<typeof columnsOfCommand> = command;
    if (cmd !== null) {
      const tokens = cmd.separator ? text.trim().split(cmd.separator) : text.trim().split(/\s+/);
      if (tokens.length === cmd.names.length) {
        const cells: Partial<Record<Field, string>> = {};
        cmd.names.forEach((n, k) => {
          const f = fieldOfOption(n, cmd.kind);
          if (f !== null) cells[f] = tokens[k]!;
        });
        out.push(buildRecord(cmd.kind, cells, lineNo, ctx.file));
        return;
      }
      const shaped = cellsByShape(tokens, cmd.kind);
      if (shaped !== null) {
        out.push(buildRecord(cmd.kind, shaped, lineNo, ctx.file));
        return;
      }
    }
    const shape = rowShape(text);
    const shaped = shape !== null ? cellsByShape(text.trim().split(/\s+/), shape) : null;
    if (shape !== null && shaped !== null) {
      out.push(buildRecord(shape, shaped, lineNo, ctx.file));
      return;
    }
    out.push(diag(ctx.file, lineNo, 'unknown_line', 'expected an lvs/pvs heading or row'));
  });
  return out;
}

function separatedCells(text: string, t: Table): Partial<Record<Field, string>> {
  const parts = text.trim().split(t.separator!);
  const cells: Partial<Record<Field, string>> = {};
  t.columns.forEach((c, k) => {
    if (c.field !== null && parts[k] !== undefined) cells[c.field] = parts[k]!.trim();
  });
  return cells;
}

function sniff(head: readonly string[]): number {
  const ctx: ParseContext = { file: '', host: '', tz: 'UTC', harnessComments: true };
  let rows = 0;
  let other = 0;
  for (const text of head) {
    const ann = readAnnotation(text, ctx);
    if (ann?.kind === 'command' && columnsOfCommand(ann.argv) !== null) return 0.95;
    if (ann !== null || text.trim() === '') continue;
    if (readHeader(text) !== null) return 0.9;
    if (/LVM2_(?:LV|PV)_NAME='/.test(text)) return 0.95;
    if (/^\s*"(?:lv|pv)"\s*:\s*\[/.test(text)) return 0.9;
    if (rowShape(text) !== null) rows++;
    else if (!LVM_NOISE_RE.test(text) && !/^\s*[{}[\]]/.test(text) && !/^\s*"report"/.test(text)) other++;
  }
  return rows > 0 && other === 0 ? 0.7 : 0;
}

export const lvsFormat: Parser<LvmRecord> = {
  id: 'lvs',
  summary:
    'lvs and pvs reports (text, -o +devices, --noheadings, --separator, --nameprefixes, JSON): LV → VG → PV',
  sniff,
  parse: parseWhole(parseText),
};
