import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Classification, classify } from '../../src/logs/index.js';
import type { LogRecord } from '../../src/model/index.js';
import { CRASH_CLASS_KINDS, EVENT_KINDS, EVENT_SOURCES, SEVERITIES } from '../../src/model/index.js';
import {
  corpusLine,
  dmesgRecords,
  guestConsoleRecords,
  hypervisorRecords,
  labLines,
  rec,
  xenstoredRecords,
  xlLogRecords,
} from './log-records.js';

type Expect = Partial<Classification>;

/** Picks only the asserted fields, so a row says exactly what it cares about. */
function pick(c: Classification, e: Expect): Partial<Classification> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e)) out[k] = c[k as keyof Classification];
  return out;
}

const LAB = ['xen-4.17-lab'];
const LOGS = [...LAB, 'var-log-xen'];
const OUT = ['xen-outputs'];

/** The record a parser would make of line `line` of a corpus file. */
function fromCorpus(
  parts: readonly string[],
  line: number,
  make: (lines: string[]) => LogRecord[],
): LogRecord {
  const text = corpusLine(parts, line);
  return { ...make([text])[0]!, line };
}

const xl = (name: string) => (lines: string[]) => xlLogRecords(lines, name);
const guest = (name: string) => (lines: string[]) => guestConsoleRecords(lines, name);

interface Row {
  readonly file: readonly string[];
  readonly line: number;
  readonly make: (lines: string[]) => LogRecord[];
  readonly expect: Expect;
}

