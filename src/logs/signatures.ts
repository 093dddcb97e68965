/**
 * Event signatures: known Xen, toolstack and Linux messages → event kinds (design.md, "Records";
 * reference §5.2, §5.5, §5.8–§5.10, §5.13).
 *
 * Speed matters more than elegance here: `import` classifies every line it reads and the
 * benchmark wants a million syslog lines a second parsed *and* classified. A regex alternation
 * of all keywords costs ~10 ns per keyword per line in V8 (no Boyer–Moore for alternations), so
 * instead: skip the prefixes a parser may have left (`(XEN) `, `[ 54.347470] `), look at the
 * first character, and try only the few signatures that start with it (`startsWith`, then a
 * sticky regex at that offset). Every message these signatures describe is printed at the start
 * of its line by Xen, xl or the kernel. The few that are not (a bridge port named after a vif,
 * xenstored's operations, hotplug scripts' complaints) get a constant-time `endsWith` test or a
 * source check first. Rules whose regex must scan the whole line (`.*`, unanchored) name literals
 * it cannot match without, found by a native `indexOf` before the regex runs. A side effect is wanted: text that merely quotes a signature mid-line (a
 * guest echoing "Kernel panic") is not that event.
 */
import type { LogRecord } from '../model/records.js';
import type { EventKind, Severity } from '../model/vocabulary.js';

export interface Classification {
  readonly kind: EventKind;
  readonly severity: Severity;
  readonly domid?: number;
  readonly domain?: string;
  /** Device id of a vif (`vif3.0` → 0) or vbd (`vbd-3-51712` → 51712). */
  readonly devid?: number;
  /** Shutdown reason code (`xl` logs, reference §5.2). */
  readonly reason?: number;
}

/** What one rule found in the line; `classify` fills in the record's own domain and domid. */
interface Found {
  kind: EventKind;
  severity: Severity;
  domid?: number | undefined;
  domain?: string | undefined;
  devid?: number | undefined;
  reason?: number | undefined;
  /**
   * The line is about no particular domain even if its record names one: xenstored's
   * `@releaseDomain` fires for any death and on watch registration (§5.13), so it must never be
   * pinned on a domain by inheritance.
   */
  noDomain?: boolean;
  /** The parser knows better (xenstored tells a watch's registration echo from a real event). */
  recordSeverity?: boolean;
}

/** A rule looks at `message` from offset `at` and says what it is, or null. */
type Rule = (message: string, at: number) => Found | null;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Decimal text → number, or undefined when it is not a sane id (keeps junk out of domids). The
 * captures are `\d+` or `-?\d+`: read by hand, since `Number()` on a fresh substring goes the
 * slow way through V8's string-to-double; anything else still gets `Number()`.
 */
function id(text: string | undefined): number | undefined {
  if (text === undefined || text.length > 9) return undefined;
  const n = text.length;
  const neg = text.charCodeAt(0) === 0x2d;
  let k = neg ? 1 : 0;
  if (k === n) return Number(text);
  let v = 0;
  for (; k < n; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return Number(text);
    v = v * 10 + d;
  }
  return neg ? -v : v; // `-0` stays -0, as Number('-0') does
}

/**
 * A rule whose regex must match exactly at the offset (sticky). `needles`: literals the regex
 * cannot match without (one of them must occur after the offset); a native `indexOf` rules out
 * most lines before the regex runs, which matters for `.*` patterns that scan the whole line.
 */
function at(re: RegExp, make: (m: RegExpExecArray) => Found | null, needles: readonly string[] = []): Rule {
  const sticky = new RegExp(re.source, `${re.flags.replace('g', '')}y`);
  return (message, offset) => {
    if (needles.length > 0 && !containsAny(message, needles, offset)) return null;
    sticky.lastIndex = offset;
    const m = sticky.exec(message);
    return m ? make(m) : null;
  };
}

/** Does `message` hold one of `needles` at or after `from`? */
function containsAny(message: string, needles: readonly string[], from: number): boolean {
  for (let k = 0; k < needles.length; k++) if (message.indexOf(needles[k]!, from) >= 0) return true;
  return false;
}

