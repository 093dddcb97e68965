/**
 * Batched readings (`ReadingsRecord`, model/records.ts): the layout cache a parser builds them
 * with, and the expansion back to one `ReadingRecord` per value, for readers that want the plain
 * form (tests compare it with the golden files written before batches existed).
 */
import type { LineFormat, LineParserState, ParseContext, Parser } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type {
  ParsedRecord,
  ParseResult,
  ReadingRecord,
  ReadingSlot,
  ReadingsRecord,
} from '../model/records.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A frozen slot without `undefined` fields: the form layouts hold. */
export function readingSlot(s: ReadingSlot): ReadingSlot {
  const out: Mutable<ReadingSlot> = {
    resource: s.resource,
    device: s.device,
    metric: s.metric,
    counter: s.counter,
  };
  if (s.scale !== undefined) out.scale = s.scale;
  if (s.devName !== undefined) out.devName = s.devName;
  if (s.stateOnly === true) out.stateOnly = true;
  return Object.freeze(out);
}

/**
 * One layout, and the layouts one group of slots longer. A parser keeps the root (one per parser
 * state: parsers hold no global state) and walks `extend` once per group of a row, so that every row
 * of the same shape ends on the same node and shares its frozen `layout` object. Groups are keyed
 * by identity: the parser must reuse one array per group (per device, say), never build one.
 */
export class LayoutNode {
  readonly layout: readonly ReadingSlot[];
  readonly #next = new Map<readonly ReadingSlot[], LayoutNode>();
  /** The last `extend`, checked before the map: rows of one shape walk the same path every time. */
  #lastGroup: readonly ReadingSlot[] | null = null;
  #lastNode: LayoutNode | null = null;

  constructor(layout: readonly ReadingSlot[] = []) {
    this.layout = Object.freeze(layout);
  }

  extend(group: readonly ReadingSlot[]): LayoutNode {
    if (group === this.#lastGroup) return this.#lastNode!;
    let node = this.#next.get(group);
    if (node === undefined) {
      node = new LayoutNode([...this.layout, ...group]);
      this.#next.set(group, node);
    }
    this.#lastGroup = group;
    this.#lastNode = node;
    return node;
  }
}

/**
 * The batch as one `ReadingRecord` per value, in layout order, each built as a parser of single
 * readings builds it: optional fields only where they say something (`instance` on counters).
 */
export function expandReadings(batch: ReadingsRecord): ReadingRecord[] {
  const out: ReadingRecord[] = [];
  const n = Math.min(batch.layout.length, batch.values.length);
  for (let i = 0; i < n; i++) {
    const slot = batch.layout[i]!;
    const r: Mutable<ReadingRecord> = {
      type: 'reading',
      ts: batch.ts,
      tsSource: batch.tsSource,
      domain: batch.domain,
      domid: batch.domid,
      resource: slot.resource,
      device: slot.device,
      metric: slot.metric,
      value: batch.values[i]!,
      counter: slot.counter,
    };
    if (batch.uptime !== undefined) r.uptime = batch.uptime;
    if (slot.counter && batch.instance !== undefined) r.instance = batch.instance;
    if (slot.stateOnly === true) r.stateOnly = true;
    if (slot.scale !== undefined) r.scale = slot.scale;
    if (slot.devName !== undefined) r.devName = slot.devName;
    if (batch.nameTruncated === true) r.nameTruncated = true;
    out.push(r);
  }
  return out;
}

/** What a batch becomes when expanded: the plain single readings. */
export type Expanded<R extends ParsedRecord> = Exclude<R, ReadingsRecord> | ReadingRecord;

/** Appends `res` to `out`, a batch as its single readings. */
function pushExpanded<R extends ParsedRecord>(res: ParseResult<R>, out: ParseResult<Expanded<R>>[]): void {
  if (res.ok && res.record.type === 'readings') {
    for (const record of expandReadings(res.record as ReadingsRecord)) out.push({ ok: true, record });
  } else {
    out.push(res as ParseResult<Expanded<R>>);
  }
}

/**
 * The same parser with every batch expanded (`expandReadings`), through each of its faces
 * (`open` for line formats, `parse`, `parseText`): for readers that compare results one reading
 * at a time, such as the golden tests and the importer's tail of an already-imported file.
 */
export function expandedParser<R extends ParsedRecord>(parser: Parser<R>): Parser<Expanded<R>> {
  const base = parser as Parser<R> & Partial<LineFormat<R>>;
  const parseText = base.parseText;
  const whole = parseText
    ? {
        parseText(text: string, ctx: ParseContext) {
          const out: ParseResult<Expanded<R>>[] = [];
          for (const r of parseText.call(parser, text, ctx)) pushExpanded(r, out);
          return out;
        },
      }
    : {};
  const lineOpen = base.open;
  if (typeof lineOpen === 'function') {
    const open = (ctx: ParseContext): LineParserState<Expanded<R>> => {
      const state = lineOpen.call(parser, ctx);
      const batch: ParseResult<R>[] = [];
      const pour = (out: ParseResult<Expanded<R>>[]) => {
        for (const r of batch) pushExpanded(r, out);
        batch.length = 0;
      };
      return {
        line(text, lineNo, out) {
          state.line(text, lineNo, batch);
          pour(out);
        },
        end(out) {
          state.end(batch);
          pour(out);
        },
      };
    };
    const format: LineFormat<Expanded<R>> = {
      id: parser.id,
      summary: parser.summary,
      sniff: (head) => parser.sniff(head),
      matchLine: (line) => base.matchLine!(line),
      open,
      parse: parseLines(open),
      ...whole,
    };
    return format;
  }
  return {
    id: parser.id,
    summary: parser.summary,
    sniff: (head) => parser.sniff(head),
    async *parse(lines, ctx) {
      const out: ParseResult<Expanded<R>>[] = [];
      for await (const r of parser.parse(lines, ctx)) {
        pushExpanded(r, out);
        yield* out;
        out.length = 0;
      }
    },
    ...whole,
  };
}
