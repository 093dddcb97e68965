/**
 * `xl list` (reference §2.2), and the older `xm list`: one snapshot per header line, several per
 * file in poll captures (`# uptime N` before each header). Names are free text (spaces allowed),
 * so rows are read from the right: the last columns are fixed, the rest is the name.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { diag, parseLines } from '../model/parser.js';
import type { DomainSeenRecord, ParseResult, Stamp } from '../model/records.js';
import { isCommand, parseDateLine, readAnnotation } from './capture-annotations.js';
import { PollClock } from './poll-clock.js';

/** `Name ID Mem VCPUs<TAB>State<TAB>Time(s)`; `xm list` and web pastes collapse the spacing. */
const HEADER_RE = /^Name\s+ID\s+Mem\s+VCPUs\s+State\s+Time\(s\)(.*)$/;
/** Optional columns after Time(s), in the order xl prints them (`-v`, `-Z`, `-c`, `-n`). */
const EXTRA_TITLES: readonly [RegExp, Extra][] = [
  [/^UUID\b/, 'uuid'],
  [/^Reason-Code\b/, 'reason'],
  [/^Security Label\b/, 'label'],
  [/^Cpupool\b/, 'cpupool'],
  [/^NODE Affinity\b/, 'nodes'],
];
type Extra = 'uuid' | 'reason' | 'label' | 'cpupool' | 'nodes';

/** r b p s <reason> d; xm's fifth letter is `c` (crashed) without the `s`. */
const STATE_RE = /^[r-][b-][p-][s-][-rscwS?][d-]$/;
/** Shutdown reason letters indexed by code (xl_info.c): poweroff reboot suspend crash watchdog soft_reset. */
const REASON_LETTERS = '-rscwS';
const CRASH = 3;

/** The extra column titles of a header, or null when the tail is not made of known titles. */
function readExtras(tail: string): Extra[] | null {
  const extras: Extra[] = [];
  let rest = tail.trim();
  while (rest !== '') {
    const hit = EXTRA_TITLES.find(([re]) => re.test(rest));
    if (!hit) return null;
    extras.push(hit[1]);
    rest = rest.replace(hit[0], '').trim();
  }
  return extras;
}

type RowResult =
  | { ok: true; row: Omit<DomainSeenRecord, 'type' | 'ts' | 'tsSource' | 'uptime'> }
  | { ok: false; code: 'bad_field_count' | 'bad_number' | 'unknown_value' | 'unknown_line'; message: string };

function parseRow(text: string, lineNo: number, extras: readonly Extra[]): RowResult {
  const tokens = [...text.matchAll(/\S+/g)];
  const n = tokens.length;
  const e = extras.length;
  if (n < 6 + e) {
    if (!tokens.some((t) => STATE_RE.test(t[0]))) {
      return {
        ok: false,
        code: 'unknown_line',
        message: 'not an xl list row: expected Name ID Mem VCPUs State Time(s)',
      };
    }
    return {
      ok: false,
      code: 'bad_field_count',
      message: `expected Name ID Mem VCPUs State Time(s)${e > 0 ? ` and ${e} more columns` : ''}, found ${n} fields`,
    };
  }
  const at = (fromRight: number) => tokens[n - e - fromRight]![0];
  const [id, mem, vcpus, state, time] = [at(5), at(4), at(3), at(2), at(1)];
  if (!STATE_RE.test(state)) {
    if (/^[A-Za-z?-]{6}$/.test(state) && state.includes('-')) {
      return {
        ok: false,
        code: 'unknown_value',
        message: `expected a State like r----- or ---sc-, found '${state}'`,
      };
    }
    if (tokens.some((t) => STATE_RE.test(t[0]))) {
      return {
        ok: false,
        code: 'bad_field_count',
        message: 'expected Name ID Mem VCPUs State Time(s): columns are shifted',
      };
    }
    return {
      ok: false,
      code: 'unknown_line',
      message: 'not an xl list row: expected Name ID Mem VCPUs State Time(s)',
    };
  }
  for (const [title, value, re] of [
    ['ID', id, /^\d+$/],
    ['Mem', mem, /^\d+$/],
    ['VCPUs', vcpus, /^\d+$/],
    ['Time(s)', time, /^\d+(?:\.\d+)?$/],
  ] as const) {
    if (!re.test(value))
      return {
        ok: false,
        code: 'bad_number',
        message: `expected a number in column ${title}, found '${value}'`,
      };
  }
  const name = text.slice(0, tokens[n - e - 5]!.index).trim();
  const extra = new Map<Extra, string>(extras.map((x, i) => [x, tokens[n - e + i]![0]]));
  const uuid = extra.get('uuid');
  const reasonHex = extra.get('reason');
  let shutdownReason: number | undefined;
  if (state[3] === 's') {
    if (reasonHex !== undefined && /^[0-9a-f]+$/i.test(reasonHex))
      shutdownReason = Number.parseInt(reasonHex, 16);
    else {
      const code = REASON_LETTERS.indexOf(state[4]!);
      if (code >= 0) shutdownReason = code;
    }
  } else if (state[4] === 'c') {
    // xm list: `c` crashed, without xl's `s`.
    shutdownReason = CRASH;
  }
  return {
    ok: true,
    row: {
      domid: Number(id),
      name,
      ...(uuid !== undefined && /^[0-9a-f-]{36}$/i.test(uuid) ? { uuid } : {}),
      state,
      ...(shutdownReason !== undefined ? { shutdownReason } : {}),
      memMiB: Number(mem),
      vcpus: Number(vcpus),
      cpuSeconds: Number(time),
      line: lineNo,
    },
  };
}

