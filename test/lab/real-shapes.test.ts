/**
 * The lab cannot drift from reality unnoticed: per line kind, every token shape the lab writes
 * must be one the real Xen 4.17 host wrote (`../shared/corpus/xen-4.17-lab/`), or — for the few
 * messages that capture never saw — one of the documented formats listed below with their source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabSummary } from '../../src/lab/index.js';
import { labPath, linesOf, listFilesRecursive } from '../helpers/shared.js';
import { generateSmall, readLines } from './lab-fixture.js';
import { shapesByKind, tokenShape, unseen, xentopShape } from './shapes.js';

const REAL_NAMES = ['domu1', 'domu2', 'Domain-0', 'dom0', 'Pool-0'];

interface Tree {
  dir: string;
  summary: LabSummary;
  names: string[];
  cleanup: () => void;
}

const trees: Tree[] = [];

function labNames(s: LabSummary): string[] {
  const guests = s.files
    .filter((f) => f.path.startsWith('etc/xen/'))
    .map((f) => f.path.slice('etc/xen/'.length, -'.cfg'.length));
  return [...guests, 'Domain-0', s.host, 'Pool-0'];
}

/** Lab lines of one relative path across all generated trees (with each tree's names). */
function labLines(match: (rel: string) => boolean): { line: string; names: string[] }[] {
  const out: { line: string; names: string[] }[] = [];
  for (const t of trees) {
    for (const f of t.summary.files)
      if (match(f.path)) for (const line of readLines(t.dir, f.path)) out.push({ line, names: t.names });
  }
  return out;
}

function realLines(...parts: string[]): string[] {
  return linesOf(readFileSync(labPath(...parts), 'utf8')).filter((l) => !l.startsWith('# '));
}

beforeAll(async () => {
  // Scenarios chosen to make every kind of line: disk hangs with a watchdog, panics, PoD, lockups.
  const runs: [string, number, Record<string, unknown>][] = [
    ['story', 1, {}],
    ['noisy-disk', 2, { recordDelaySeconds: 30, failureMode: 'watchdog' }],
    ['mem-pod', 3, {}],
    ['cpu-overcommit', 4, { recordDelaySeconds: 30, failureMode: 'panic' }],
    ['net-flood', 5, { domains: 14 }],
    ['no-cause', 6, {}],
  ];
  for (const [scenario, seed, extra] of runs) {
    const g = await generateSmall(scenario, seed, extra);
    trees.push({ ...g, names: labNames(g.summary) });
  }
});

afterAll(() => {
  for (const t of trees) t.cleanup();
});

