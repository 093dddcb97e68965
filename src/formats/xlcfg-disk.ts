/**
 * One `disk = [ ... ]` element (a DISKSPEC, reference §3.4), read the way Xen 4.17's
 * `libxlu_disk_l.l` reads it. That lexer is a flex scanner whose rules overlap: flex takes the
 * longest match (trailing context counts towards the length) and, on a tie, the earliest rule. We
 * run the same rules in the same order with the same tie-breaking, which is what makes positional
 * parameters, deprecated prefixes and `target=` behave exactly like xl (trailing blanks kept,
 * `'/dev/vg0/lv,xvda,w'` rejected, `w!` rejected).
 *
 * `parseXmDiskSpec` reads the older xm/xend form `prefix:target,vdev,mode[,backend]`, in which `w!`
 * is a valid mode.
 */
import type { DiskSpec } from '../model/config.js';

export interface DiskParse {
  readonly spec: DiskSpec;
  /** xl's messages for this spec (`config parsing error in disk specification: …`). */
  readonly errors: readonly string[];
}

const FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'empty', 'qed'] as const;
const BACKENDTYPES = ['phy', 'tap', 'qdisk', 'standalone'] as const;
const SPECIFICATIONS = ['xen', 'virtio'] as const;

/** `key=[^,]*,?` rules, in the lexer's order, with what each does. */
type KeyRule =
  | 'format'
  | 'access'
  | 'backend'
  | 'backendtype'
  | 'specification'
  | 'vdev'
  | 'script'
  | 'colo-str'
  | 'colo-port';
const KEY_RULES_A: readonly [string, KeyRule][] = [['format=', 'format']];
const KEY_RULES_B: readonly [string, KeyRule][] = [
  ['access=', 'access'],
  ['backend=', 'backend'],
  ['backendtype=', 'backendtype'],
  ['specification=', 'specification'],
  ['vdev=', 'vdev'],
  ['script=', 'script'],
];
const FLAG_RULES: readonly string[] = ['direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo'];
const COLO_RULES: readonly [string, KeyRule][] = [
  ['colo-host=', 'colo-str'],
  ['colo-port=', 'colo-port'],
  ['colo-export=', 'colo-str'],
  ['active-disk=', 'colo-str'],
  ['hidden-disk=', 'colo-str'],
];
const FORMAT_PREFIXES = ['raw', 'qcow', 'qcow2', 'vhd'];
const SCRIPT_PREFIXES = ['iscsi', 'nbd', 'enbd', 'drbd'];
const IGNORED_PREFIXES = ['tapdisk', 'tap', 'tap2', 'aio', 'ioemu', 'file', 'phy'];

/** Length of `.*` from `at` (flex's `.` stops at a newline). */
function restOfLine(s: string, at: number): number {
  const nl = s.indexOf('\n', at);
  return (nl < 0 ? s.length : nl) - at;
}

/** `literal[^,]*,?` at `at`: the match length, or 0. */
function keyValueLength(s: string, at: number, literal: string): number {
  if (!s.startsWith(literal, at)) return 0;
  const comma = s.indexOf(',', at + literal.length);
  return comma < 0 ? s.length - at : comma + 1 - at;
}

/** `literal,?` at `at`. */
function flagLength(s: string, at: number, literal: string): number {
  if (!s.startsWith(literal, at)) return 0;
  return literal.length + (s.charCodeAt(at + literal.length) === 44 ? 1 : 0);
}

const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** `[a-z][a-z0-9]*` (or with `-` when `dash`) at `at`: its length, 0 if none. */
function wordLength(s: string, at: number, dash: boolean): number {
  if (at >= s.length || !isLowerCode(s.charCodeAt(at))) return 0;
  let j = at + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (!(isLowerCode(c) || isDigitCode(c) || (dash && c === 45))) break;
    j++;
  }
  return j - at;
}

class DiskState {
  target: string | null = null;
  format: string | null = null;
  vdev: string | null = null;
  readwrite = true;
  access: string | null = null;
  accessSet = false;
  cdrom = false;
  backend: string | null = null;
  backendtype: string | null = null;
  specification: string | null = null;
  script: string | null = null;
  directIoSafe = false;
  discard: boolean | null = null;
  hadDeprPrefix = false;
  prefix: string[] = [];
  others: Record<string, string> = {};
  errors: string[] = [];
  err = false;

  constructor(readonly spec: string) {}