class XlListState implements LineParserState<DomainSeenRecord> {
  readonly #ctx: ParseContext;
  /** Extra columns of the current table; null before the first header. */
  #extras: Extra[] | null = null;
  #stamp: Stamp = { ts: null, tsSource: null };
  readonly #clock: PollClock;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new PollClock(ctx);
  }

  line(text: string, lineNo: number, out: ParseResult<DomainSeenRecord>[]): void {
    const ann = readAnnotation(text, this.#ctx);
    if (ann) {
      if (ann.kind === 'uptime') this.#clock.uptime(ann.seconds);
      else if (ann.kind === 'command') {
        this.#clock.command();
        this.#extras = null;
      }
      return;
    }
    if (text.trim() === '') return;
    const date = parseDateLine(text, this.#ctx.tz);
    if (date) {
      this.#clock.date(date.ts);
      return;
    }
    const header = HEADER_RE.exec(text);
    if (header) {
      const extras = readExtras(header[1]!);
      if (extras === null) {
        out.push(
          diag(
            this.#ctx.file,
            lineNo,
            'unsupported',
            `unknown xl list columns after Time(s): '${header[1]!.trim()}'`,
          ),
        );
        this.#extras = null;
        return;
      }
      this.#extras = extras;
      this.#stamp = this.#clock.next();
      return;
    }
    if (this.#extras === null) {
      out.push(
        diag(this.#ctx.file, lineNo, 'unknown_line', 'not xl list output: expected the Name ID Mem header'),
      );
      return;
    }
    const parsed = parseRow(text, lineNo, this.#extras);
    if (!parsed.ok) {
      out.push(diag(this.#ctx.file, lineNo, parsed.code, parsed.message));
      return;
    }
    out.push({ ok: true, record: { type: 'domain', ...this.#stamp, ...parsed.row } });
  }

  end(): void {}
}

function open(ctx: ParseContext): LineParserState<DomainSeenRecord> {
  return new XlListState(ctx);
}

const ROW_HINT_RE = /\s\d+\s+\d+\s+\d+\s+[r-][b-][p-][s-][-rscwS?][d-]\s+\d+\.\d\b/;

export const xlListFormat: LineFormat<DomainSeenRecord> = {
  id: 'xl-list',
  summary: 'xl list (also -v, poll captures, and the old xm list): domid, name, state, shutdown reason',
  sniff(head) {
    let header = false;
    let command = false;
    let table = 0;
    let other = 0;
    for (const line of head) {
      if (/^# \$ /.test(line)) {
        const argv = line.slice(4).trim().split(/\s+/);
        if (isCommand(argv, 'xl', 'list') && !argv.includes('-l') && !argv.includes('--long')) command = true;
        continue;
      }
      if (line.startsWith('#') || line.trim() === '') continue;
      if (HEADER_RE.test(line)) {
        header = true;
        table++;
      } else if (header && ROW_HINT_RE.test(line)) table++;
      else other++;
    }
    if (!header) return 0;
    // Mail and issue pastes mix the table with prose: claim them less firmly.
    const share = table / (table + other);
    return Math.min(1, 0.6 + 0.35 * share + (command ? 0.05 : 0));
  },
  matchLine(line) {
    return HEADER_RE.test(line) || ROW_HINT_RE.test(line);
  },
  open,
  parse: parseLines(open),
};
