/**
 * `xl vcpu-list` (reference §2.6): one row per vCPU with its pCPU, state, time and affinities.
 * Rows are read from the right (names are free text): `hard / soft` affinity (or one affinity
 * column before Xen 4.5), time, state, CPU, VCPU, ID, then the name.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { diag, parseLines } from '../model/parser.js';
import type { ParseResult, VcpuRecord } from '../model/records.js';
import { readAnnotation } from './capture-annotations.js';

const HEADER_RE = /^Name\s+ID\s+VCPU\s+CPU\s+State\s+Time\(s\)\s+(?:CPU )?Affinity\b/;
/** `%5u %3c%c-` online (`r--`, `-b-`, `---`) or `--p` offline. */
const STATE_RE = /^[r-][b-][p-]$/;
const AFFINITY_RE = /^(?:all|none|[\d,-]+)$/;

type RowResult =
  | { ok: true; record: VcpuRecord }
  | { ok: false; code: 'bad_field_count' | 'bad_number'; message: string };

function parseRow(text: string, lineNo: number): RowResult {
  const tokens = [...text.matchAll(/\S+/g)];
  // Before Xen 4.5 one `CPU Affinity` column, `any cpu` when unrestricted: the same as `all`.
  const anyCpu =
    tokens.length >= 2 && tokens[tokens.length - 2]![0] === 'any' && tokens[tokens.length - 1]![0] === 'cpu';
  if (anyCpu) tokens.pop();
  const n = tokens.length;
  // `hard / soft`, or a lone hard affinity on old xl.
  const split = n >= 3 && tokens[n - 2]![0] === '/';
  const affinityTokens = split ? 3 : 1;
  const fixed = affinityTokens + 5; // ID VCPU CPU State Time(s)
  if (n < fixed + 1) {
    return {
      ok: false,
      code: 'bad_field_count',
      message: `expected Name ID VCPU CPU State Time(s) Affinity (Hard / Soft), found ${n} fields`,
    };
  }
  const at = (fromRight: number) => tokens[n - affinityTokens - fromRight]![0];
  const [id, vcpu, cpu, state, time] = [at(5), at(4), at(3), at(2), at(1)];
  const hard = anyCpu ? 'all' : tokens[n - affinityTokens]![0];
  const soft = split ? tokens[n - 1]![0] : '';
  for (const [title, value, re] of [
    ['ID', id, /^\d+$/],
    ['VCPU', vcpu, /^\d+$/],
    ['CPU', cpu, /^(?:\d+|-)$/],
    ['Time(s)', time, /^\d+(?:\.\d+)?$/],
  ] as const) {
    if (!re.test(value))
      return {
        ok: false,
        code: 'bad_number',
        message: `expected a number in column ${title}, found '${value}'`,
      };
  }
  if (!STATE_RE.test(state)) {
    return {
      ok: false,
      code: 'bad_field_count',
      message: `expected a State like r--, -b- or --p, found '${state}'`,
    };
  }
  if (!AFFINITY_RE.test(hard) || (split && !AFFINITY_RE.test(soft))) {
    return {
      ok: false,
      code: 'bad_field_count',
      message: `expected affinities like 'all / all' or '2-5 / all'`,
    };
  }
  const name = text.slice(0, tokens[n - affinityTokens - 5]!.index).trim();
  return {
    ok: true,
    record: {
      type: 'vcpu',
      domain: name,
      domid: Number(id),
      vcpu: Number(vcpu),
      cpu: cpu === '-' ? null : Number(cpu),
      state,
      timeSeconds: Number(time),
      hardAffinity: hard,
      softAffinity: soft,
      line: lineNo,
    },
  };
}

class XlVcpuListState implements LineParserState<VcpuRecord> {
  readonly #ctx: ParseContext;
  #inTable = false;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  line(text: string, lineNo: number, out: ParseResult<VcpuRecord>[]): void {
    if (readAnnotation(text, this.#ctx) || text.trim() === '') return;
    if (HEADER_RE.test(text)) {
      this.#inTable = true;
      return;
    }
    if (!this.#inTable) {
      out.push(
        diag(
          this.#ctx.file,
          lineNo,
          'unknown_line',
          'not xl vcpu-list output: expected the Name ID VCPU header',
        ),
      );
      return;
    }
    const parsed = parseRow(text, lineNo);
    if (parsed.ok) out.push({ ok: true, record: parsed.record });
    else out.push(diag(this.#ctx.file, lineNo, parsed.code, parsed.message));
  }

  end(): void {}
}

function open(ctx: ParseContext): LineParserState<VcpuRecord> {
  return new XlVcpuListState(ctx);
}

export const xlVcpuListFormat: LineFormat<VcpuRecord> = {
  id: 'xl-vcpu-list',
  summary: 'xl vcpu-list: each vCPU with its pCPU, state, time and affinities',
  sniff(head) {
    let header = false;
    let rows = 0;
    let other = 0;
    for (const line of head) {
      if (line.startsWith('#') || line.trim() === '') continue;
      if (HEADER_RE.test(line)) header = true;
      else if (header && parseRow(line, 0).ok) rows++;
      else other++;
    }
    if (!header) return 0;
    return Math.min(1, 0.6 + 0.35 * ((rows + 1) / (rows + other + 1)));
  },
  matchLine(line) {
    return HEADER_RE.test(line);
  },
  open,
  parse: parseLines(open),
};