/** A rule whose regex may match anywhere in the message (for the few mid-line signatures). */
function anywhere(
  re: RegExp,
  make: (m: RegExpExecArray) => Found | null,
  needles: readonly string[] = [],
): Rule {
  return (message) => {
    if (needles.length > 0 && !containsAny(message, needles, 0)) return null;
    const m = re.exec(message);
    return m ? make(m) : null;
  };
}

const fixed =
  (kind: EventKind, severity: Severity, noDomain = false) =>
  (): Found =>
    noDomain ? { kind, severity, noDomain } : { kind, severity };

const DOM0 = 'Domain-0';

/** `Domain N has shut down, reason code R` (reference §5.2, table of codes). */
function shutdownReason(domid: number | undefined, reason: number | undefined): Found {
  switch (reason) {
    case 0:
      return { kind: 'shutdown', severity: 'info', domid, reason };
    case 1:
      // An HVM triple fault also arrives as reason 1 (§5.2), so a reboot is worth a look.
      return { kind: 'reboot', severity: 'warning', domid, reason };
    case 3:
      return { kind: 'crash', severity: 'critical', domid, reason };
    case 4:
      return { kind: 'watchdog', severity: 'critical', domid, reason };
    case 2: // suspend (save, migrate)
    case 5: // soft_reset
      return { kind: 'other', severity: 'info', domid, reason };
    default:
      return { kind: 'other', severity: 'warning', domid, reason };
  }
}

function hardwareDomain(domidText: string | undefined, kind: EventKind, severity: Severity): Found {
  const domid = id(domidText);
  return domid === 0 ? { kind, severity, domid, domain: DOM0 } : { kind, severity, domid };
}

const ioError = at(/.*? error, dev \S+? sector \d+/, fixed('io_error', 'error'), [' error, dev ']);

/**
 * Xen's guest-context messages start with `%pd`/`%pv`: `d7v0 Triple fault ...`, `d4: Out of ...`.
 * Filed under `d0`..`d9` so that the many lines starting with other `d` words skip them.
 */
const GUEST_CONTEXT: readonly Rule[] = [
  // An HVM triple fault is shut down with reason 1 and restarted (§5.2): a reboot nobody asked for.
  at(/d(\d+)v\d+ Triple fault/, (m) => ({ kind: 'reboot', severity: 'critical', domid: id(m[1]) })),
  // Newer Xen: `%pd: Out of populate-on-demand memory!`.
  at(/d(\d+): Out of populate-on-demand memory/, (m) => ({
    kind: 'pod_exhausted',
    severity: 'critical',
    domid: id(m[1]),
  })),
];

/**
 * Signatures by the text their message starts with. Order matters only within one prefix; the
 * first rule that matches wins.
 */