  fail(erroneous: string | null, message: string): void {
    const near = erroneous === null ? '' : `: near \`${erroneous}'`;
    this.errors.push(`config parsing error in disk specification: ${message}${near} in \`${this.spec}'`);
    this.err = true;
  }

  /** savestring: a non-empty earlier value makes it `<what> respecified`. */
  save(what: 'target' | 'vdev' | 'backend' | 'script', value: string): void {
    const current = this[what];
    if (current !== null && current !== '') {
      this.fail(value, `${what} respecified`);
      return;
    }
    this[what] = value;
  }

  /** DSET: an enum may be set again only to the same value. */
  setEnum(member: 'format' | 'backendtype' | 'specification', value: string, erroneous: string): void {
    const current = this[member];
    if (current !== null && current !== value)
      this.fail(erroneous, `${member === 'backendtype' ? 'backend' : member} respecified`);
    else this[member] = value;
  }

  setFormat(str: string): void {
    const v = str === '' ? 'raw' : str;
    if ((FORMATS as readonly string[]).includes(v)) this.setEnum('format', v, str);
    else this.fail(str, 'unknown value for format');
  }

  setAccess(str: string): void {
    this.access = str; // as written, also when xl refuses it (`w!`)
    if (str === 'r' || str === 'ro') this.readwrite = false;
    else if (str === 'rw' || str === 'w' || str === '') this.readwrite = true;
    else {
      this.fail(str, 'unknown value for access');
    }
  }

  /** `<vdev>:<devtype>` in a positional vdev; returns false when there is no colon. */
  vdevAndDevtype(str: string): boolean {
    const colon = str.lastIndexOf(':');
    if (colon < 0) return false;
    this.save('vdev', str.slice(0, colon));
    const type = str.slice(colon + 1);
    if (type === 'cdrom') this.cdrom = true;
    else if (type === 'disk') this.cdrom = false;
    else this.fail(type, 'unknown deprecated type');
    return true;
  }

  positional(str: string): boolean {
    if (this.err) return true; // earlier errors would only cause more
    if (this.target === null) this.save('target', str);
    else if (!this.hadDeprPrefix && this.format === null) {
      if (this.target === '' && this.vdevAndDevtype(str)) this.format = 'empty';
      else this.setFormat(str);
    } else if (this.vdev === null) {
      if (!this.vdevAndDevtype(str)) this.save('vdev', str);
    } else if (!this.accessSet) {
      this.accessSet = true;
      this.setAccess(str);
    } else {
      this.fail(str, 'too many positional parameters');
      return false;
    }
    return true;
  }

  keyRule(rule: KeyRule, key: string, value: string): void {
    switch (rule) {
      case 'format':
        this.setFormat(value);
        break;
      case 'access':
        this.setAccess(value);
        break;
      case 'backend':
        this.save('backend', value);
        break;
      case 'backendtype':
        if ((BACKENDTYPES as readonly string[]).includes(value)) this.setEnum('backendtype', value, value);
        else this.fail(value, 'unknown value for backendtype');
        break;
      case 'specification':
        if ((SPECIFICATIONS as readonly string[]).includes(value))
          this.setEnum('specification', value, value);
        else this.fail(value, 'unknown value for specification');
        break;
      case 'vdev':
        this.save('vdev', value);
        break;
      case 'script':
        this.save('script', value);
        break;
      case 'colo-str':
        if (this.others[key] !== undefined && this.others[key] !== '') this.fail(value, `${key} respecified`);
        else this.others[key] = value;
        break;
      case 'colo-port':
        if (Number.parseInt(value, 10)) this.others[key] = value;
        else this.fail(value, 'unknown value for colo_port');
        break;
    }
  }
}

const stripComma = (t: string): string => (t.endsWith(',') ? t.slice(0, -1) : t);

/** Which rule matched, and what it needs to run. */
type Rule =
  | { kind: 'blank' }
  | { kind: 'key'; literal: string; rule: KeyRule }
  | { kind: 'flag'; literal: string }
  | { kind: 'devtype-bad' }
  | { kind: 'target' }
  | { kind: 'unknown-param' }
  | { kind: 'prefix'; name: string; group: 'format' | 'script' | 'ignored' }
  | { kind: 'unknown-prefix' }
  | { kind: 'positional' };

