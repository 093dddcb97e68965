/**
 * Folds the continuation lines of multiline messages into their head record's `detail`: the
 * register dump and stack after a hypervisor crash line (reference §5.5), the call trace after a
 * kernel panic, oops, BUG, WARNING or hung-task report (§5.10). Without folding, one crash would
 * become forty events, and `RIP:` lines from a dump would look like messages of their own.
 *
 * Streaming over the records of ONE file, in order. Nothing is ever lost: a continuation-looking
 * line with no head before it passes through as its own record, and a block stops at the first
 * line that is not a continuation, at a change of source or domain, at a jump in time, or after
 * `maxLines` lines.
 */
import type { LogRecord } from '../model/records.js';
import { messageStart } from './signatures.js';

export interface FolderOptions {
  /** Continuation lines kept per head; the rest pass through as their own records. */
  readonly maxLines?: number;
  /** Largest gap (ms) between a head's time and a continuation's that still counts as one block. */
  readonly maxGapMs?: number;
}

export interface Folder {
  /** Feeds the next record; returns the records completed by it (possibly none). */
  push(record: LogRecord): readonly LogRecord[];
  /** End of the file: returns the record still open, if any. */
  flush(): readonly LogRecord[];
}

const DEFAULT_MAX_LINES = 256;
const DEFAULT_MAX_GAP_MS = 5_000;
/** Kernel uptime stamps of one oops or panic report lie within this many seconds. */
const MAX_UPTIME_GAP_S = 5;

type Family = 'xen' | 'kernel';

/**
 * What opens a block, by the text the message starts with (after `messageStart`): a domain crash
 * or a Xen BUG/panic with its register dump (§5.5), or a kernel report with its call trace
 * (§5.10). `---[ end Kernel panic` is not a head (it ends a panic and is an event of its own), and
 * a user process's `traps: ... general protection fault` starts with `traps:`. Prefix checks
 * first, because every line of every file passes through here.
 */
const HEADS: readonly (readonly [
  prefix: string,
  family: Family,
  confirm?: (message: string, s: number) => boolean,
])[] = [
  ['Domain ', 'xen', (m, s) => sticky(CRASHED_DOMAIN, m, s)],
  ['----[ Xen-', 'xen'],
  ['Xen BUG at ', 'xen'],
  ['Panic on CPU ', 'xen'],
  ['FATAL TRAP', 'xen'],
  ['FATAL PAGE FAULT', 'xen'],
  ['Kernel panic - not syncing', 'kernel'],
  ['Oops: ', 'kernel'],
  ['BUG: ', 'kernel'],
  ['watchdog: BUG: ', 'kernel'],
  ['kernel BUG at ', 'kernel'],
  ['WARNING: ', 'kernel'],
  ['INFO: task ', 'kernel'],
  ['INFO: ', 'kernel', (m, s) => m.includes('detected stall', s)],
  ['rcu: INFO: ', 'kernel', (m, s) => m.includes('detected stall', s)],
  ['general protection fault', 'kernel'],
];