const BY_PREFIX: ReadonlyArray<readonly [prefix: string, rules: readonly Rule[]]> = [
  // xl-<name>.log lifecycle lines (§5.2) and the hypervisor's crash lines (§5.5).
  [
    'Domain ',
    [
      at(/Domain (\d+) has shut down, reason code (-?\d+)/, (m) => shutdownReason(id(m[1]), id(m[2]))),
      at(/Domain (\d+) has been destroyed\./, (m) => ({
        kind: 'domain_destroy',
        severity: 'info',
        domid: id(m[1]),
      })),
      at(/Domain (\d+) needs to be cleaned up/, (m) => ({
        kind: 'domain_destroy',
        severity: 'info',
        domid: id(m[1]),
      })),
      at(/Domain (\d+) \(vcpu#\d+\) crashed on cpu#\d+/, (m) => ({
        kind: 'crash',
        severity: 'critical',
        domid: id(m[1]),
      })),
      at(/Domain (\d+) reported crashed by domain \d+/, (m) => ({
        kind: 'crash',
        severity: 'critical',
        domid: id(m[1]),
      })),
      at(/Domain has suspended\./, fixed('other', 'info')),
    ],
  ],
  [
    'Waiting for domain ',
    [
      at(/Waiting for domain (.+?) \(domid (\d+)\) to die/, (m) => ({
        kind: 'domain_start',
        severity: 'info',
        domain: m[1],
        domid: id(m[2]),
      })),
    ],
  ],
  [
    'Action for shutdown reason code ',
    [
      at(/Action for shutdown reason code (-?\d+)/, (m) => ({
        kind: 'other',
        severity: 'info',
        reason: id(m[1]),
      })),
    ],
  ],
  [
    'Unknown shutdown reason code ',
    [
      at(/Unknown shutdown reason code (-?\d+)/, (m) => ({
        kind: 'other',
        severity: 'warning',
        reason: id(m[1]),
      })),
    ],
  ],
  // `domain_crash called from` names no domain (§5.5); the `Domain N ... crashed` line after it does.
  ['domain_crash', [at(/domain_crash(?:_sync)? called from/, fixed('crash', 'critical'))]],
  ...Array.from({ length: 10 }, (_, digit) => [`d${digit}`, GUEST_CONTEXT] as const),
  [
    'Watchdog ',
    [
      // 4.17: `Watchdog timer fired for domain N`; later: `Watchdog timer K fired for dN`.
      at(/Watchdog timer (?:\d+ )?fired for (?:domain (\d+)|d(\d+))/, (m) => ({
        kind: 'watchdog',
        severity: 'critical',
        domid: id(m[1] ?? m[2]),
      })),
      at(/Watchdog detected hard LOCKUP/, fixed('soft_lockup', 'error')),
    ],
  ],
  // `p2m_pod_demand_populate: DomN out of PoD memory! (tot=... ents=... domM)`: N is the victim.
  [
    'p2m_pod_demand_populate: ',
    [
      at(/p2m_pod_demand_populate: Dom(\d+) out of PoD memory/, (m) => ({
        kind: 'pod_exhausted',
        severity: 'critical',
        domid: id(m[1]),
      })),
    ],
  ],
  [
    'Hardware Dom',
    [
      at(/Hardware Dom(\d+) crashed/, (m) => hardwareDomain(m[1], 'crash', 'critical')),
      at(/Hardware Dom(\d+) shutdown: watchdog/, (m) => hardwareDomain(m[1], 'watchdog', 'critical')),
      at(/Hardware Dom(\d+) shutdown: rebooting/, (m) => hardwareDomain(m[1], 'reboot', 'info')),
      at(/Hardware Dom(\d+) halted/, (m) => hardwareDomain(m[1], 'shutdown', 'info')),
    ],
  ],
  // Xen itself went down (§5.5): every domain on the host with it, so no one victim is named.
  ['Panic on CPU ', [at(/Panic on CPU \d+/, fixed('panic', 'critical'))]],
  ['Xen BUG at ', [at(/Xen BUG at /, fixed('oops', 'error'))]],
  ['Kernel panic - not syncing', [at(/Kernel panic - not syncing/, fixed('panic', 'critical'))]],
  ['---[ end Kernel panic', [at(/---\[ end Kernel panic/, fixed('other', 'info'))]],
  ['Oops: ', [at(/Oops: /, fixed('oops', 'error'))]],
  [
    'BUG: ',
    [
      at(/BUG: (?:soft|workqueue) lockup/, fixed('soft_lockup', 'warning')),
      at(/BUG: /, fixed('oops', 'error')),
    ],
  ],
  ['kernel BUG at ', [at(/kernel BUG at /, fixed('oops', 'error'))]],
  // A kernel WARN() splat: worth seeing, but the kernel carries on, so no kind of its own.
  ['WARNING: ', [at(/WARNING: CPU: \d+ PID: \d+ at /, fixed('other', 'warning'))]],
  // Kernel die() line; a user process's GP fault is `traps: x[1] general protection fault ip:...`.
  ['general protection fault', [at(/general protection fault/, fixed('oops', 'error'))]],
  [
    'watchdog: ',
    [
      at(/watchdog: BUG: soft lockup/, fixed('soft_lockup', 'warning')),
      at(/watchdog: Watchdog detected hard LOCKUP/, fixed('soft_lockup', 'error')),
    ],
  ],
  ['rcu: INFO: ', [at(/rcu: INFO: .*detected stall/, fixed('soft_lockup', 'warning'))]],
  [
    'INFO: ',
    [
      at(/INFO: task .+ blocked for more than/, fixed('hung_task', 'warning')),
      at(/INFO: rcu_\w+ (?:self-)?detected stall/, fixed('soft_lockup', 'warning')),
    ],
  ],
  ['rcu_', [at(/rcu_\w+ (?:self-)?detected stall/, fixed('soft_lockup', 'warning'))]],
  // `Out of memory: Killed process` (current), `Out of memory: Kill process` (≤ 5.0), the memcg
  // form. Older kernels' follow-up `Killed process N (x) total-vm:` is the same kill: not counted.
  ['Out of memory: Kill', [at(/Out of memory: Kill(?:ed)? process \d+/, fixed('oom_kill', 'error'))]],
  [
    'Memory cgroup out of memory: Kill',
    [at(/Memory cgroup out of memory: Kill(?:ed)? process \d+/, fixed('oom_kill', 'error'))],
  ],
  // Block-layer errors (§5.10) in every kernel generation's wording, and their follow-ups.
  ['I/O error', [ioError]],
  ['blk_update_request: ', [ioError]],
  ['print_req_error: ', [ioError]],
  ['end_request: ', [ioError]],
  ['critical ', [ioError]],
  ['timeout error', [ioError]],
  ['recoverable transport error', [ioError]],
  ['protection error', [ioError]],
  ['Buffer I/O error', [at(/Buffer I\/O error/, fixed('io_error', 'error'))]],
  ['EXT4-fs error', [at(/EXT4-fs error/, fixed('io_error', 'error'))]],
  ['EXT3-fs error', [at(/EXT3-fs error/, fixed('io_error', 'error'))]],
  ['EXT2-fs error', [at(/EXT2-fs error/, fixed('io_error', 'error'))]],
  [
    'blkfront: ',
    [
      at(/blkfront: \S+: .* op failed/, fixed('blk_error', 'error')),
      at(/blkfront: .*Bad return from blkdev data request/, fixed('blk_error', 'error')),
    ],
  ],
  [
    'xen-blkback: ',
    [
      at(/xen-blkback: .*(?:could not be opened|doesn't exist)/, fixed('blk_error', 'error'), [
        'could not be opened',
        "doesn't exist",
      ]),
      at(/xen-blkback: backend\/vbd\/(\d+)\/(\d+):/, (m) => ({
        kind: 'other',
        severity: 'info',
        domid: id(m[1]),
        devid: id(m[2]),
      })),
    ],
  ],
  // xenbus_dev_error/fatal print a positive errno first: `vbd vbd-D-N: <errno> <text>` (§5.9).
  [
    'vbd vbd-',
    [
      at(/vbd vbd-(\d+)-(\d+): \d+ /, (m) => ({
        kind: 'blk_error',
        severity: 'error',
        domid: id(m[1]),
        devid: id(m[2]),
      })),
    ],
  ],
  [
    'vif vif-',
    [
      at(
        /vif vif-(\d+)-(\d+)(?: \S+)?: Guest Rx stalled/,
        (m) => ({ kind: 'net_stall', severity: 'warning', domid: id(m[1]), devid: id(m[2]) }),
        ['Guest Rx stalled'],
      ),
      at(
        /vif vif-(\d+)-(\d+)(?: \S+)?: fatal error; disabling device/,
        (m) => ({ kind: 'net_stall', severity: 'error', domid: id(m[1]), devid: id(m[2]) }),
        ['fatal error; disabling device'],
      ),
      at(
        /vif vif-(\d+)-(\d+)(?: \S+)?: Guest Rx ready/,
        (m) => ({ kind: 'other', severity: 'info', domid: id(m[1]), devid: id(m[2]) }),
        ['Guest Rx ready'],
      ),
      // The reason printed before `fatal error`, and xenbus setup errors: about this vif, no kind.
      at(/vif vif-(\d+)-(\d+)/, (m) => ({
        kind: 'other',
        severity: 'warning',
        domid: id(m[1]),
        devid: id(m[2]),
      })),
    ],
  ],
  // A guest console's own last words: it asked to stop or to restart.
  [
    'reboot: ',
    [
      at(/reboot: (?:System halted|Power down)/, fixed('shutdown', 'info')),
      at(/reboot: Restarting system/, fixed('reboot', 'info')),
    ],
  ],
];