// The rules as constants, in the lexer's order (no allocation while scanning).
const R_BLANK: Rule = { kind: 'blank' };
const R_KEYS_A: readonly Rule[] = KEY_RULES_A.map(([literal, rule]) => ({ kind: 'key', literal, rule }));
const R_FLAGS_FIRST: readonly Rule[] = ['cdrom', 'devtype=cdrom', 'devtype=disk'].map((literal) => ({
  kind: 'flag',
  literal,
}));
const R_DEVTYPE_BAD: Rule = { kind: 'devtype-bad' };
const R_KEYS_B: readonly Rule[] = KEY_RULES_B.map(([literal, rule]) => ({ kind: 'key', literal, rule }));
const R_FLAGS_AFTER: readonly Rule[] = FLAG_RULES.map((literal) => ({ kind: 'flag', literal }));
const R_COLO: readonly Rule[] = COLO_RULES.map(([literal, rule]) => ({ kind: 'key', literal, rule }));
const R_GRANT: readonly Rule[] = ['grant_usage=1', 'grant_usage=0'].map((literal) => ({
  kind: 'flag',
  literal,
}));
const R_TARGET: Rule = { kind: 'target' };
const R_UNKNOWN_PARAM: Rule = { kind: 'unknown-param' };
const R_UNKNOWN_PREFIX: Rule = { kind: 'unknown-prefix' };
const R_POSITIONAL: Rule = { kind: 'positional' };
const R_PREFIX = new Map<string, Rule>([
  ...FORMAT_PREFIXES.map((name): [string, Rule] => [name, { kind: 'prefix', name, group: 'format' }]),
  ...SCRIPT_PREFIXES.map((name): [string, Rule] => [name, { kind: 'prefix', name, group: 'script' }]),
  ...IGNORED_PREFIXES.map((name): [string, Rule] => [name, { kind: 'prefix', name, group: 'ignored' }]),
]);

/** Keeps the current best unless `length` is strictly longer (flex: earlier rule wins ties). */
class Best {
  rule: Rule | null = null;
  length = 0;
  consumed = 0;
  offer(rule: Rule, length: number, consumed: number): void {
    if (length > this.length) {
      this.rule = rule;
      this.length = length;
      this.consumed = consumed;
    }
  }
}

/** A `literal[^,]*,?` (key) or `literal,?` (flag) rule. */
interface LiteralRule {
  readonly rule: Rule;
  readonly literal: string;
  readonly flag: boolean;
}

/**
 * The literal rules in the lexer's order, filed by their first character: a literal that does not
 * start with the character at hand matches nothing (length 0, which never replaces the best), so
 * only the few that do are tried, still in the lexer's order.
 */
const LITERALS_BY_FIRST: ReadonlyMap<number, readonly LiteralRule[]> = (() => {
  const literal = (r: Rule): string => (r as { literal: string }).literal;
  const all: LiteralRule[] = [
    ...R_KEYS_A.map((r) => ({ rule: r, literal: literal(r), flag: false })),
    ...R_FLAGS_FIRST.map((r) => ({ rule: r, literal: literal(r), flag: true })),
    { rule: R_DEVTYPE_BAD, literal: 'devtype=', flag: false },
    ...R_KEYS_B.map((r) => ({ rule: r, literal: literal(r), flag: false })),
    ...R_FLAGS_AFTER.map((r) => ({ rule: r, literal: literal(r), flag: true })),
    ...R_COLO.map((r) => ({ rule: r, literal: literal(r), flag: false })),
    ...R_GRANT.map((r) => ({ rule: r, literal: literal(r), flag: true })),
  ];
  const out = new Map<number, LiteralRule[]>();
  for (const l of all) {
    const c = l.literal.charCodeAt(0);
    let list = out.get(c);
    if (!list) out.set(c, (list = []));
    list.push(l);
  }
  return out;
})();

const C_COMMA = 44;
const C_EQ = 61;
const C_COLON = 58;
const C_NL = 10;

/**
 * The longest rule matching at `at`; on equal length the earlier rule in the lexer wins. Rules are
 * tried in the lexer's order and only a strictly longer match replaces the current one.
 */
