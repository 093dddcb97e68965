import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, createFolder, type FolderOptions } from '../../src/logs/index.js';
import type { LogRecord } from '../../src/model/index.js';
import { CRASH_CLASS_KINDS } from '../../src/model/index.js';
import {
  corpusLines,
  dmesgRecords,
  guestConsoleRecords,
  hypervisorRecords,
  labLines,
  rec,
} from './log-records.js';

function fold(records: readonly LogRecord[], options?: FolderOptions): LogRecord[] {
  const folder = createFolder(options);
  const out: LogRecord[] = [];
  for (const r of records) out.push(...folder.push(r));
  out.push(...folder.flush());
  return out;
}

/** Every message in output order, heads followed by their detail: must equal the input's. */
function unfold(records: readonly LogRecord[]): string[] {
  return records.flatMap((r) => [r.message, ...(r.detail ?? [])]);
}

describe('folding the lab guest consoles', () => {
  it('guest-domu1.log: one panic (line 262) carrying its call trace, no other crash-class event', () => {
    const input = guestConsoleRecords(labLines('var-log-xen', 'console', 'guest-domu1.log'), 'domu1');
    expect(input).toHaveLength(297);
    const out = fold(input);
    expect(unfold(out)).toEqual(input.map((r) => r.message));
    const panics = out.filter((r) => classify(r).kind === 'panic');
    expect(panics).toHaveLength(1);
    const panic = panics[0]!;
    expect(panic.line).toBe(262);
    expect(panic.message).toContain('Kernel panic - not syncing: sysrq triggered crash');
    // lines 263-297: CPU line, Call Trace, frames, registers, </TASK>, Kernel Offset
    expect(panic.detail).toHaveLength(35);
    expect(panic.detail![1]).toContain('Call Trace:');
    expect(panic.detail!.some((l) => l.includes('sysrq_handle_crash+0x16/0x20'))).toBe(true);
    expect(panic.detail!.at(-1)).toContain('Kernel Offset: disabled');
    const crashClass = out.map(classify).filter((c) => CRASH_CLASS_KINDS.includes(c.kind));
    expect(crashClass).toHaveLength(1);
    // the orphan `Code:` line after the segfault (line 257) stays a record of its own
    expect(out.find((r) => r.line === 257)?.message).toContain('Code: 48 03 04 25');
  });

  it('guest-domu2.log: a panic (line 251) before the restart, then an orderly halt (line 539)', () => {
    const input = guestConsoleRecords(labLines('var-log-xen', 'console', 'guest-domu2.log'), 'domu2');
    const out = fold(input);
    expect(unfold(out)).toEqual(input.map((r) => r.message));
    const events = out
      .map((r) => ({ line: r.line, kind: classify(r).kind, detail: r.detail?.length ?? 0 }))
      .filter((e) => e.kind !== 'other');
    expect(events).toEqual([
      { line: 251, kind: 'panic', detail: 42 },
      { line: 539, kind: 'shutdown', detail: 0 },
    ]);
  });
});

describe('folding real-world pastes', () => {
  it('020 (XCP-ng #562): the crash line at 9 takes the banner and registers; the orphan dump before it stays', () => {
    const input = hypervisorRecords(
      corpusLines('xen-outputs', '020-xcpng-issue-562-nested-hvm-domain-crash.txt'),
    );
    const out = fold(input);
    expect(unfold(out)).toEqual(input.map((r) => r.message));
    const crash = out.find((r) => r.line === 9)!;
    expect(crash.detail).toHaveLength(9);
    expect(crash.detail![0]).toContain('----[ Xen-4.13.4-9.24.1');
    // lines 2-7 are the tail of an earlier dump with no head in the excerpt
    expect(out.filter((r) => r.line >= 2 && r.line <= 7)).toHaveLength(6);
    expect(out.find((r) => r.line === 8)?.detail).toBeUndefined();
  });

  it('030 (Arm Xen BUG): the BUG at line 5 takes the dump and stack; Panic on CPU (87) heads its own frame', () => {
    const input = hypervisorRecords(
      corpusLines('xen-outputs', '030-xendevel-2025-07-arm64-dom0less-domain-create-xen-bug-panic.txt'),
    );
    const out = fold(input);
    expect(unfold(out)).toEqual(input.map((r) => r.message));
    const bug = out.find((r) => r.line === 5)!;
    expect(classify(bug).kind).toBe('oops');
    expect(bug.detail!.some((l) => l.includes('Xen call trace:'))).toBe(true);
    expect(bug.detail!.some((l) => l.includes('create_domUs+0x7f8/0x8cc'))).toBe(true);
    const panic = out.find((r) => r.line === 87)!;
    expect(classify(panic).kind).toBe('panic');
    expect(panic.detail).toEqual([
      'Xen BUG at drivers/passthrough/arm/iommu_helpers.c:49',
      '****************************************',
      '',
      'Reboot in five seconds...',
    ]);
  });

  it('018 (blkback WARNING splats): each block ends at its end-trace marker', () => {
    const input = dmesgRecords(
      corpusLines('xen-outputs', '018-xendevel-2022-09-dom0-xen-blkback-warning-splat.txt'),
    );
    const out = fold(input);
    expect(unfold(out)).toEqual(input.map((r) => r.message));
    const warnings = out.filter((r) => r.message.startsWith('WARNING:'));
    expect(warnings.map((w) => [w.line, w.detail?.length])).toEqual([
      [9, 25],
      [36, 25],
    ]);
    expect(warnings[0]!.detail!.at(-1)).toBe('---[ end trace 0000000000000000 ]---');
    // the lines after the splats are events of their own again
    expect(classify(out.find((r) => r.line === 62)!)).toMatchObject({ kind: 'other', domid: 17 });
  });

  it('026 (Qubes PV oops): BUG head takes #PF, PGD, Oops and registers', () => {
    const input = dmesgRecords(
      corpusLines('xen-outputs', '026-qubes-issue-6052-pv-guest-kernel-oops-xen-4.14.txt'),
    );
    const out = fold(input);
    expect(out.map((r) => r.line)).toEqual([1, 2]);
    expect(out[1]!.detail).toHaveLength(9);
    expect(classify(out[1]!).kind).toBe('oops');
  });
});