/**
 * Hotplug script failures (§5.8): in `xen-hotplug.log`, or via `logger` as `/etc/xen/scripts/x: ...`.
 * All mean the same, so one scan of the line for any of them (an alternation of literals costs
 * less than four separate searches of a line that, like most, has none).
 */
const HOTPLUG: readonly Rule[] = [
  anywhere(
    /is mounted in a guest domain|Could not find bridge|Failed to find an unused loop device|is read-only, and so I will not/,
    fixed('other', 'error'),
  ),
];

/** xenstored access log (§5.13): watch events never name a domain; name writes map domids. */
const XENSTORED: readonly Rule[] = [
  anywhere(
    /\bw event\s+@(?:releaseDomain|introduceDomain)\b/,
    () => ({ kind: 'other', severity: 'info', noDomain: true, recordSeverity: true }),
    ['Domain'],
  ),
  anywhere(/@(?:releaseDomain|introduceDomain)\b/, fixed('other', 'debug', true), ['Domain']),
  anywhere(
    /\bwrite\s+\/local\/domain\/(\d+)\/name(?:\s+(.*?))?\s*$/,
    (m) => (m[2] ? { kind: 'other', severity: 'debug', domid: id(m[1]), domain: m[2] } : null),
    ['/local/domain/'],
  ),
];