const REAL: readonly Row[] = [
  // xl lifecycle (reference §5.2)
  {
    file: [...LOGS, 'xl-domu1.log'],
    line: 1,
    make: xl('domu1'),
    expect: { kind: 'domain_start', domid: 1, domain: 'domu1' },
  },
  { file: [...LOGS, 'xl-domu1.log'], line: 6, make: xl('domu1'), expect: { kind: 'other' } },
  {
    file: [...LOGS, 'xl-domu1.log'],
    line: 16,
    make: xl('domu1'),
    expect: { kind: 'crash', severity: 'critical', domid: 1, reason: 3 },
  },
  {
    file: [...LOGS, 'xl-domu1.log'],
    line: 17,
    make: xl('domu1'),
    expect: { kind: 'other', severity: 'info', reason: 3 },
  },
  {
    file: [...LOGS, 'xl-domu2.log'],
    line: 2,
    make: xl('domu2'),
    expect: { kind: 'crash', severity: 'critical', domid: 2, reason: 3 },
  },
  {
    file: [...LOGS, 'xl-domu2.log'],
    line: 4,
    make: xl('domu2'),
    expect: { kind: 'domain_destroy', domid: 2 },
  },
  {
    file: [...LOGS, 'xl-domu2.log'],
    line: 6,
    make: xl('domu2'),
    expect: { kind: 'domain_start', domid: 3, domain: 'domu2' },
  },
  {
    file: [...LOGS, 'xl-domu2.log'],
    line: 7,
    make: xl('domu2'),
    expect: { kind: 'shutdown', severity: 'info', domid: 3, reason: 0 },
  },
  {
    file: [...OUT, '009-lkml-2024-12-xl-log-qemu-dm-log-xen-4.19.1.txt'],
    line: 42,
    make: xl('t'),
    expect: { kind: 'shutdown', domid: 144, reason: 0 },
  },
  {
    file: [...OUT, '009-lkml-2024-12-xl-log-qemu-dm-log-xen-4.19.1.txt'],
    line: 44,
    make: xl('t'),
    expect: { kind: 'domain_destroy', domid: 144 },
  },
  // a mail quote mark in front does not hide the signature
  {
    file: [...OUT, '010-xendevel-2019-10-xl-log-windows-hvm-crash-reason3.txt'],
    line: 4,
    make: xl('soti.vm'),
    expect: { kind: 'crash', domid: 4, reason: 3 },
  },
  {
    file: [...OUT, '032-xendevel-2019-10-xl-vvv-log-shutdown-reason3-destroy.txt'],
    line: 17,
    make: xl('c'),
    expect: { kind: 'crash', domid: 1 },
  },
  // libxl's own `Domain 1:` debug lines are not lifecycle lines
  {
    file: [...OUT, '032-xendevel-2019-10-xl-vvv-log-shutdown-reason3-destroy.txt'],
    line: 13,
    make: xl('c'),
    expect: { kind: 'other' },
  },
  // hypervisor crash lines (§5.5), with and without a console stamp
  {
    file: [...OUT, '015-xendevel-2022-07-xl-dmesg-pci-passthrough-domain-crash.txt'],
    line: 12,
    make: hypervisorRecords,
    expect: { kind: 'crash', severity: 'critical' },
  },
  {
    file: [...OUT, '015-xendevel-2022-07-xl-dmesg-pci-passthrough-domain-crash.txt'],
    line: 13,
    make: hypervisorRecords,
    expect: { kind: 'crash', domid: 1 },
  },
  {
    file: [...OUT, '015-xendevel-2022-07-xl-dmesg-pci-passthrough-domain-crash.txt'],
    line: 11,
    make: hypervisorRecords,
    expect: { kind: 'other' },
  },
  {
    file: [...OUT, '020-xcpng-issue-562-nested-hvm-domain-crash.txt'],
    line: 8,
    make: hypervisorRecords,
    expect: { kind: 'crash' },
  },
  {
    file: [...OUT, '020-xcpng-issue-562-nested-hvm-domain-crash.txt'],
    line: 9,
    make: hypervisorRecords,
    expect: { kind: 'crash', domid: 24 },
  },
  {
    file: [...OUT, '022-qubes-mirage-firewall-pr96-pv-domain-crash-sync.txt'],
    line: 8,
    make: hypervisorRecords,
    expect: { kind: 'crash' },
  },
  {
    file: [...OUT, '022-qubes-mirage-firewall-pr96-pv-domain-crash-sync.txt'],
    line: 9,
    make: hypervisorRecords,
    expect: { kind: 'crash', domid: 3 },
  },
  {
    file: [...OUT, '024-qubes-issue-7935-l1tf-pv-domain-crash.txt'],
    line: 4,
    make: hypervisorRecords,
    expect: { kind: 'crash', domid: 31 },
  },
  {
    file: [...OUT, '030-xendevel-2025-07-arm64-dom0less-domain-create-xen-bug-panic.txt'],
    line: 5,
    make: hypervisorRecords,
    expect: { kind: 'oops' },
  },
  {
    file: [...OUT, '030-xendevel-2025-07-arm64-dom0less-domain-create-xen-bug-panic.txt'],
    line: 87,
    make: hypervisorRecords,
    expect: { kind: 'panic', severity: 'critical' },
  },
  { file: [...LAB, 'xl-dmesg-final.txt'], line: 3, make: hypervisorRecords, expect: { kind: 'other' } },
  // guest console (§5.6, §5.10)
  {
    file: [...LOGS, 'console', 'guest-domu1.log'],
    line: 262,
    make: guest('domu1'),
    expect: { kind: 'panic', severity: 'critical', domain: 'domu1' },
  },
  {
    file: [...LOGS, 'console', 'guest-domu1.log'],
    line: 256,
    make: guest('domu1'),
    expect: { kind: 'other' },
  },
  {
    file: [...LOGS, 'console', 'guest-domu1.log'],
    line: 261,
    make: guest('domu1'),
    expect: { kind: 'other' },
  },
  {
    file: [...LOGS, 'console', 'guest-domu2.log'],
    line: 539,
    make: guest('domu2'),
    expect: { kind: 'shutdown', domain: 'domu2' },
  },
  {
    file: [...LOGS, 'console', 'guest-domu2.log'],
    line: 184,
    make: guest('domu2'),
    expect: { kind: 'other' },
  },
  {
    file: [...OUT, '026-qubes-issue-6052-pv-guest-kernel-oops-xen-4.14.txt'],
    line: 2,
    make: dmesgRecords,
    expect: { kind: 'oops', severity: 'error' },
  },
  {
    file: [...OUT, '026-qubes-issue-6052-pv-guest-kernel-oops-xen-4.14.txt'],
    line: 6,
    make: dmesgRecords,
    expect: { kind: 'oops' },
  },
  // dom0 backends and bridge (§5.9)
  {
    file: [...LAB, 'dom0-dmesg-final.txt'],
    line: 447,
    make: dmesgRecords,
    expect: { kind: 'other', domid: 1, devid: 0 },
  },
  {
    file: [...LAB, 'dom0-dmesg-final.txt'],
    line: 449,
    make: dmesgRecords,
    expect: { kind: 'other', domid: 1, devid: 51712 },
  },
  {
    file: [...LAB, 'dom0-dmesg-final.txt'],
    line: 474,
    make: dmesgRecords,
    expect: { kind: 'other', severity: 'info', domid: 3, devid: 0 },
  },
  { file: [...LAB, 'dom0-dmesg-final.txt'], line: 209, make: dmesgRecords, expect: { kind: 'other' } },
  {
    file: [...OUT, '018-xendevel-2022-09-dom0-xen-blkback-warning-splat.txt'],
    line: 2,
    make: dmesgRecords,
    expect: { kind: 'other', domid: 17, devid: 0 },
  },
  {
    file: [...OUT, '018-xendevel-2022-09-dom0-xen-blkback-warning-splat.txt'],
    line: 6,
    make: dmesgRecords,
    expect: { kind: 'blk_error', severity: 'error', domid: 17, devid: 51712 },
  },
  {
    file: [...OUT, '018-xendevel-2022-09-dom0-xen-blkback-warning-splat.txt'],
    line: 9,
    make: dmesgRecords,
    expect: { kind: 'other', severity: 'warning' },
  },
  {
    file: [...OUT, '018-xendevel-2022-09-dom0-xen-blkback-warning-splat.txt'],
    line: 62,
    make: dmesgRecords,
    expect: { kind: 'other', domid: 17, devid: 0 },
  },
  // xenstored (§5.13): release events never name a domain; name writes do
  {
    file: [...LOGS, 'xenstored-access.log'],
    line: 31,
    make: xenstoredRecords,
    expect: { kind: 'other', domid: undefined, domain: undefined },
  },
  {
    file: [...LOGS, 'xenstored-access.log'],
    line: 588,
    make: xenstoredRecords,
    expect: { kind: 'other', severity: 'info', domid: undefined },
  },
  {
    file: [...LOGS, 'xenstored-access.log'],
    line: 75,
    make: xenstoredRecords,
    expect: { kind: 'other', severity: 'debug', domid: 1, domain: 'domu1' },
  },
  {
    file: [...LOGS, 'xenstored-access.log'],
    line: 1411,
    make: xenstoredRecords,
    expect: { domid: 3, domain: 'domu2' },
  },
  // `/vm/<uuid>/name` is not a domid's name
  {
    file: [...LOGS, 'xenstored-access.log'],
    line: 76,
    make: xenstoredRecords,
    expect: { kind: 'other', domain: undefined },
  },
];

