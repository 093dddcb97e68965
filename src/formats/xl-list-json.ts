/**
 * `xl list -l` (reference §2.3): a JSON array of `{"domid", "config"}` objects, and the bare
 * `libxl_domain_config` object that `xl -N create` prints. The JSON is read as JSON, never by
 * lines (yajl and json-c builds indent differently); a file may hold several documents separated
 * by harness lines. Old toolstacks (and `output_format="sxp"`) print S-expressions instead: from
 * those only the domid, name and uuid are read.
 */
import type { ParseContext, Parser } from '../model/parser.js';
import { diag, parseWhole } from '../model/parser.js';
import type { DomainJsonRecord, DomainSeenRecord, ParseResult, Stamp } from '../model/records.js';
import { isCommand, parseDateLine, placeSnapshot, readAnnotation } from './capture-annotations.js';

export type XlListJsonRecord = DomainJsonRecord | DomainSeenRecord;

/** One top-level value cut out of the file, with where it starts. */
interface Document {
  readonly kind: 'json' | 'sxp';
  readonly text: string;
  readonly line: number;
  /** The elements of a top-level array (or the top-level S-expressions): start line, text span. */
  readonly elements: Element[];
  readonly stamp: Stamp;
}

interface Element {
  readonly line: number;
  readonly start: number;
  end: number;
}

/** Marks an array element that could not be read on its own. */
const BAD = Symbol('bad element');

/** libxl's "no domid" (INVALID_DOMID, also written into c_info of a running domain). */
const MAX_DOMID = 0x7fef;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Cuts the top-level values out of the lines, tracking bracket depth outside strings. Lines
 * between values are harness lines, `Parsing config from ...`, date lines, or junk (a diagnostic).
 */
function splitDocuments(
  lines: readonly string[],
  ctx: ParseContext,
  out: ParseResult<XlListJsonRecord>[],
  onDocument: (doc: Document) => void,
): void {
  let count = 0;
  let uptime: number | null = null;
  let sinceUptime = 0;
  let date: number | null = null;
  let cur: {
    kind: 'json' | 'sxp';
    parts: string[];
    line: number;
    elements: Element[];
    /** Offset of the current line in the joined text. */
    base: number;
    depth: number;
    stamp: Stamp;
  } | null = null;
  let quote: string | null = null;
  let escaped = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const lineNo = i + 1;
    if (!cur) {
      const ann = readAnnotation(text, ctx);
      if (ann) {
        if (ann.kind === 'uptime') {
          uptime = ann.seconds;
          sinceUptime = 0;
        } else if (ann.kind === 'command') uptime = null;
        continue;
      }
      const t = text.trim();
      if (t === '' || /^Parsing config from /.test(t)) continue;
      const d = parseDateLine(text, ctx.tz);
      if (d) {
        date = d.ts;
        continue;
      }
      const first = t[0];
      if (first !== '[' && first !== '{' && first !== '(') {
        out.push(
          diag(ctx.file, lineNo, 'unknown_line', 'not xl list -l output: expected a JSON array or object'),
        );
        continue;
      }
      const stamp = placeSnapshot(
        { date, uptime, sinceUptime, intervalSeconds: null, index: count++ },
        ctx,
        'poll',
      );
      date = null;
      sinceUptime++;
      cur = {
        kind: first === '(' ? 'sxp' : 'json',
        parts: [],
        line: lineNo,
        elements: [],
        base: 0,
        depth: 0,
        stamp,
      };
    }
    const open = cur.kind === 'sxp' ? '(' : '[{';
    const close = cur.kind === 'sxp' ? ')' : ']}';
    let endAt = -1;
    for (let k = 0; k < text.length; k++) {
      const ch = text[k]!;
      if (quote !== null) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === quote) quote = null;
        continue;
      }
      if (ch === '"' || (cur.kind === 'sxp' && ch === "'")) quote = ch;
      else if (open.includes(ch)) {
        cur.depth++;
        // An element of the top-level array (JSON) starts at depth 2; SXP domains at depth 1.
        if ((cur.kind === 'json' && cur.depth === 2) || (cur.kind === 'sxp' && cur.depth === 1)) {
          cur.elements.push({ line: lineNo, start: cur.base + k, end: -1 });
        }
      } else if (close.includes(ch)) {
        cur.depth--;
        const last = cur.elements[cur.elements.length - 1];
        if (last && cur.depth === (cur.kind === 'json' ? 1 : 0)) last.end = cur.base + k + 1;
        if (cur.depth === 0) {
          endAt = k;
          break;
        }
      }
    }
    if (endAt < 0) {
      cur.parts.push(text);
      cur.base += text.length + 1;
      continue;
    }
    cur.parts.push(text.slice(0, endAt + 1));
    if (text.slice(endAt + 1).trim() !== '') {
      out.push(diag(ctx.file, lineNo, 'unknown_line', 'text after the end of the JSON value was ignored'));
    }
    onDocument({
      kind: cur.kind,
      text: cur.parts.join('\n'),
      line: cur.line,
      elements: cur.elements,
      stamp: cur.stamp,
    });
    cur = null;
    quote = null;
    escaped = false;
  }
  if (cur) {
    out.push(
      diag(
        ctx.file,
        cur.line,
        'bad_json',
        `JSON value starting here is not closed by the end of the file (cut paste?)`,
      ),
    );
  }
}

