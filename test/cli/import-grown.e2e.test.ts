/**
 * `xenscope import` of files that grew since they were imported (the operator's case: the same
 * /var/log imported at 10:00 and at 11:00): only the appended lines are stored, with their true
 * line numbers, and counters continue across the two imports. Runs the built CLI (`npx tsup`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath, linesOf } from '../helpers/shared.js';

interface JsonFile {
  path: string;
  format: string;
  status: string;
  lines: number;
  records: number;
  reason?: string;
  appended?: { fromLine: number; fromByte: number; newLines: number; previousPath: string };
}

interface JsonEvent {
  ts: string;
  tsSource: string;
  source: string;
  kind: string;
  message: string;
  file: string;
  line: number;
}

function importJson(paths: string[], db: string, ...args: string[]) {
  const r = xenscope(['import', ...paths, '--db', db, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { files: JsonFile[]; events: number; samples: number };
}

function eventsOf(db: string, ...args: string[]): JsonEvent[] {
  const r = xenscope(['events', '--db', db, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return linesOf(r.stdout).map((l) => JSON.parse(l) as JsonEvent);
}

async function samplesOf(db: string, domain: string, metric: string, device?: string) {
  const store = openStore(`duckdb:${db}`);
  try {
    const w = await store.readSeries(
      { domain, metric, ...(device !== undefined ? { device } : {}) },
      0,
      Number.POSITIVE_INFINITY,
    );
    expect(w, `${domain} ${metric}`).toHaveLength(1);
    return [...w[0]!.ts].map((t, i) => [new Date(t).toISOString(), w[0]!.values[i]!] as const);
  } finally {
    await store.close();
  }
}

const text = (lines: readonly string[]) => `${lines.join('\n')}\n`;

describe('a syslog that grew', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-grown-syslog-'));
  const file = join(dir, 'syslog');
  const head = [
    '2026-05-17T10:00:01.000000+00:00 xen01 kernel: [ 100.000000] xenbr0: port 2(vif3.0) entered blocking state',
    '2026-05-17T10:00:01.000000+00:00 xen01 kernel: [ 100.000000] vif vif-3-0 vif3.0: Guest Rx stalled',
    '2026-05-17T10:00:02.000000+00:00 xen01 kernel: [ 101.000000] xenbr0: port 2(vif3.0) entered forwarding state',
  ];
  // Appended: a line identical to line 2 (a real second stall in the same second), and two more.
  const tail = [
    '2026-05-17T10:00:01.000000+00:00 xen01 kernel: [ 100.000000] vif vif-3-0 vif3.0: Guest Rx stalled',
    '2026-05-17T10:59:00.000000+00:00 xen01 kernel: [ 3639.000000] vif vif-3-0 vif3.0: Guest Rx ready',
    '2026-05-17T10:59:30.000000+00:00 xen01 kernel: [ 3669.000000] xenbr0: port 2(vif3.0) entered disabled state',
  ];
  const db = tempDb();
  writeFileSync(file, text(head));
  const first = importJson([file], db, '--host', 'xen01');
  writeFileSync(file, text([...head, ...tail]));
  const second = importJson([file], db, '--host', 'xen01');
  const textOut = xenscope(['import', file, '--db', tempDb(), '--host', 'xen01', '--no-progress']);
  const third = importJson([file], db, '--host', 'xen01');

  it('stores only the appended lines, the duplicate of an old line included, at their line numbers', () => {
    expect(first.events).toBe(3);
    expect(second.events).toBe(3);
    expect(second.files[0]).toMatchObject({
      path: file,
      format: 'syslog',
      status: 'imported',
      lines: 6,
      records: 3,
      reason: 'appended since the last import: 3 new lines (from line 4)',
      appended: { fromLine: 4, fromByte: Buffer.byteLength(text(head)), newLines: 3, previousPath: file },
    });
    const ev = eventsOf(db);
    expect(ev.map((e) => e.line).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const stalls = ev.filter((e) => e.kind === 'net_stall');
    expect(stalls.map((e) => [e.ts, e.line])).toEqual([
      ['2026-05-17T10:00:01Z', 2],
      ['2026-05-17T10:00:01Z', 4],
    ]);
  });

  it('says nothing of an appended part on a first import, and adds nothing on a third', () => {
    expect(first.files[0]!.appended).toBeUndefined();
    expect(textOut.code, textOut.stderr).toBe(0);
    expect(textOut.stdout).not.toMatch(/appended since/);
    expect(third.events).toBe(0);
    expect(third.files[0]).toMatchObject({ status: 'already-imported' });
  });

  it('imports a rewritten file whole: same first line, different content before the old end', () => {
    // Longer than both versions imported so far, and its first line is theirs.
    const rewritten = [head[0]!, head[2]!, head[1]!, ...tail, tail[2]!];
    writeFileSync(file, text(rewritten));
    const out = importJson([file], db, '--host', 'xen01');
    expect(out.files[0]).toMatchObject({ status: 'imported', lines: 7, records: 7 });
    expect(out.files[0]!.appended).toBeUndefined();
    expect(out.events).toBe(7);
  });

  it('says in the text summary which lines were new', () => {
    const db2 = tempDb();
    writeFileSync(file, text(head));
    expect(xenscope(['import', file, '--db', db2, '--no-progress']).code).toBe(0);
    writeFileSync(file, text([...head, ...tail]));
    const r = xenscope(['import', file, '--db', db2, '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    // The file's row: status imported, and the note says which lines were new.
    const row = r.stdout.split('\n').find((l) => l.startsWith(`${file} `));
    expect(row?.split(/ {2,}/).slice(2)).toEqual([
      'imported',
      '6',
      '3',
      '0',
      'appended since the last import: 3 new lines (from line 4)',
    ]);
  });
});

describe('the real xl logs and xenstored-access.log of two crashes, imported before, between, after', () => {
  const read = (name: string) => linesOf(readFileSync(labPath('var-log-xen', name), 'utf8'));
  const access = read('xenstored-access.log');
  const until = (prefix: string) => access.findIndex((l) => l >= prefix);
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-grown-xl-'));
  const path = (name: string) => join(dir, name);
  const write = (name: string, lines: readonly string[]) => writeFileSync(path(name), text(lines));
  const db = tempDb();
  // 12:27:30: domu1 runs; its xl log holds the "Waiting for domain" line, xenstored its creation.
  write('xl-domu1.log', read('xl-domu1.log').slice(0, 1));
  write('xenstored-access.log', access.slice(0, until('[20261126T12:27:30')));
  const first = importJson([dir], db);
  // 12:29:20.5: domu1 crashed (12:28:08); domu2's first life just ended, xl has written two of the
  // four lines about it (the other two follow the same anchor, its @releaseDomain at 12:29:20.213).
  write('xl-domu1.log', read('xl-domu1.log'));
  write('xl-domu2.log', read('xl-domu2.log').slice(0, 3));
  write('xenstored-access.log', access.slice(0, until('[20261126T12:29:20.5')));
  const second = importJson([dir], db);
  // Later: everything written.
  write('xl-domu2.log', read('xl-domu2.log'));
  write('xenstored-access.log', access);
  const third = importJson([dir], db);
  const whole = tempDb();
  importJson([dir], whole);

  it('reads only the new lines each time', () => {
    const report = (r: typeof first, name: string) => r.files.find((f) => f.path === path(name));
    expect(report(first, 'xl-domu1.log')).toMatchObject({ status: 'imported', lines: 1 });
    expect(report(second, 'xl-domu1.log')).toMatchObject({
      lines: 27,
      appended: { fromLine: 2, newLines: 26 },
    });
    expect(report(second, 'xl-domu2.log')!.appended).toBeUndefined();
    expect(report(third, 'xl-domu1.log')).toMatchObject({ status: 'already-imported' });
    expect(report(third, 'xl-domu2.log')).toMatchObject({
      lines: 10,
      appended: { fromLine: 4, newLines: 7 },
    });
    const at = until('[20261126T12:29:20.5');
    expect(report(third, 'xenstored-access.log')).toMatchObject({
      lines: 2104,
      appended: { fromLine: at + 1, newLines: 2104 - at },
    });
  });

  it('places the new xl lines on the neighbours in the old parts, as one import of all would', () => {
    const key = (e: JsonEvent) => `${e.ts} ${e.tsSource} ${e.kind} ${e.file}:${e.line} ${e.message}`;
    const xl = (d: string) => eventsOf(d).filter((e) => e.source === 'xl');
    expect(xl(db).map(key).sort()).toEqual(xl(whole).map(key).sort());
    expect(eventsOf(db).length).toBe(eventsOf(whole).length);
    // The two lines after the cut in xl-domu2.log follow the anchor before it.
    expect(
      xl(db)
        .filter((e) => e.file === path('xl-domu2.log') && e.line <= 5)
        .map((e) => [e.line, e.ts]),
    ).toEqual([
      [1, '2026-11-26T12:28:31.043Z'],
      [2, '2026-11-26T12:29:20.213Z'],
      [3, '2026-11-26T12:29:20.213Z'],
      [4, '2026-11-26T12:29:20.213Z'],
      [5, '2026-11-26T12:29:20.213Z'],
    ]);
    expect(
      xl(db)
        .filter((e) => e.kind === 'crash')
        .map((e) => [e.ts, e.line]),
    ).toEqual([
      ['2026-11-26T12:28:08.128Z', 16],
      ['2026-11-26T12:29:20.213Z', 2],
    ]);
  });
});

describe('the real xentop capture, imported after 3 iterations and again when complete', () => {
  const capture = linesOf(readFileSync(labPath('xentop-b-n-x-during-domu1.txt'), 'utf8'));
  const placement = ['--start', '2026-11-26T12:27:20Z', '--interval', '1'];
  const run = (cutAfter: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-grown-xentop-'));
    const file = join(dir, 'xentop.txt');
    writeFileSync(file, cutAfter);
    const db = tempDb();
    importJson([file], db, ...placement);
    writeFileSync(file, text(capture));
    return { db, second: importJson([file], db, ...placement) };
  };
  // Each iteration is 5 lines: header, Domain-0, domu1, Net0, VBD.
  const atBoundary = run(text(capture.slice(0, 15)));
  // Cut inside domu1's row of iteration 4, as a block-buffered capture loop leaves a file.
  const midRow = run(`${text(capture.slice(0, 17))}${capture[17]!.slice(0, 40)}`);
  const whole = tempDb();
  const once = importJson([join(labPath('xentop-b-n-x-during-domu1.txt'))], whole, ...placement);

  it('continues the counters: the first rate of the new part is against the old part’s last value', async () => {
    expect(atBoundary.second.files[0]).toMatchObject({ status: 'imported', appended: { fromLine: 16 } });
    // WSECT goes 0 → 16384 between iterations 3 (old part) and 4 (new part), one second apart.
    const wsect = await samplesOf(atBoundary.db, 'domu1', 'vbd_wr_sect_per_s', 'xvda');
    expect(wsect.find(([ts]) => ts === '2026-11-26T12:27:23.000Z')?.[1]).toBe(16384);
    const rx = await samplesOf(atBoundary.db, 'domu1', 'vif_rx_bytes_per_s', 'net0');
    expect(rx.find(([ts]) => ts === '2026-11-26T12:27:24.000Z')?.[1]).toBe(1992 - 328);
  });

  it('leaves the samples of one import of the whole capture, however the old part ended', async () => {
    expect(once.samples).toBeGreaterThan(100);
    expect(midRow.second.files[0]).toMatchObject({ status: 'imported', appended: { fromLine: 18 } });
    // Domain-0's row of iteration 4 was stored by the first import of midRow: not again.
    for (const [domain, metric, device] of [
      ['Domain-0', 'cpu_ratio', undefined],
      ['Domain-0', 'mem_kib', undefined],
      ['domu1', 'cpu_ratio', undefined],
      ['domu1', 'mem_kib', undefined],
      ['domu1', 'vbd_wr_sect_per_s', 'xvda'],
      ['domu1', 'vif_rx_bytes_per_s', 'net0'],
    ] as const) {
      const expected = await samplesOf(whole, domain, metric, device);
      expect(expected.length, metric).toBeGreaterThan(5);
      expect(await samplesOf(atBoundary.db, domain, metric, device), `${domain} ${metric}`).toEqual(expected);
      expect(await samplesOf(midRow.db, domain, metric, device), `${domain} ${metric}`).toEqual(expected);
    }
  });
});