describe('classify: real corpus lines', () => {
  it.each(REAL.map((r) => [`${r.file.at(-1)}:${r.line}`, r] as const))('%s', (_name, row) => {
    const c = classify(fromCorpus(row.file, row.line, row.make));
    expect(pick(c, row.expect)).toEqual(row.expect);
  });
});

/** Lines in the formats the reference documents (section in the name), for what the corpus lacks. */
const DOCUMENTED: readonly (readonly [string, string, Expect, Partial<LogRecord>?])[] = [
  ['§5.2 reason 1', 'Domain 7 has shut down, reason code 1 0x1', { kind: 'reboot', domid: 7, reason: 1 }],
  ['§5.2 reason 2', 'Domain 7 has shut down, reason code 2 0x2', { kind: 'other', domid: 7, reason: 2 }],
  [
    '§5.2 reason 4',
    'Domain 7 has shut down, reason code 4 0x4',
    { kind: 'watchdog', severity: 'critical', domid: 7 },
  ],
  ['§5.2 reason 5', 'Domain 7 has shut down, reason code 5 0x5', { kind: 'other', reason: 5 }],
  [
    '§5.2 reason -1',
    'Domain 7 has shut down, reason code -1 0xffffffff',
    { kind: 'other', severity: 'warning', reason: -1 },
  ],
  ['§5.2 destroyed', 'Domain 7 has been destroyed.', { kind: 'domain_destroy', domid: 7 }],
  [
    '§5.2 unknown code',
    'Unknown shutdown reason code 9. Destroying domain.',
    { kind: 'other', severity: 'warning', reason: 9 },
  ],
  [
    '§5.2 name with spaces',
    'Waiting for domain YDI test (domid 202) to die [pid 1]',
    { kind: 'domain_start', domain: 'YDI test', domid: 202 },
  ],
  ['§5.5 reported crashed', 'Domain 9 reported crashed by domain 0 on cpu#3:', { kind: 'crash', domid: 9 }],
  [
    '§5.5 triple fault',
    'd7v0 Triple fault - invoking HVM shutdown action 1',
    { kind: 'reboot', severity: 'critical', domid: 7 },
  ],
  [
    '§5.5 watchdog 4.17',
    'Watchdog timer fired for domain 5',
    { kind: 'watchdog', severity: 'critical', domid: 5 },
  ],
  ['§5.5 watchdog later', 'Watchdog timer 1 fired for d5', { kind: 'watchdog', domid: 5 }],
  [
    '§5.5 dom0 watchdog',
    'Hardware Dom0 shutdown: watchdog rebooting machine',
    { kind: 'watchdog', domid: 0, domain: 'Domain-0' },
  ],
  [
    '§5.5 dom0 crash',
    "Hardware Dom0 crashed: 'noreboot' set - not rebooting.",
    { kind: 'crash', severity: 'critical', domain: 'Domain-0', domid: 0 },
  ],
  ['§5.5 dom0 halt', 'Hardware Dom0 halted: halting machine', { kind: 'shutdown', domain: 'Domain-0' }],
  [
    'PoD current',
    'p2m_pod_demand_populate: Dom120 out of PoD memory! (tot=102411 ents=921600 dom120)',
    { kind: 'pod_exhausted', severity: 'critical', domid: 120 },
  ],
  [
    'PoD older',
    'p2m_pod_demand_populate: Dom79 out of PoD memory! (tot=66075 ents=983008)',
    { kind: 'pod_exhausted', domid: 79 },
  ],
  [
    'PoD stamped',
    '[2312934.000562] p2m_pod_demand_populate: Dom9 out of PoD memory! (tot=1048605 ents=992 dom0)',
    { kind: 'pod_exhausted', domid: 9 },
  ],
  [
    'PoD %pd form',
    'd4: Out of populate-on-demand memory! tot_pages 1 pod_entries 2',
    { kind: 'pod_exhausted', domid: 4 },
  ],
  ['§5.10 end panic', '---[ end Kernel panic - not syncing: Fatal exception ]---', { kind: 'other' }],
  ['§5.10 kernel BUG', 'kernel BUG at mm/slub.c:4122!', { kind: 'oops' }],
  ['§5.10 gpf', 'general protection fault: 0000 [#1] SMP NOPTI', { kind: 'oops', severity: 'error' }],
  [
    'user gpf',
    'traps: nginx[123] general protection fault ip:7f1 sp:7ff error:0 in libc.so.6',
    { kind: 'other' },
  ],
  [
    '§5.10 soft lockup',
    'watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:57]',
    { kind: 'soft_lockup' },
  ],
  ['§5.10 soft lockup bare', 'BUG: soft lockup - CPU#1 stuck for 23s! [a:1]', { kind: 'soft_lockup' }],
  ['§5.10 rcu stall', 'rcu: INFO: rcu_sched self-detected stall on CPU', { kind: 'soft_lockup' }],
  ['§5.10 rcu stall old', 'INFO: rcu_preempt detected stalls on CPUs/tasks:', { kind: 'soft_lockup' }],
  [
    '§5.10 hung task',
    'INFO: task jbd2/xvda1-8:150 blocked for more than 120 seconds.',
    { kind: 'hung_task' },
  ],
  [
    '§5.10 oom',
    'Out of memory: Killed process 812 (mysqld) total-vm:1kB, anon-rss:1kB',
    { kind: 'oom_kill', severity: 'error' },
  ],
  [
    '§5.10 oom old',
    'Out of memory: Kill process 812 (mysqld) score 900 or sacrifice child',
    { kind: 'oom_kill' },
  ],
  ['§5.10 oom old follow-up', 'Killed process 812 (mysqld) total-vm:1kB, anon-rss:1kB', { kind: 'other' }],
  ['§5.10 memcg oom', 'Memory cgroup out of memory: Killed process 9 (x) total-vm:1kB', { kind: 'oom_kill' }],
  [
    '§5.10 io current',
    'I/O error, dev sdb, sector 190811280 op 0x0:(READ) flags 0x80700 phys_seg 28 prio class 2',
    { kind: 'io_error' },
  ],
  [
    '§5.10 io 5.x',
    'blk_update_request: I/O error, dev xvda, sector 2048 op 0x1:(WRITE) flags 0x0',
    { kind: 'io_error' },
  ],
  ['§5.10 io 4.x', 'print_req_error: I/O error, dev xvdb, sector 12', { kind: 'io_error' }],
  ['§5.10 io 2.6', 'end_request: I/O error, dev sda, sector 77', { kind: 'io_error' }],
  ['§5.10 medium', 'critical medium error, dev sdb, sector 190811280 op 0x0:(READ)', { kind: 'io_error' }],
  ['§5.10 buffer', 'Buffer I/O error on dev xvda1, logical block 0, async page read', { kind: 'io_error' }],
  [
    '§5.10 ext4',
    'EXT4-fs error (device xvda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0',
    { kind: 'io_error' },
  ],
  ['§5.10 blkfront', 'blkfront: xvda: barrier or flush op failed', { kind: 'blk_error', severity: 'error' }],
  [
    '§5.10 blkfront fine',
    'blkfront: xvda: flush diskcache: enabled; persistent grants: enabled;',
    { kind: 'other' },
  ],
  [
    '§5.9 blkback open',
    'xen-blkback: xen_vbd_create: device 0000ca00 could not be opened',
    { kind: 'blk_error' },
  ],
  [
    '§5.9 vbd fatal',
    'vbd vbd-7-51712: 2 creating vbd structure',
    { kind: 'blk_error', domid: 7, devid: 51712 },
  ],
  [
    '§5.9 rx stalled',
    'vif vif-7-0 vif7.0: Guest Rx stalled',
    { kind: 'net_stall', severity: 'warning', domid: 7, devid: 0 },
  ],
  [
    '§5.9 fatal',
    'vif vif-7-1 vif7.1: fatal error; disabling device',
    { kind: 'net_stall', severity: 'error', domid: 7, devid: 1 },
  ],
  [
    '§5.9 fatal reason',
    'vif vif-7-0 vif7.0: Cross page boundary, txp->offset: 1, size: 2',
    { kind: 'other', domid: 7 },
  ],
  [
    '§5.11 kernel stamp kept',
    '[  501.840828] vif vif-7-0 vif7.0: fatal error; disabling device',
    { kind: 'net_stall', domid: 7 },
  ],
  ['reboot power down', 'reboot: Power down', { kind: 'shutdown', severity: 'info' }],
  ['reboot restart', 'reboot: Restarting system', { kind: 'reboot', severity: 'info' }],
  [
    '§5.8 mounted',
    '/etc/xen/scripts/block: Device /dev/dm-3 is mounted in a guest domain,#012and so cannot be mounted now.',
    { kind: 'other', severity: 'error' },
  ],
  [
    '§5.8 no bridge',
    'Could not find bridge device xenbr1',
    { kind: 'other', severity: 'error' },
    { source: 'hotplug' },
  ],
  [
    'unknown keeps severity',
    'something odd happened',
    { kind: 'other', severity: 'warning' },
    { severity: 'warning' },
  ],
  ['unknown defaults to info', 'something ordinary happened', { kind: 'other', severity: 'info' }],
];