describe('xentop capture', () => {
  const kindOf = (l: string) =>
    /^\s*NAME\s+STATE/.test(l)
      ? 'header'
      : l.startsWith('Net')
        ? 'net'
        : l.startsWith('VBD ')
          ? 'vbd'
          : /^\d{4}-/.test(l)
            ? null
            : 'row';

  it('has only header, row, Net and VBD shapes of the real capture', () => {
    const real = [
      'xentop-b-n-x-during-domu1.txt',
      'xentop-b-n-x-during-domu2.txt',
      'xentop-b-n-x-after-domu1-crash.txt',
      'xentop-b-f-d2-during-domu1.txt',
    ].flatMap((f) => realLines(f));
    const realShapes = shapesByKind(real, kindOf, (l) => xentopShape(l, REAL_NAMES));
    expect(realShapes.get('row')!.size).toBeGreaterThan(0);
    const lab = labLines((p) => p === 'captures/xentop.txt');
    expect(lab.length).toBeGreaterThan(1000);
    const labShapes = new Map<string, Set<string>>();
    for (const { line, names } of lab) {
      const k = kindOf(line);
      if (k === null) continue;
      if (!labShapes.has(k)) labShapes.set(k, new Set());
      labShapes.get(k)!.add(xentopShape(line, names));
    }
    expect([...labShapes.keys()].sort()).toEqual(['header', 'net', 'row', 'vbd']);
    expect(unseen(labShapes, realShapes)).toEqual([]);
  });

  it('precedes every header with a `date -Iseconds` line and right-aligns every column under its title', () => {
    const lab = readLines(trees[0]!.dir, 'captures/xentop.txt');
    let header: string | null = null;
    for (let i = 0; i < lab.length; i++) {
      const l = lab[i]!;
      if (/^\s*NAME\s+STATE/.test(l)) {
        expect(lab[i - 1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
        header = l;
        continue;
      }
      if (header === null || /^\d{4}-/.test(l) || l.startsWith('Net') || l.startsWith('VBD ')) continue;
      // Every field of a row ends where its title ends (xentop prints both with the same widths).
      const ends = (s: string) => [...s.matchAll(/\S+/g)].map((m) => m.index! + m[0].length);
      expect(ends(l)).toEqual(ends(header));
    }
  });
});

describe('xl-<name>.log', () => {
  it('writes only line shapes the real xl monitor wrote', () => {
    const real = [...realLines('var-log-xen', 'xl-domu1.log'), ...realLines('var-log-xen', 'xl-domu2.log')];
    const realShapes = shapesByKind(
      real,
      () => 'xl',
      (l) => tokenShape(l, REAL_NAMES),
    );
    const lab = labLines((p) => /^var\/log\/xen\/xl-.*\.log$/.test(p));
    expect(lab.length).toBeGreaterThan(30);
    const labShapes = new Map([['xl', new Set(lab.map(({ line, names }) => tokenShape(line, names)))]]);
    expect(unseen(labShapes, realShapes)).toEqual([]);
    // The crash path is really there: reason code 3 and the restart, and a watchdog's code 4.
    const texts = lab.map((x) => x.line);
    expect(texts.some((l) => / has shut down, reason code 3 0x3$/.test(l))).toBe(true);
    expect(texts.some((l) => / has shut down, reason code 4 0x4$/.test(l))).toBe(true);
    expect(texts).toContain('Done. Rebooting now');
  });
});

describe('xenstored-access.log', () => {
  const conn = (c: string) =>
    /^r\(\d+\):A\d+\.\d+$/.test(c)
      ? 'R'
      : /^A\d+\.\d+$/.test(c)
        ? 'A.T'
        : /^A\d+$/.test(c)
          ? 'A'
          : /^D\d+$/.test(c)
            ? 'D'
            : c;
  const shape = (l: string, names: readonly string[]) => {
    const m = /^\[(\d{8}T\d\d:\d\d:\d\d\.\d{3}Z)\] {2}(\S+)\s+(w event|\S+)\s*(.*)$/.exec(l);
    if (!m) return `UNPARSED ${l}`;
    // Keep the trailing space oxenstored prints after paths with an empty value and after watch tokens.
    const trailing = l.endsWith(' ') ? ' <sp>' : '';
    // The guest type libxl records is an enumeration (the capture only had PV guests).
    const rest = m[4]!.replace(/^(\/libxl\/\d+\/type) (?:pv|pvh|hvm)$/, '$1 TYPE');
    return `${conn(m[2]!)} ${m[3]} ${tokenShape(rest, names)}${trailing}`;
  };

  it('writes only line shapes the real oxenstored wrote, with its column layout', () => {
    const real = realLines('var-log-xen', 'xenstored-access.log');
    const realShapes = shapesByKind(
      real,
      () => 'xs',
      (l) => shape(l, REAL_NAMES),
    );
    const lab = labLines((p) => p === 'var/log/xen/xenstored-access.log');
    expect(lab.length).toBeGreaterThan(200);
    const labShapes = new Map([['xs', new Set(lab.map(({ line, names }) => shape(line, names)))]]);
    expect(unseen(labShapes, realShapes)).toEqual([]);
    for (const { line } of lab) expect(line).toMatch(/^\[\d{8}T\d\d:\d\d:\d\d\.\d{3}Z\] {2}\S+ {1,12}\S/);
    // A death is visible only as @releaseDomain events, never naming the domain.
    expect(lab.some(({ line }) => /A5 +w event +@releaseDomain domlist $/.test(line))).toBe(true);
  });
});

describe('guest consoles', () => {
  // Real messages with fixed structure; the lab's line of the same kind must fit the same pattern.
  const KINDS: [string, RegExp][] = [
    ['panic', /^Kernel panic - not syncing: .+$/],
    ['cpu', /^CPU: \d+ PID: \d+ Comm: \S+ Not tainted \S+ #\d+ {2}Debian \S+$/],
    ['call-trace', /^Call Trace:$/],
    ['task', /^ <\/?TASK>$/],
    ['frame', /^ (?:\? )?[\w.]+\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[\w+\])?$/],
    ['offset', /^Kernel Offset: disabled$/],
    [
      'linux',
      /^Linux version \S+ \(debian-kernel@lists\.debian\.org\) \(gcc-12 \(Debian [^)]+\) [\d.]+, GNU ld \(GNU Binutils for Debian\) [\d.]+\) #1 SMP PREEMPT_DYNAMIC Debian \S+ \(\d{4}-\d\d-\d\d\)$/,
    ],
    ['cmdline', /^(?:Kernel c|C)ommand line: .+$/],
    ['xen-mem', /^Xen: \[mem 0x[0-9a-f]{16}-0x[0-9a-f]{16}\] (?:usable|reserved)$/],
    [
      'fixed',
      /^(?:ACPI in unprivileged domain disabled|Released 0 page\(s\)|BIOS-provided physical RAM map:|NX \(Execute Disable\) protection: active|Hypervisor detected: Xen PV|printk: console \[hvc0\] enabled|Run \/init as init process|NET: Registered PF_NETLINK\/PF_ROUTE protocol family|xen_netfront: Initialising Xen virtual ethernet driver|xen_netfront: backend supports XDP headroom)$/,
    ],
    ['tsc', /^tsc: Detected [\d.]+ MHz processor$/],
    ['smpboot', /^smpboot: Allowing \d+ CPUs, 0 hotplug CPUs$/],
    [
      'memory',
      /^Memory: \d+K\/\d+K available \(\d+K kernel code, \d+K rwdata, \d+K rodata, \d+K init, \d+K bss, \d+K reserved, 0K cma-reserved\)$/,
    ],
    ['freeing', /^Freeing unused kernel image \(initmem\) memory: \d+K$/],
    [
      'blkfront',
      /^blkfront: xvd[a-z]+: flush diskcache: enabled; persistent grants: enabled; indirect descriptors: enabled; bounce buffer: enabled$/,
    ],
    [
      'segfault',
      /^\S+\[\d+\]: segfault at \d+ ip [0-9a-f]{16} sp [0-9a-f]{16} error \d+ in \S+\[[0-9a-f]+\+[0-9a-f]+\] likely on CPU \d+ \(core \d+, socket \d+\)$/,
    ],
  ];
  // Documented Linux 6.1 messages the QEMU capture never printed (reference §5.10 and the kernel
  // sources named there): hung tasks, soft lockups, an ext4 abort, a NULL dereference oops.
  const DOCUMENTED: RegExp[] = [
    /^INFO: task \S+:\d+ blocked for more than \d+ seconds\.$/,
    /^ {6}Not tainted \S+ #\d+ {2}Debian \S+$/,
    /^"echo 0 > \/proc\/sys\/kernel\/hung_task_timeout_secs" disables this message\.$/,
    /^task:.{15} state:D stack:\d+ +pid:\d+ +ppid:\d+ +flags:0x[0-9a-f]{8}$/,
    /^watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s! \[\S+:\d+\]$/,
    /^ <\/?IRQ>$/,
    /^EXT4-fs error \(device xvd[a-z]+\): \w+:\d+: comm \S+: Detected aborted journal$/,
    /^EXT4-fs \(xvd[a-z]+\): mounted filesystem with ordered data mode\. Quota mode: none\.$/,
    /^BUG: kernel NULL pointer dereference, address: [0-9a-f]{16}$/,
    /^#PF: supervisor read access in kernel mode$/,
    /^#PF: error_code\(0x[0-9a-f]{4}\) - not-present page$/,
    /^Oops: [0-9a-f]{4} \[#\d+\] PREEMPT SMP NOPTI$/,
    /^RIP: e030:[\w.]+\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[\w+\])?$/,
    /^Hypervisor detected: Xen HVM$/,
  ];
  const ENVELOPE =
    /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] (?:Logfile Opened|\[[ \d]{5,}\.\d{6}\] (.*)\r|[^\r]*\r)$/;

  it('every real kind pattern matches the real capture (the patterns are not invented)', () => {
    const real = [
      ...realLines('var-log-xen', 'console', 'guest-domu1.log'),
      ...realLines('var-log-xen', 'console', 'guest-domu2.log'),
    ];
    const msgs = real
      .map((l) => /^\[[^\]]+\] \[[ \d.]+\] (.*)\r$/.exec(l)?.[1])
      .filter((m): m is string => m !== undefined);
    for (const [kind, re] of KINDS)
      expect(
        msgs.some((m) => re.test(m)),
        kind,
      ).toBe(true);
    for (const l of real) expect(l).toMatch(ENVELOPE);
  });

  it('writes lines in the xenconsoled envelope whose messages are real or documented', () => {
    const lab = labLines((p) => p.startsWith('var/log/xen/console/guest-'));
    expect(lab.length).toBeGreaterThan(500);
    const bad: string[] = [];
    const kindsSeen = new Set<string>();
    for (const { line } of lab) {
      const m = ENVELOPE.exec(line);
      if (!m) {
        bad.push(`envelope: ${JSON.stringify(line)}`);
        continue;
      }
      const msg = m[1];
      if (msg === undefined) continue; // Logfile Opened, or userland output (login prompt)
      const kind = KINDS.find(([, re]) => re.test(msg));
      if (kind) kindsSeen.add(kind[0]);
      else if (!DOCUMENTED.some((re) => re.test(msg))) bad.push(`message: ${JSON.stringify(msg)}`);
    }
    expect(bad).toEqual([]);
    expect(kindsSeen).toContain('panic');
    expect(kindsSeen).toContain('frame');
  });
});