/**
 * Bridge port changes: `xenbr0: port 1(vif1.0) entered disabled state`. The bridge name varies
 * (an interface name, at most 15 characters), so this one is not filed by prefix.
 */
const BRIDGE = at(
  /[^\s:]{1,15}: port \d+\(vif(\d+)\.(\d+)\) entered \w+ state/,
  (m) => ({ kind: 'other', severity: 'info', domid: id(m[1]), devid: id(m[2]) }),
  [': port '],
);

/** Rules indexed by the first character of their prefix (ASCII only: every prefix is). */
const FIRST: (readonly (readonly [string, readonly Rule[]])[] | undefined)[] = [];
for (const entry of BY_PREFIX) {
  const c = entry[0].charCodeAt(0);
  FIRST[c] = [...(FIRST[c] ?? []), entry];
}
FIRST['/'.charCodeAt(0)] = [...(FIRST['/'.charCodeAt(0)] ?? []), ['/etc/xen/scripts/', HOTPLUG]];

/**
 * Offset of the message proper: past blanks, mail quote marks, a `(XEN)` tag and up to two
 * bracketed stamps (`[2026-11-26 12:28:08]`, `[   54.347470]`) that a parser may have left.
 */
export function messageStart(message: string): number {
  let s = 0;
  let c = message.charCodeAt(0);
  while (c === 32 || c === 9 || c === 62) c = message.charCodeAt(++s);
  // `(root) CMD ...` and the like: a cheap look at the `X` before the builtin call
  if (c === 40 && message.charCodeAt(s + 1) === 88 && message.startsWith('(XEN)', s)) {
    s += 5;
    c = message.charCodeAt(s);
    while (c === 32) c = message.charCodeAt(++s);
  }
  for (let k = 0; k < 2 && c === 91; k++) {
    const end = message.indexOf(']', s);
    // `[<ffffffff81a0c2b1>] func+0x..` and `[sdb] ...` are short too; skipping them is harmless.
    if (end < 0 || end - s > 40) break;
    s = end + 1;
    c = message.charCodeAt(s);
    while (c === 32) c = message.charCodeAt(++s);
  }
  return s; // never past the end: charCodeAt there is NaN, which stops every loop above
}