describe('classify: documented formats', () => {
  const rows = DOCUMENTED.map(([name, message, expected, extra]) => ({ name, message, expected, extra }));
  it.each(rows)('$name', ({ message, expected, extra }) => {
    expect(pick(classify(rec(message, extra ?? {})), expected)).toEqual(expected);
  });
});

describe('classify: domains', () => {
  it('takes the file domain when the line names no other domid', () => {
    const c = classify(
      rec('[   54.347470] Kernel panic - not syncing: x', { source: 'console', domain: 'web01' }),
    );
    expect(c).toMatchObject({ kind: 'panic', domain: 'web01' });
  });

  it('does not pin a line about another domid on the file domain', () => {
    const c = classify(
      rec('Domain 9 has shut down, reason code 3 0x3', { source: 'xl', domain: 'web01', domid: 8 }),
    );
    expect(c.domid).toBe(9);
    expect(c.domain).toBeUndefined();
  });

  it('never gives @releaseDomain a domain, even from its record', () => {
    const c = classify(
      rec('A5 w event @releaseDomain domlist', { source: 'xenstored', domid: 3, domain: 'x' }),
    );
    expect(c.domid).toBeUndefined();
    expect(c.domain).toBeUndefined();
  });

  it("keeps xenstored's own severity for a registration echo", () => {
    const c = classify(rec('A5 w event @releaseDomain domlist', { source: 'xenstored', severity: 'debug' }));
    expect(c.severity).toBe('debug');
  });
});