function longestMatch(s: string, at: number, best: Best): void {
  best.rule = null;
  best.length = 0;
  best.consumed = 0;
  const c = s.charCodeAt(at);

  // [ \t\n]+/([^ \t\n].*)?  — leading blanks are skipped.
  if (c === 32 || c === 9 || c === C_NL) {
    let j = at;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (d !== 32 && d !== 9 && d !== C_NL) break;
      j++;
    }
    best.offer(R_BLANK, j - at + (j < s.length ? restOfLine(s, j) : 0), j - at);
  }
  const literals = LITERALS_BY_FIRST.get(c);
  if (literals !== undefined)
    for (const l of literals) {
      const len = l.flag ? flagLength(s, at, l.literal) : keyValueLength(s, at, l.literal);
      best.offer(l.rule, len, len);
    }
  // target=.*  — eats the rest of the string.
  if (s.startsWith('target=', at)) {
    const len = restOfLine(s, at);
    best.offer(R_TARGET, len, len);
  }
  // [a-z][-a-z0-9]*=[^,],?  — unknown parameters (exactly one value character, as in Xen).
  const wd = wordLength(s, at, true);
  if (
    wd > 0 &&
    s.charCodeAt(at + wd) === C_EQ &&
    at + wd + 1 < s.length &&
    s.charCodeAt(at + wd + 1) !== C_COMMA
  ) {
    const len = wd + 2 + (s.charCodeAt(at + wd + 2) === C_COMMA ? 1 : 0);
    best.offer(R_UNKNOWN_PARAM, len, len);
  }
  // Deprecated prefixes: `name:/.*` so they win against positional parameters.
  const w = wordLength(s, at, false);
  if (w > 0 && s.charCodeAt(at + w) === C_COLON) {
    const consumed = w + 1;
    const known = R_PREFIX.get(s.slice(at, at + w));
    if (known !== undefined) best.offer(known, consumed + restOfLine(s, at + consumed), consumed);
    // [a-z][a-z0-9]*:/([^a-z0-9].*)?  — any other prefix.
    const next = at + consumed < s.length ? s.charCodeAt(at + consumed) : -1;
    const ctx =
      next !== -1 && next !== C_NL && !isLowerCode(next) && !isDigitCode(next)
        ? restOfLine(s, at + consumed)
        : 0;
    best.offer(R_UNKNOWN_PREFIX, consumed + ctx, consumed);
  }
  // [^=,]*,|[^=,]+,?  — positional parameters.
  let j = at;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === C_EQ || d === C_COMMA) break;
    j++;
  }
  const plen = j < s.length && s.charCodeAt(j) === C_COMMA ? j + 1 - at : j - at;
  best.offer(R_POSITIONAL, plen, plen);
}

/** Runs a rule's action; false when the lexer would stop (`return 0`). */
function runRule(st: DiskState, rule: Rule, t: string): boolean {
  switch (rule.kind) {
    case 'blank':
      return true;
    case 'key':
      st.keyRule(rule.rule, rule.literal.slice(0, -1), stripComma(t).slice(rule.literal.length));
      return true;
    case 'flag':
      switch (rule.literal) {
        case 'cdrom':
        case 'devtype=cdrom':
          st.cdrom = true;
          break;
        case 'devtype=disk':
          st.cdrom = false;
          break;
        case 'direct-io-safe':
          st.directIoSafe = true;
          break;
        case 'discard':
          st.discard = true;
          break;
        case 'no-discard':
          st.discard = false;
          break;
        case 'colo':
          st.others.colo = '1';
          break;
        case 'no-colo':
          st.others.colo = '0';
          break;
        default:
          st.others.grant_usage = rule.literal.slice(-1);
      }
      return true;
    case 'devtype-bad':
      st.fail(t, 'unknown value for type');
      return true;
    case 'target':
      st.save('target', stripComma(t).slice('target='.length));
      return true;
    case 'unknown-param':
      st.fail(t, 'unknown parameter');
      return true;
    case 'prefix':
      st.hadDeprPrefix = true;
      st.prefix.push(`${rule.name}:`);
      if (rule.group === 'format') st.setFormat(rule.name);
      else if (rule.group === 'script') st.save('script', `block-${rule.name}`);
      return true;
    case 'unknown-prefix':
      st.fail(t, 'unknown deprecated disk prefix');
      return false;
    case 'positional':
      return st.positional(stripComma(t));
  }
}

/**
 * What most specs have: no other keys, no errors, no prefix. Shared, frozen and read-only (as the
 * model types say), so a fleet of specs does not hold thousands of empty objects and arrays.
 */