/**
 * Does `s` hold `t` at `i`? Most candidates fail on their second or last character, so those
 * are compared first; the rest by a native `indexOf`, since `startsWith(t, i)` is a slow builtin
 * call and charCodeAt on the sliced strings parsers produce costs some 50 instructions a character.
 */
function sameAt(s: string, i: number, t: string): boolean {
  const n = t.length;
  if (i + n > s.length) return false;
  if (n > 1 && s.charCodeAt(i + 1) !== t.charCodeAt(1)) return false;
  if (n > 2 && s.charCodeAt(i + n - 1) !== t.charCodeAt(n - 1)) return false;
  return s.indexOf(t, i) === i;
}

/** `message.endsWith(' state')`, by hand for the same reason, last character first. */
function endsWithState(m: string): boolean {
  const n = m.length;
  return (
    n >= 6 &&
    m.charCodeAt(n - 1) === 0x65 && // e
    m.charCodeAt(n - 2) === 0x74 && // t
    m.charCodeAt(n - 3) === 0x61 && // a
    m.charCodeAt(n - 4) === 0x74 && // t
    m.charCodeAt(n - 5) === 0x73 && // s
    m.charCodeAt(n - 6) === 0x20
  );
}

function run(rules: readonly Rule[], message: string, offset: number): Found | null {
  for (const r of rules) {
    const found = r(message, offset);
    if (found !== null) return found;
  }
  return null;
}

function match(record: LogRecord, message: string): Found | null {
  const s = messageStart(message);
  const entries = FIRST[message.charCodeAt(s)];
  // HOTPLUG's rules look at the whole message, whatever the offset: tried once at most
  let triedHotplug = false;
  if (entries !== undefined) {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (!sameAt(message, s, entry[0])) continue;
      const found = run(entry[1], message, s);
      if (found !== null) return found;
      if (entry[1] === HOTPLUG) triedHotplug = true;
    }
  }
  const source = record.source;
  if (source === 'xenstored') return run(XENSTORED, message, s);
  if (source === 'hotplug') return triedHotplug ? null : run(HOTPLUG, message, s);
  // Bridge lines end in `entered <state> state`: a constant-time test before the regex.
  if ((source === 'kernel' || source === 'syslog' || source === 'journal') && endsWithState(message)) {
    return BRIDGE(message, s);
  }
  return null;
}

const OTHER_INFO: Classification = Object.freeze({ kind: 'other', severity: 'info' });

/** The record's own view when no signature matched. */
function fallback(record: LogRecord): Classification {
  if (record.severity === undefined && record.domid === undefined && record.domain === undefined) {
    return OTHER_INFO;
  }
  const out: Mutable<Classification> = { kind: 'other', severity: record.severity ?? 'info' };
  if (record.domid !== undefined) out.domid = record.domid;
  if (record.domain !== undefined) out.domain = record.domain;
  return out;
}

/**
 * Classifies one log record. Never throws; an unknown line is `other` with the record's own
 * severity (or `info`). Domain and domid come from the line when it names them, else from the
 * record (the file's domain: `xl-<name>.log`, `console/guest-<name>.log`), except for lines about
 * no particular domain such as `@releaseDomain`.
 */
export function classify(record: LogRecord): Classification {
  const message = record.message;
  if (typeof message !== 'string' || message.length === 0) return fallback(record);
  const found = match(record, message);
  if (found === null) return fallback(record);
  const severity = found.recordSeverity ? (record.severity ?? found.severity) : found.severity;
  const out: Mutable<Classification> = { kind: found.kind, severity };
  if (!found.noDomain) {
    const domid = found.domid ?? record.domid;
    // The file's domain only when the line names no other domid than the file's.
    const sameDomain =
      found.domid === undefined || record.domid === undefined || found.domid === record.domid;
    const domain = found.domain ?? (sameDomain ? record.domain : undefined);
    if (domid !== undefined) out.domid = domid;
    if (domain !== undefined) out.domain = domain;
  }
  if (found.devid !== undefined) out.devid = found.devid;
  if (found.reason !== undefined) out.reason = found.reason;
  return out;
}
