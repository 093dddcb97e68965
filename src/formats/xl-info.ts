/**
 * `xl info` (reference §2.4): `key : value` lines, the key padded so the colon sits in column 24.
 * `xl info -n` inserts multi-line tables (`cpu_topology`, `device topology`, `numa_info`), kept as
 * their text. Pastes in mails are filtered (`| egrep`), hard-wrapped, and quoted-printable
 * soft-broken (a trailing `=`): wrapped values are joined back onto their key.
 *
 * Keys are xl's own (lower-case identifiers, padded before the colon), a tighter reading than
 * `/^(\S+)\s*:\s?(.*)$/`: a wrapped `hw_caps` value (`bfebfbff:17bae3bf:...`) or a shell prompt
 * (`root@host:~#`) must not become a key.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { diag, parseLines } from '../model/parser.js';
import type { HostInfoRecord, ParseResult } from '../model/records.js';
import { readAnnotation } from './capture-annotations.js';

/** `%-23s: `: the key, spaces, the colon (column 24 for every key xl prints), one space, the value. */
const KEY_RE = /^([a-z][a-z0-9_]*(?: [a-z][a-z0-9_]*)?)(\s*):(?: (.*)| *)$/;
const COLON_COLUMN = 23;
/** Keys followed by an `xl info -n` table instead of a value. */
const TABLE_KEYS = new Set(['cpu_topology', 'device topology', 'numa_info']);
/** Keys whose values are word lists a mail client may wrap. */
const WRAPPABLE = new Set([
  'version',
  'hw_caps',
  'virt_caps',
  'xen_caps',
  'xen_commandline',
  'cc_compiler',
  'cc_compile_date',
  'platform_params',
]);
/** Keys of 4.0 – 4.22 `xl info`, for recognising the format. */
const KNOWN_KEYS = new Set([
  'host',
  'release',
  'version',
  'machine',
  'nr_cpus',
  'max_cpu_id',
  'nr_nodes',
  'cores_per_socket',
  'threads_per_core',
  'cpu_mhz',
  'hw_caps',
  'virt_caps',
  'total_memory',
  'free_memory',
  'sharing_freed_memory',
  'sharing_used_memory',
  'outstanding_claims',
  'free_cpus',
  'node_to_cpu',
  'node_to_memory',
  'node_to_dma32_mem',
  'max_node_id',
  'cpu_topology',
  'numa_info',
  'xen_major',
  'xen_minor',
  'xen_extra',
  'xen_version',
  'xen_caps',
  'xen_scheduler',
  'xen_pagesize',
  'platform_params',
  'xen_changeset',
  'xen_commandline',
  'cc_compiler',
  'cc_compile_by',
  'cc_compile_domain',
  'cc_compile_date',
  'build_id',
  'xend_config_format',
  'arm_sve_vector_length',
  'xenstore_features',
]);
/** Shell prompts and mail quoting that follow a paste: never part of a value. */
const PROMPT_RE = /^\S*@\S*:|[#$>]\s*$|^>/;
/** What a wrapped value looks like: one word of caps, versions, options. */
const VALUE_PIECE_RE = /^[\w.:,=()/+-]+$/;
/** Lines of the `xl info -n` tables: `cpu:`/`node:` titles, `N:` rows, the device table. */
const TABLE_LINE_RE = /^\s*(?:\d+:|cpu:|node:|device\s|No device|[0-9a-f]{4}:[0-9a-f]{2}:)/;

interface KeyLine {
  readonly key: string;
  readonly value: string;
}

function readKey(text: string): KeyLine | null {
  const m = KEY_RE.exec(text);
  if (!m) return null;
  const [, key, pad, value] = m;
  // xl pads every key before the colon; an unpadded `word:` is a wrapped value or prose.
  if (pad === '' && text.indexOf(':') !== COLON_COLUMN) return null;
  return { key: key!, value: (value ?? '').trimEnd() };
}

class XlInfoState implements LineParserState<HostInfoRecord> {
  readonly #ctx: ParseContext;
  #facts: Record<string, string> = {};
  #firstLine = 0;
  /** The key the next non-key line may continue, or null after a blank or foreign line. */
  #lastKey: string | null = null;
  #inTable = false;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  line(text: string, lineNo: number, out: ParseResult<HostInfoRecord>[]): void {
    const ann = readAnnotation(text, this.#ctx);
    if (ann) {
      // A new captured command: the previous output (if any) is one host's facts.
      if (ann.kind === 'command') this.#emit(out);
      this.#lastKey = null;
      return;
    }
    if (text.trim() === '') {
      this.#lastKey = null;
      this.#inTable = false;
      return;
    }
    const kv = readKey(text);
    if (kv) {
      // `host` starts every xl info; seeing it again means a second output in the same file.
      if (kv.key === 'host' && this.#facts.host !== undefined) this.#emit(out);
      if (this.#firstLine === 0) this.#firstLine = lineNo;
      this.#facts[kv.key] = kv.value;
      this.#lastKey = kv.key;
      this.#inTable = TABLE_KEYS.has(kv.key) && kv.value === '';
      return;
    }
    const key = this.#lastKey;
    if (key !== null && this.#inTable && TABLE_LINE_RE.test(text)) {
      const prev = this.#facts[key]!;
      this.#facts[key] = prev === '' ? text.trimEnd() : `${prev}\n${text.trimEnd()}`;
      return;
    }
    if (key !== null && !this.#inTable) {
      const prev = this.#facts[key]!;
      const piece = text.trim();
      if (prev.endsWith('=') && !PROMPT_RE.test(piece)) {
        // Quoted-printable soft line break: the `=` is not part of the value.
        this.#facts[key] = prev.slice(0, -1) + piece;
        return;
      }
      if (VALUE_PIECE_RE.test(piece) && (prev === '' || WRAPPABLE.has(key))) {
        // A value the mail client moved to the next line (`hw_caps :` + the words), or the tail of
        // a wrapped word list.
        this.#facts[key] = prev === '' ? piece : `${prev} ${piece}`;
        return;
      }
    }
    // Foreign text ends a wrapped value, but not an `-n` table: its next rows still belong to it.
    if (!this.#inTable) this.#lastKey = null;
    out.push(diag(this.#ctx.file, lineNo, 'unknown_line', 'not xl info output: expected "key : value"'));
  }

  end(out: ParseResult<HostInfoRecord>[]): void {
    this.#emit(out);
  }

  #emit(out: ParseResult<HostInfoRecord>[]): void {
    if (Object.keys(this.#facts).length > 0) {
      out.push({ ok: true, record: { type: 'host-info', facts: this.#facts, line: this.#firstLine } });
    }
    this.#facts = {};
    this.#firstLine = 0;
    this.#lastKey = null;
    this.#inTable = false;
  }
}

function open(ctx: ParseContext): LineParserState<HostInfoRecord> {
  return new XlInfoState(ctx);
}

export const xlInfoFormat: LineFormat<HostInfoRecord> = {
  id: 'xl-info',
  summary: 'xl info (also -n, and filtered or wrapped pastes): host facts as key → value',
  sniff(head) {
    let known = 0;
    let lines = 0;
    let command = false;
    for (const line of head) {
      if (/^# \$ (?:\S*\/)?xl info\b/.test(line)) command = true;
      if (line.trim() === '' || line.startsWith('#')) continue;
      lines++;
      const kv = readKey(line);
      if (kv && KNOWN_KEYS.has(kv.key)) known++;
    }
    if (known < 3) return 0;
    return Math.min(1, 0.55 + 0.4 * (known / lines) + (command ? 0.05 : 0));
  },
  matchLine(line) {
    const kv = readKey(line);
    return kv !== null && KNOWN_KEYS.has(kv.key);
  },
  open,
  parse: parseLines(open),
};