/** Line of a JSON.parse error position, from V8's "... at position N". */
function errorLine(text: string, firstLine: number, message: string): number {
  const m = /position (\d+)/.exec(message);
  if (!m) return firstLine;
  return firstLine + (text.slice(0, Number(m[1])).match(/\n/g)?.length ?? 0);
}

function jsonRecords(doc: Document, ctx: ParseContext, out: ParseResult<XlListJsonRecord>[]): void {
  let value: unknown;
  try {
    value = JSON.parse(doc.text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    out.push(
      diag(ctx.file, errorLine(doc.text, doc.line, message), 'bad_json', `malformed JSON: ${message}`),
    );
    if (!doc.text.trimStart().startsWith('[')) return;
    // One bad domain in an array must not cost the others: read each element on its own.
    value = doc.elements.map((el) => {
      if (el.end < 0) return BAD;
      try {
        return JSON.parse(doc.text.slice(el.start, el.end));
      } catch {
        return BAD;
      }
    });
  }
  // `xl list -l`: an array of {domid, config}; `xl -N create`: the config object itself.
  const entries: { domid: unknown; config: unknown; line: number }[] = Array.isArray(value)
    ? value.flatMap((v, k) =>
        // An element already reported by the bad_json diagnostic is not reported again.
        v === BAD
          ? []
          : [
              {
                domid: isRecord(v) ? v.domid : undefined,
                config: isRecord(v) ? v.config : undefined,
                line: doc.elements[k]?.line ?? doc.line,
              },
            ],
      )
    : isRecord(value) && 'config' in value
      ? [{ domid: value.domid, config: value.config, line: doc.line }]
      : [{ domid: null, config: value, line: doc.line }];
  for (const entry of entries) {
    const cInfo = isRecord(entry.config) ? entry.config.c_info : undefined;
    const name = isRecord(cInfo) ? cInfo.name : undefined;
    if (typeof name !== 'string' || name === '') {
      out.push(diag(ctx.file, entry.line, 'unknown_value', 'expected a domain config with c_info.name'));
      continue;
    }
    const domid =
      typeof entry.domid === 'number' &&
      Number.isInteger(entry.domid) &&
      entry.domid >= 0 &&
      entry.domid <= MAX_DOMID
        ? entry.domid
        : null;
    const json: DomainJsonRecord = {
      type: 'domain-json',
      domid,
      name,
      config: entry.config,
      line: entry.line,
    };
    out.push({ ok: true, record: json });
    // A dry run (`xl -N create`, domid null) describes a config, not a domain that exists.
    if (domid === null) continue;
    const uuid = isRecord(cInfo) && typeof cInfo.uuid === 'string' ? cInfo.uuid : undefined;
    const seen: DomainSeenRecord = {
      type: 'domain',
      ...doc.stamp,
      domid,
      name,
      ...(uuid !== undefined ? { uuid } : {}),
      line: entry.line,
    };
    out.push({ ok: true, record: seen });
  }
}

type Sexp = string | Sexp[];

/** A small S-expression reader: lists, bare atoms, and '…' or "…" strings. */
function readSexps(text: string): Sexp[] {
  const tokens = text.match(/\(|\)|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s()]+/g) ?? [];
  const stack: Sexp[][] = [[]];
  for (const t of tokens) {
    if (t === '(') stack.push([]);
    else if (t === ')') {
      if (stack.length === 1) continue;
      const done = stack.pop()!;
      stack[stack.length - 1]!.push(done);
    } else stack[stack.length - 1]!.push(/^['"]/.test(t) ? t.slice(1, -1) : t);
  }
  return stack[0]!;
}

function sxpRecords(
  doc: Document,
  ctx: ParseContext,
  out: ParseResult<XlListJsonRecord>[],
  reported: { done: boolean },
): void {
  const tops = readSexps(doc.text);
  tops.forEach((top, k) => {
    const line = doc.elements[k]?.line ?? doc.line;
    if (!Array.isArray(top) || top[0] !== 'domain') {
      out.push(diag(ctx.file, line, 'unknown_value', 'expected an S-expression (domain ...)'));
      return;
    }
    const field = (key: string): string | undefined => {
      const hit = top.find((c): c is Sexp[] => Array.isArray(c) && c[0] === key && typeof c[1] === 'string');
      return hit ? (hit[1] as string) : undefined;
    };
    const name = field('name');
    const domidText = field('domid');
    if (name === undefined || domidText === undefined || !/^\d+$/.test(domidText)) {
      out.push(
        diag(
          ctx.file,
          line,
          'unknown_value',
          'expected (domid N) and (name X) in the (domain ...) expression',
        ),
      );
      return;
    }
    if (!reported.done) {
      reported.done = true;
      out.push(
        diag(
          ctx.file,
          line,
          'unsupported',
          'SXP domain listing: only domid, name and uuid are read (set output_format="json" in xl.conf for the config)',
        ),
      );
    }
    const uuid = field('uuid');
    const seen: DomainSeenRecord = {
      type: 'domain',
      ...doc.stamp,
      domid: Number(domidText),
      name,
      ...(uuid !== undefined ? { uuid } : {}),
      line,
    };
    out.push({ ok: true, record: seen });
  });
}

function parseText(lines: readonly string[], ctx: ParseContext): ParseResult<XlListJsonRecord>[] {
  const out: ParseResult<XlListJsonRecord>[] = [];
  try {
    const reported = { done: false };
    splitDocuments(lines, ctx, out, (doc) => {
      if (doc.kind === 'json') jsonRecords(doc, ctx, out);
      else sxpRecords(doc, ctx, out, reported);
    });
  } catch (e) {
    // Nothing above should throw; if it does, the file is reported rather than the import failing.
    out.push(
      diag(
        ctx.file,
        1,
        'unreadable',
        `xl list -l parser failed: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  }
  return out;
}

export const xlListJsonFormat: Parser<XlListJsonRecord> = {
  id: 'xl-list-json',
  summary: 'xl list -l JSON (and xl -N create, and old SXP listings): each domain config with its domid',
  sniff(head) {
    let command = false;
    let start: string | null = null;
    let keys = 0;
    for (const line of head) {
      if (/^# \$ /.test(line)) {
        const argv = line.slice(4).trim().split(/\s+/);
        const list = isCommand(argv, 'xl', 'list') && (argv.includes('-l') || argv.includes('--long'));
        if (list || (argv.includes('-N') && isCommand(argv, 'xl', 'create'))) command = true;
        continue;
      }
      const t = line.trim();
      if (t === '' || t.startsWith('#') || /^Parsing config from /.test(t)) continue;
      if (start === null) start = t;
      keys += t.match(/"(?:domid|config|c_info|b_info)"\s*:|\((?:domain|domid|name)\s/g)?.length ?? 0;
    }
    if (start === null) return command ? 0.6 : 0;
    const opensValue =
      start === '[' || start === '{' || start.startsWith('[{') || start.startsWith('(domain');
    if (!opensValue) return 0;
    if (keys >= 2) return 0.95;
    return command ? 0.9 : 0.3;
  },
  parse: parseWhole(parseText),
};