describe('folding limits', () => {
  const head = rec('Kernel panic - not syncing: Fatal exception', { line: 1, ts: 1000 });
  const trace = (n: number, extra: Partial<LogRecord> = {}) =>
    Array.from({ length: n }, (_, i) => rec(` func${i}+0x1/0x20`, { line: i + 2, ts: 1000, ...extra }));

  it('keeps at most maxLines; the rest pass through, nothing is lost', () => {
    const input = [head, ...trace(5)];
    const out = fold(input, { maxLines: 3 });
    expect(out[0]!.detail).toHaveLength(3);
    expect(out).toHaveLength(3);
    expect(unfold(out)).toEqual(input.map((r) => r.message));
  });

  it('stops at a change of source or domain, or a jump in time', () => {
    for (const extra of [{ source: 'kernel' as const }, { domain: 'other' }, { ts: 60_000 }]) {
      const out = fold([head, ...trace(2, extra)]);
      expect(out[0]!.detail).toBeUndefined();
      expect(out).toHaveLength(3);
    }
  });

  it('stops at a line that is a new message', () => {
    const out = fold([head, ...trace(2), rec('eth0: link up', { line: 9, ts: 1000 })]);
    expect(out.map((r) => r.detail?.length ?? 0)).toEqual([2, 0]);
  });

  it('a new head closes the open block', () => {
    const oops = rec('Oops: 0000 [#1] SMP', { line: 1, ts: 1 });
    const out = fold([oops, ...trace(2), head, ...trace(1)]);
    expect(out.map((r) => [r.message.slice(0, 6), r.detail?.length])).toEqual([
      ['Oops: ', 2],
      ['Kernel', 1],
    ]);
  });

  it('keeps detail a parser already attached', () => {
    const out = fold([{ ...head, detail: ['earlier'] }, ...trace(1)]);
    expect(out[0]!.detail).toEqual(['earlier', ' func0+0x1/0x20']);
  });
});

describe('folding: properties', () => {
  const pieces = [
    'Kernel panic - not syncing: x',
    'Oops: 0002 [#1] SMP',
    'BUG: unable to handle page fault for address: 0',
    'INFO: task a:1 blocked for more than 120 seconds.',
    'WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2',
    'Domain 3 (vcpu#0) crashed on cpu#1:',
    '----[ Xen-4.17.7  x86_64  debug=n  Not tainted ]----',
    'RIP:    e033:[<0000000000000000>]',
    'rax: 0000000000000000   rbx: 0000000000000000',
    'Call Trace:',
    ' <TASK>',
    ' ? f+0x1/0x2',
    'g+0x10/0x20',
    '---[ end trace 0000000000000000 ]---',
    'Code: 48 8b',
    '',
    'eth0: link up',
    'Domain 3 has shut down, reason code 3 0x3',
  ];
  const line = fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 30 }));
  const records = fc
    .array(
      fc.record({
        message: line,
        source: fc.constantFrom('console' as const, 'hypervisor' as const),
        dt: fc.nat({ max: 3000 }),
      }),
      { maxLength: 80 },
    )
    .map((rows) => {
      let ts = 0;
      return rows.map((r, i) => rec(r.message, { source: r.source, line: i + 1, ts: (ts += r.dt) }));
    });

  it('never drops, duplicates or reorders a line (heads + detail = input)', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 1, max: 300 }), (input, maxLines) => {
        const out = fold(input, { maxLines });
        expect(unfold(out)).toEqual(input.map((r) => r.message));
        const heads = out.length;
        const details = out.reduce((n, r) => n + (r.detail?.length ?? 0), 0);
        expect(heads + details).toBe(input.length);
        // records come out in line order
        const lines = out.map((r) => r.line);
        expect(lines).toEqual([...lines].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });
});