const CRASHED_DOMAIN = /Domain \d+ (?:\(vcpu#\d+\) crashed on cpu#\d+|reported crashed by domain \d+)/y;

function sticky(re: RegExp, message: string, s: number): boolean {
  re.lastIndex = s;
  return re.test(message);
}

/** HEADS indexed by the first character of their prefix. */
const HEADS_BY_FIRST: (typeof HEADS)[number][][] = [];
for (const head of HEADS) (HEADS_BY_FIRST[head[0].charCodeAt(0)] ??= []).push(head);

/** Lines of a hypervisor register dump and stack (x86 and Arm, §5.5), after `(XEN) ` and stamps. */
const XEN_CONT = new RegExp(
  [
    '----\\[ Xen-',
    'CPU:\\s',
    '(?:RIP|RFLAGS|CONTEXT|PC|LR|SP|CPSR|FP|ESR|ELR|FAR|HPFAR|SPSR)\\w*:',
    '[A-Z0-9]+_EL[123]:',
    'X\\d+:',
    '(?:r[a-z0-9]{1,2}|cr\\d|[defgsc]s|[fg]sb|gss):\\s',
    '(?:Xen code around|Xen stack trace|Guest stack trace|Xen call trace|Stack trace from|Pagetable walk|Faulting linear address)',
    'L[1-4]\\[0x',
    '\\*{8,}',
    // Inside a `Panic on CPU` frame Xen repeats the cause; `Panic on CPU` itself and `Hardware
    // Dom0 crashed` are events of their own and are deliberately not continuations.
    '(?:Xen BUG at|Assertion |FATAL |Reboot in|Manual reset required)',
    // Call trace frames; `messageStart` has already stepped over a leading `[<address>]`.
    '\\[<[0-9a-f]+>\\]',
    '[\\w.$#@-]+\\+0x[0-9a-f]+/0x[0-9a-f]+',
    '(?:[0-9a-f]{8,16}(?:\\s+|$))+$',
    '$',
  ].join('|'),
  'y',
);

/** Lines of a kernel report (§5.10): registers, call trace frames, module list, end marker. */
const KERNEL_CONT = new RegExp(
  [
    'Call Trace:',
    'Call trace:',
    '</?(?:TASK|IRQ|NMI|EOI)>',
    '(?:CPU: \\d+ (?:PID|UID):|Hardware name:|Modules linked in:|Workqueue:|Kernel Offset:|Stack:|Code:|PKRU:)',
    '(?:RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\\d\\d|FS|GS|CS|DS|ES|CR\\d|DR\\d|EIP|ESP|EAX|EBX|ECX|EDX|ESI|EDI|EBP):',
    '(?:pc|lr|sp|x\\d+|pstate) ?: ',
    '(?:Oops: |#PF: |PGD [0-9a-f]+|task:\\S+ +state:|Sending NMI|NMI backtrace|irq event stamp|hardirqs|softirqs|Fixing recursive fault|Rebooting in)',
    '(?:Not tainted|Tainted: )',
    '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message',
    '---\\[ end trace',
    '(?:\\? )?[\\w.$#@-]+\\+0x[0-9a-f]+/0x[0-9a-f]+',
    '\\[<[0-9a-f]+>\\]',
  ].join('|'),
  'y',
);

/** A head's family, or null when the record does not open a block. */
function headFamily(message: string, s: number): Family | null {
  const heads = HEADS_BY_FIRST[message.charCodeAt(s)];
  if (heads === undefined) return null;
  for (const [prefix, family, confirm] of heads) {
    if (message.startsWith(prefix, s) && (confirm === undefined || confirm(message, s))) return family;
  }
  return null;
}

function isContinuation(family: Family, message: string): boolean {
  const s = messageStart(message);
  const re = family === 'xen' ? XEN_CONT : KERNEL_CONT;
  re.lastIndex = s;
  return re.test(message);
}

/** Does `rec` plausibly come from the same writer, at the same moment, as `head`? */
function sameBlock(head: LogRecord, rec: LogRecord, maxGapMs: number): boolean {
  if (rec.source !== head.source || rec.domain !== head.domain || rec.domid !== head.domid) return false;
  if (head.ts !== null && rec.ts !== null && Math.abs(rec.ts - head.ts) > maxGapMs) return false;
  if (
    head.uptime !== undefined &&
    rec.uptime !== undefined &&
    Math.abs(rec.uptime - head.uptime) > MAX_UPTIME_GAP_S
  ) {
    return false;
  }
  return true;
}

/** The end-of-report marker closes a kernel block at once. */
function endsBlock(message: string): boolean {
  return message.includes('---[ end trace');
}

const NONE: readonly LogRecord[] = Object.freeze([]);

/** Creates a folder for the records of one file. */
export function createFolder(options: FolderOptions = {}): Folder {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const maxGapMs = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  let head: LogRecord | null = null;
  let family: Family = 'kernel';
  let lines: string[] = [];

  function close(): LogRecord | null {
    const h = head;
    if (h === null) return null;
    head = null;
    if (lines.length === 0) return h;
    const detail = h.detail ? [...h.detail, ...lines] : lines;
    lines = [];
    return { ...h, detail };
  }

  return {
    push(rec) {
      const message = typeof rec.message === 'string' ? rec.message : '';
      if (
        head !== null &&
        lines.length < maxLines &&
        sameBlock(head, rec, maxGapMs) &&
        isContinuation(family, message)
      ) {
        lines.push(message);
        if (family === 'kernel' && endsBlock(message)) return [close()!];
        return NONE;
      }
      const done = close();
      const s = messageStart(message);
      const f = message.length > 0 ? headFamily(message, s) : null;
      if (f !== null) {
        head = rec;
        family = f;
        return done === null ? NONE : [done];
      }
      return done === null ? [rec] : [done, rec];
    },
    flush() {
      const done = close();
      return done === null ? NONE : [done];
    },
  };
}