const NO_OTHERS: Readonly<Record<string, string>> = Object.freeze({});
const NO_ERRORS: readonly string[] = Object.freeze([]);
const NO_PREFIX: readonly string[] = Object.freeze([]);

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Reads one DISKSPEC as xl 4.17 does. */
export function parseDiskSpec(raw: string): DiskParse {
  const st = new DiskState(raw);
  let at = 0;
  const best = new Best();
  while (at < raw.length) {
    longestMatch(raw, at, best);
    if (best.rule === null) {
      // `.` then `<LEXERR>.*`: the rest of the line is reported and scanning stops.
      st.fail(raw.slice(at, at + 1 + restOfLine(raw, at + 1)), 'bad disk syntax');
      break;
    }
    const text = raw.slice(at, at + best.consumed);
    at += best.consumed;
    if (!runRule(st, best.rule, text)) break;
  }
  let format = st.format ?? 'raw';
  let readwrite = st.readwrite;
  if (!st.err) {
    if (st.cdrom) {
      readwrite = false;
      if (st.target === null || st.target === '') format = 'empty';
    }
    if (st.vdev === null) st.fail(null, 'no vdev specified');
    else if (st.target === null && !st.cdrom) st.fail(null, 'no target specified (and device not removable)');
  } else if (st.cdrom) {
    readwrite = false;
  }
  return {
    spec: {
      target: st.target,
      format,
      vdev: st.vdev,
      access: st.access,
      readwrite,
      devtype: st.cdrom ? 'cdrom' : 'disk',
      backend: st.backend,
      backendtype: st.backendtype,
      script: st.script,
      directIoSafe: st.directIoSafe,
      discard: st.discard,
      // Grown by push: the spec keeps an exact-size copy (most have no prefix, or one).
      prefix: st.prefix.length === 0 ? NO_PREFIX : st.prefix.slice(),
      cdrom: st.cdrom,
      specification: st.specification,
      others: hasKeys(st.others) ? st.others : NO_OTHERS,
      raw,
      errors: st.errors.length === 0 ? NO_ERRORS : st.errors,
      xmSyntax: false,
    },
    errors: st.errors.length === 0 ? NO_ERRORS : st.errors,
  };
}

/** Prefixes xend's `blkif.py` and its block scripts knew, any of which may stack (`tap:aio:`). */
const XM_PREFIXES = new Set([
  'phy',
  'file',
  'tap',
  'tap2',
  'aio',
  'sync',
  'vhd',
  'qcow',
  'qcow2',
  'raw',
  'ioemu',
  'tapdisk',
  'iscsi',
  'nbd',
  'enbd',
  'drbd',
]);

/**
 * Reads an xm-era disk entry: `uname,dev,mode[,backend]` split on commas (xm create's
 * `preprocess_disk`), `uname` = `prefix:...:target`, `dev` possibly `ioemu:hda` or `hdc:cdrom`,
 * `mode` one of `r`, `w`, `w!`.
 */
export function parseXmDiskSpec(raw: string): DiskParse {
  const parts = raw.split(',');
  const errors: string[] = [];
  if (parts.length !== 3 && parts.length !== 4) errors.push(`Invalid disk specifier: ${raw}`);
  let uname = parts[0] ?? '';
  const prefix: string[] = [];
  for (;;) {
    const m = /^([a-z][a-z0-9]*):/.exec(uname);
    if (!m || !XM_PREFIXES.has(m[1]!)) break;
    prefix.push(`${m[1]}:`);
    uname = uname.slice(m[0].length);
  }
  let dev = parts[1] ?? null;
  let cdrom = false;
  if (dev !== null) {
    if (dev.startsWith('ioemu:')) dev = dev.slice('ioemu:'.length);
    if (dev.endsWith(':cdrom')) {
      cdrom = true;
      dev = dev.slice(0, -':cdrom'.length);
    } else if (dev.endsWith(':disk')) dev = dev.slice(0, -':disk'.length);
  }
  const mode = parts[2] ?? null;
  if (mode !== null && !/^(r|w|w!|r!|rw|ro)$/.test(mode)) errors.push(`Invalid disk mode: ${mode} in ${raw}`);
  const format =
    prefix.map((p) => p.slice(0, -1)).find((p) => ['qcow', 'qcow2', 'vhd', 'raw'].includes(p)) ?? 'raw';
  const scriptPrefix = prefix.map((p) => p.slice(0, -1)).find((p) => SCRIPT_PREFIXES.includes(p));
  return {
    spec: {
      target: uname === '' && cdrom ? '' : uname,
      format: cdrom && uname === '' ? 'empty' : format,
      vdev: dev,
      access: mode,
      readwrite: !cdrom && mode !== null && mode.includes('w'),
      devtype: cdrom ? 'cdrom' : 'disk',
      backend: parts[3] ?? null,
      backendtype: null,
      script: scriptPrefix ? `block-${scriptPrefix}` : null,
      directIoSafe: false,
      discard: null,
      prefix,
      cdrom,
      specification: null,
      others: NO_OTHERS,
      raw,
      errors,
      xmSyntax: true,
    },
    errors,
  };
}