describe('dom0 kern.log', () => {
  const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 \S+ kernel: (.*)$/;
  // netback's stall message (reference §5.9); the QEMU lab never stalled a vif.
  const DOCUMENTED = [/^vif vif-\d+-\d+ vif\d+\.\d+: Guest Rx stalled$/];

  it('writes Debian 12 rsyslog lines whose messages have the shapes of the real dom0 dmesg', () => {
    const real = realLines('dom0-dmesg-final.txt')
      .map((l) => /^\[[ \d.]+\] (.*)$/.exec(l)?.[1])
      .filter((m): m is string => m !== undefined);
    const realShapes = new Set(real.map((m) => tokenShape(m, REAL_NAMES)));
    const lab = labLines((p) => p === 'var/log/kern.log');
    expect(lab.length).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const { line, names } of lab) {
      const m = RFC3339.exec(line);
      if (!m) {
        bad.push(`envelope: ${line}`);
        continue;
      }
      const shape = tokenShape(m[1]!, names);
      if (!realShapes.has(shape) && !DOCUMENTED.some((re) => re.test(m[1]!))) bad.push(`shape: ${shape}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('hypervisor.log', () => {
  // Xen's own crash messages (reference §5.5; the PoD line from xen/arch/x86/mm/p2m-pod.c).
  const DOCUMENTED = [
    /^p2m_pod_demand_populate: Dom\d+ out of PoD memory! \(tot=\d+ ents=\d+ dom\d+\)$/,
    /^domain_crash called from p2m-pod\.c:\d+$/,
    /^Domain \d+ \(vcpu#\d+\) crashed on cpu#\d+:$/,
    /^----\[ Xen-[\d.]+ {2}x86_64 {2}debug=n {2}Not tainted \]----$/,
    /^CPU: {4}\d+$/,
    /^RIP: {4}0010:\[<[0-9a-f]{16}>\]$/,
    /^RFLAGS: [0-9a-f]{16} {3}CONTEXT: hvm guest \(d\d+v\d+\)$/,
    /^Watchdog timer fired for domain \d+$/,
  ];

  it('stamps every line like xenconsoled and writes boot lines of real shape and documented crash lines', () => {
    const real = realLines('var-log-xen', 'console', 'hypervisor.log');
    const env = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] (?:Logfile Opened|\(XEN\) (.*))$/;
    const realShapes = new Set(
      real
        .map((l) => env.exec(l)?.[1])
        .filter((m): m is string => m !== undefined)
        .map((m) => tokenShape(m, REAL_NAMES)),
    );
    const lab = labLines((p) => p === 'var/log/xen/console/hypervisor.log');
    const bad: string[] = [];
    let pod = 0;
    let watchdog = 0;
    for (const { line, names } of lab) {
      const m = env.exec(line);
      if (!m) {
        bad.push(`envelope: ${line}`);
        continue;
      }
      if (m[1] === undefined) continue;
      if (m[1].includes('out of PoD memory!')) pod++;
      if (m[1].startsWith('Watchdog timer fired')) watchdog++;
      if (!realShapes.has(tokenShape(m[1], names)) && !DOCUMENTED.some((re) => re.test(m[1]!)))
        bad.push(`shape: ${m[1]}`);
    }
    expect(bad).toEqual([]);
    expect(pod).toBeGreaterThan(0);
    expect(watchdog).toBeGreaterThan(0);
  });

  it('has no hypervisor line for a PV guest crash', () => {
    const story = trees[0]!;
    const text = readFileSync(join(story.dir, 'var/log/xen/console/hypervisor.log'), 'utf8');
    expect(story.summary.truth.incidents.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/domain_crash|crashed on cpu|Watchdog/);
  });
});

describe('lvs', () => {
  it('lays out columns like the real `lvs -a -o +devices`', () => {
    const real = realLines('lvs.txt');
    const lab = readLines(trees[0]!.dir, 'captures/lvs.txt');
    expect(tokenShape(lab[0]!, [])).toBe(tokenShape(real[0]!, []));
    // Devices starts in the same column as its heading, in the real file and in the lab's.
    for (const lines of [real, lab]) {
      const col = lines[0]!.indexOf('Devices');
      for (const l of lines.slice(1)) expect(l.slice(col)).toMatch(/^\/dev\/\w+\(\d+\)\s*$/);
    }
    expect(listFilesRecursive(trees[0]!.dir).length).toBeGreaterThan(0);
  });
});