describe('classify: whole lab files', () => {
  it('xenstored-access.log yields no crash-class event and no release event with a domain', () => {
    const records = xenstoredRecords(labLines('var-log-xen', 'xenstored-access.log'));
    expect(records).toHaveLength(2104);
    const classes = records.map(classify);
    expect(classes.filter((c) => CRASH_CLASS_KINDS.includes(c.kind))).toEqual([]);
    const releases = records.filter((r) => r.message.includes('@releaseDomain'));
    expect(releases).toHaveLength(22); // grep -c @releaseDomain: watch, unwatch and w event lines
    for (const r of releases) expect(classify(r).domid).toBeUndefined();
    // every domid → name write is recognised: Domain-0, domu1, domu2 twice
    const names = classes.filter((c) => c.domain !== undefined).map((c) => `${c.domid}=${c.domain}`);
    expect(names).toEqual(['0=Domain-0', '1=domu1', '2=domu2', '3=domu2']);
  });

  it('xl-domu2.log: crash of domid 2, start of domid 3, poweroff of domid 3', () => {
    const events = xlLogRecords(labLines('var-log-xen', 'xl-domu2.log'), 'domu2')
      .map((r) => ({ line: r.line, ...classify(r) }))
      .filter((c) => c.kind !== 'other');
    expect(events.map((e) => [e.line, e.kind, e.domid, e.reason])).toEqual([
      [1, 'domain_start', 2, undefined],
      [2, 'crash', 2, 3],
      [4, 'domain_destroy', 2, undefined],
      [6, 'domain_start', 3, undefined],
      [7, 'shutdown', 3, 0],
      [9, 'domain_destroy', 3, undefined],
    ]);
  });

  it('hypervisor.log of the lab (no crash in Xen itself) yields nothing but other', () => {
    const records = hypervisorRecords(labLines('var-log-xen', 'console', 'hypervisor.log'));
    expect(records.map(classify).filter((c) => c.kind !== 'other')).toEqual([]);
  });
});

describe('classify: properties', () => {
  const record = fc.record({
    message: fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        'Domain 99999999999999999999 has shut down, reason code 3 0x3',
        'Domain  has shut down, reason code ',
        '(XEN) [',
        '[[[[',
        '(XEN)',
        'vif vif-',
        'xenbr0: port 1(vif',
        'A5 w event @releaseDomain',
      ),
    ),
    source: fc.constantFrom(...EVENT_SOURCES),
    severity: fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }),
    domid: fc.option(fc.nat(), { nil: undefined }),
    domain: fc.option(fc.string(), { nil: undefined }),
  });

  it('never throws and answers from the closed sets', () => {
    fc.assert(
      fc.property(record, (r) => {
        const c = classify(rec(r.message, r));
        expect(EVENT_KINDS).toContain(c.kind);
        expect(SEVERITIES).toContain(c.severity);
        if (c.domid !== undefined) expect(Number.isSafeInteger(c.domid)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('text that only mentions a signature mid-line is not that event', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,10}$/), (junk) => {
        expect(classify(rec(`${junk} Kernel panic - not syncing: x`)).kind).toBe('other');
      }),
    );
  });
});
