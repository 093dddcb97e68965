/**
 * `xenscope import` and `xenscope events` run as a user would, on the real output of a Xen 4.17
 * host (../shared/corpus/xen-4.17-lab).
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath } from '../helpers/shared.js';

interface JsonEvent {
  ts: string;
  tsSource: string;
  domain: string | null;
  source: string;
  kind: string;
  message: string;
  file: string;
  line: number;
}

function eventsOf(db: string, ...args: string[]): JsonEvent[] {
  const r = xenscope(['events', '--db', db, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonEvent);
}

async function seriesValues(db: string, domain: string, metric: string, device?: string) {
  const store = await openStore(`duckdb:${db}`);
  try {
    const w = await store.readSeries(
      { domain, metric, ...(device !== undefined ? { device } : {}) },
      0,
      Number.POSITIVE_INFINITY,
    );
    expect(w, `${domain} ${metric}`).toHaveLength(1);
    return [...w[0]!.ts].map((t, i) => ({ ts: new Date(t).toISOString(), value: w[0]!.values[i]! }));
  } finally {
    await store.close();
  }
}

describe('import of the real var-log-xen', () => {
  const db = tempDb();
  const first = xenscope(['import', labPath('var-log-xen'), '--db', db, '--json']);

  it('exits 0 and reports every file in the JSON shape of design.md', () => {
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['files', 'samples', 'events', 'configs', 'from', 'to']),
    );
    const byName = Object.fromEntries(out.files.map((f: { path: string }) => [f.path.split('/').pop(), f]));
    expect(byName['xenstored-access.log']).toMatchObject({
      format: 'xenstored-access',
      lines: 2104,
      skipped: 0,
    });
    expect(byName['xl-domu1.log']).toMatchObject({ format: 'xl-log', lines: 27, skipped: 0 });
    expect(byName['guest-domu1.log']).toMatchObject({ format: 'console', lines: 297, skipped: 0 });
    expect(byName['xenstored.log']).toMatchObject({ status: 'unrecognised' });
    expect(out.events).toBeGreaterThan(3000);
  });

  it('finds domu1 (domid 1, preserved) crashing at 12:28:08, timed by console and xenstored', () => {
    const ev = eventsOf(db, '--domain', 'domu1', '--kind', 'crash', 'panic');
    expect(ev.map((e) => [e.ts, e.source, e.kind, e.tsSource])).toEqual([
      ['2026-11-26T12:28:08Z', 'console', 'panic', 'line'],
      ['2026-11-26T12:28:08.128Z', 'xl', 'crash', 'neighbour'],
    ]);
    expect(ev[1]!.message).toBe('Domain 1 has shut down, reason code 3 0x3');
  });

  it('prints the text timeline in aligned columns, whether a time has milliseconds or not', () => {
    const r = xenscope(['events', '--db', db, '--kind', 'crash', 'panic', 'domain_destroy']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.some((l) => l.startsWith('2026-11-26T12:28:08Z '))).toBe(true);
    expect(lines.some((l) => l.startsWith('2026-11-26T12:28:08.128Z '))).toBe(true);
    // host and severity start at the same column on every line
    expect(new Set(lines.map((l) => l.indexOf('localhost'))).size).toBe(1);
    expect(new Set(lines.map((l) => l.search(/ (critical|error|warning|info|notice|debug) /))).size).toBe(1);
  });

  it('finds domu2 (domid 2) crashing at 12:29:20 and its restart as domid 3 powering off cleanly', () => {
    const ev = eventsOf(db, '--domain', 'domu2', '--kind', 'crash', 'panic', 'shutdown', 'domain_start');
    expect(ev.map((e) => [e.ts, e.source, e.kind])).toEqual([
      ['2026-11-26T12:28:31.043Z', 'xl', 'domain_start'],
      ['2026-11-26T12:29:20Z', 'console', 'panic'],
      ['2026-11-26T12:29:20.213Z', 'xl', 'crash'],
      ['2026-11-26T12:29:25.512Z', 'xl', 'domain_start'],
      ['2026-11-26T12:30:02Z', 'console', 'shutdown'],
      ['2026-11-26T12:30:02.394Z', 'xl', 'shutdown'],
    ]);
    expect(ev[3]!.message).toContain('(domid 3)');
    expect(ev.filter((e) => e.kind === 'crash' && e.ts > '2026-11-26T12:29:30Z')).toEqual([]);
  });

  it('never pins xenstored @releaseDomain on a domain', () => {
    const ev = eventsOf(db, '--all').filter(
      (e) => e.source === 'xenstored' && e.message.includes('@releaseDomain'),
    );
    expect(ev.length).toBeGreaterThan(10);
    expect(ev.every((e) => e.domain === null && e.kind === 'other')).toBe(true);
  });

  it('adds nothing when the same files are imported again, even under another name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-copy-'));
    copyFileSync(labPath('var-log-xen', 'xl-domu1.log'), join(dir, 'renamed.log'));
    const again = xenscope(['import', labPath('var-log-xen'), dir, '--db', db, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout);
    expect(out.events).toBe(0);
    expect(out.samples).toBe(0);
    expect(out.files.filter((f: { status: string }) => f.status === 'already-imported')).toHaveLength(7);
  });
});

describe('import of the real xentop and sysfs captures', () => {
  it('places a xentop capture without date lines with --start/--interval; values are the capture’s', async () => {
    const db = tempDb();
    const r = xenscope([
      'import',
      labPath('xentop-b-n-x-during-domu1.txt'),
      '--db',
      db,
      '--start',
      '2026-11-26T12:27:20Z',
      '--interval',
      '1',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const mem = await seriesValues(db, 'domu1', 'mem_kib');
    expect(mem[0]).toEqual({ ts: '2026-11-26T12:27:20.000Z', value: 131072 });
    // Iteration 2 prints CPU(%) 84.8 for domu1.
    const cpu = await seriesValues(db, 'domu1', 'cpu_ratio');
    expect(cpu.find((c) => c.ts === '2026-11-26T12:27:21.000Z')?.value).toBeCloseTo(0.848, 6);
    // WSECT goes 0 → 16384 between iterations 3 and 4 (one second apart).
    const wsect = await seriesValues(db, 'domu1', 'vbd_wr_sect_per_s', 'xvda');
    expect(wsect.find((c) => c.ts === '2026-11-26T12:27:23.000Z')?.value).toBe(16384);
    // Net0 is domu1's only vif: it is net0; RX bytes 328 → 1992 between iterations 4 and 5.
    const rx = await seriesValues(db, 'domu1', 'vif_rx_bytes_per_s', 'net0');
    expect(rx.find((c) => c.ts === '2026-11-26T12:27:24.000Z')?.value).toBe(1992 - 328);
  });

  it('reports a capture that cannot be placed instead of guessing, and exits 3: nothing was stored', () => {
    const db = tempDb();
    const r = xenscope(['import', labPath('xentop-b-n-x-during-domu1.txt'), '--db', db]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/nothing-stored .*1100 readings carry no time: give --start and --interval/);
    expect(r.stdout).toMatch(/stored 0 samples/);
    expect(r.stderr).toMatch(/^xenscope: nothing stored: .*readings carry no time: give --start/);
  });

  it('places sysfs dumps by their harness uptime with --boot-time; rates are the counters’ deltas', async () => {
    const db = tempDb();
    const r = xenscope([
      'import',
      labPath('xl-list-domu1-running.txt'),
      labPath('sysfs-stats-domu1-t001.txt'),
      labPath('sysfs-stats-domu1-t002.txt'),
      '--db',
      db,
      '--boot-time',
      '2026-11-26T12:26:05Z',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // t001 at uptime 76.45 s: rx_bytes 328, wr_sect 0; t002 at 87.62 s: 13500 and 16384.
    const rx = await seriesValues(db, 'domu1', 'vif_rx_bytes_per_s', 'net0');
    expect(rx).toHaveLength(1);
    expect(rx[0]!.ts).toBe('2026-11-26T12:27:32.620Z');
    expect(rx[0]!.value).toBeCloseTo((13500 - 328) / (87.62 - 76.45), 6);
    const wr = await seriesValues(db, 'domu1', 'vbd_wr_sect_per_s', 'xvda');
    expect(wr[0]!.value).toBeCloseTo(16384 / (87.62 - 76.45), 6);
  });
});

describe('import errors', () => {
  it('exits 3 naming the path when nothing can be read', () => {
    const r = xenscope(['import', '/nonexistent/xen.log', '--db', tempDb()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('/nonexistent/xen.log');
  });

  it('exits 3 when no file is in a recognised format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-junk-'));
    writeFileSync(join(dir, 'notes.txt'), 'shopping list\nmilk\n');
    const r = xenscope(['import', dir, '--db', tempDb()]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/notes\.txt: no known format/);
  });

  it('keeps good lines around a bad one and names the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-bad-'));
    const file = join(dir, 'kern.log');
    writeFileSync(
      file,
      [
        '2026-11-26T12:04:02.711776+00:00 dom0-a kernel: [  501.840828] vif vif-7-0 vif7.0: Guest Rx stalled',
        '2026-11-26T12:04:03.000000+00:00 dom0-a kernel: [  502.000000] xenbr0: port 2(vif7.0) entered disabled state',
        '\u0000\u0001 garbage that is no syslog line',
        '2026-11-26T12:04:05.000000+00:00 dom0-a kernel: [  504.000000] vif vif-7-0 vif7.0: Guest Rx ready',
      ].join('\n'),
    );
    const db = tempDb();
    const r = xenscope(['import', file, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.files[0]).toMatchObject({ format: 'syslog', records: 3, skipped: 1 });
    expect(out.files[0].diagnostics[0].line).toBe(3);
    const ev = eventsOf(db, '--kind', 'net_stall');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ ts: '2026-11-26T12:04:02.711Z', source: 'kernel', file, line: 1 });
  });

  it('sees a config file as xl does: CRLF line endings are reported, the domain is still stored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-crlf-'));
    writeFileSync(
      join(dir, 'web01.cfg'),
      'name = "web01"\r\nmemory = 512\r\ndisk = [ "phy:/dev/vg0/web01,xvda,w" ]\r\n',
    );
    const r = xenscope(['import', dir, '--db', tempDb(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.configs).toBe(1);
    expect(out.files[0]).toMatchObject({ format: 'xlcfg', records: 1 });
    expect(out.files[0].diagnostics[0]).toMatchObject({ line: 1, code: 'syntax_error' });
    expect(out.files[0].diagnostics[0].message).toMatch(/CRLF/);
  });

  it('rejects bad flags with exit 2', () => {
    expect(xenscope(['import', '.', '--tz', 'Mars/Olympus']).code).toBe(2);
    expect(xenscope(['events', '--kind', 'explosion']).code).toBe(2);
    expect(xenscope(['import', '.', '--since-forever']).code).toBe(2);
  });
});
