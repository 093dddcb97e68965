/**
 * What `xenscope import` says about each file, and its exit code: `imported` only when the file
 * stored something, `nothing-stored` (with the reason) when a recognised file gave nothing, exit 3
 * when the whole import stored nothing and found nothing stored before. Run as a user would, on
 * the real output of a Xen 4.17 host (../shared/corpus/xen-4.17-lab).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath } from '../helpers/shared.js';

interface JsonFile {
  path: string;
  format: string | null;
  status: string;
  lines: number;
  records: number;
  skipped: number;
  diagnostics: { line: number; code: string; message: string; count: number }[];
  reason?: string;
}

interface JsonReport {
  files: JsonFile[];
  samples: number;
  events: number;
}

const PLACE_CAPTURE = 'give --start and --interval (or --boot-time for uptime-stamped captures)';

function importJson(...args: string[]): { code: number; out: JsonReport; stderr: string } {
  const r = xenscope(['import', '--json', '--no-progress', ...args]);
  return { code: r.code, out: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

function fileNamed(out: JsonReport, name: string): JsonFile {
  const f = out.files.find((x) => x.path.endsWith(`/${name}`));
  if (!f) throw new Error(`${name} is not in the report`);
  return f;
}

/** The text table's row of a file, split on its column gaps. */
function rowOf(stdout: string, name: string): string[] {
  const line = stdout.split('\n').find((l) => l.split(/ {2,}/)[0]!.endsWith(`/${name}`));
  if (!line) throw new Error(`${name} has no row in:\n${stdout}`);
  return line.split(/ {2,}/);
}

describe('the whole lab directory without --start/--interval', () => {
  const json = importJson(labPath(), '--db', tempDb());
  const text = xenscope(['import', labPath(), '--db', tempDb(), '--no-progress']);

  it('exits 0: the logs stored events', () => {
    expect(json.code, json.stderr).toBe(0);
    expect(text.code, text.stderr).toBe(0);
    expect(json.out.samples).toBe(0);
    expect(json.out.events).toBe(3113);
  });

  it('lists a xentop capture whose readings had no time as nothing-stored, every reading skipped', () => {
    expect(fileNamed(json.out, 'xentop-b-n-x-during-domu1.txt')).toMatchObject({
      format: 'xentop',
      status: 'nothing-stored',
      lines: 290,
      records: 1216,
      skipped: 1100,
      reason: `1100 readings carry no time: ${PLACE_CAPTURE}`,
      diagnostics: [
        { line: 0, code: 'no_time', message: `1100 readings carry no time: ${PLACE_CAPTURE}`, count: 1100 },
      ],
    });
    expect(rowOf(text.stdout, 'xentop-b-n-x-during-domu1.txt')).toEqual([
      labPath('xentop-b-n-x-during-domu1.txt'),
      'xentop',
      'nothing-stored',
      '290',
      '1216',
      '1100',
      `1100 readings carry no time: ${PLACE_CAPTURE}`,
    ]);
  });

  it('lists a dmesg with uptime stamps and no boot time as nothing-stored, saying what places it', () => {
    const dmesg = fileNamed(json.out, 'dom0-dmesg-final.txt');
    expect(dmesg).toMatchObject({ format: 'dmesg', status: 'nothing-stored', records: 479, skipped: 479 });
    expect(dmesg.reason).toMatch(/^uptime stamp but no boot time: give --boot-time/);
    expect(dmesg.diagnostics).toEqual([{ line: 3, code: 'no_time', message: dmesg.reason, count: 479 }]);
    const row = rowOf(text.stdout, 'dom0-dmesg-final.txt');
    expect(row.slice(1, 6)).toEqual(['dmesg', 'nothing-stored', '482', '479', '479']);
    expect(row[6]).toBe(dmesg.reason);
  });

  it('lists an `xl list` snapshot without time as nothing-stored', () => {
    expect(fileNamed(json.out, 'xl-list.txt')).toMatchObject({
      status: 'nothing-stored',
      records: 1,
      skipped: 1,
      reason: `domain row carries no time: ${PLACE_CAPTURE}`,
      diagnostics: [{ line: 4, code: 'no_time', count: 1 }],
    });
  });

  it('keeps imported for files that stored something, and says when that was only topology', () => {
    expect(fileNamed(json.out, 'xenstored-access.log')).toMatchObject({ status: 'imported', skipped: 0 });
    expect(fileNamed(json.out, 'xl-domu1.log')).toMatchObject({ status: 'imported', skipped: 0 });
    expect(fileNamed(json.out, 'lvs.txt')).toMatchObject({ status: 'imported' });
    expect(fileNamed(json.out, 'sysfs-stats-domu1-t001.txt')).toMatchObject({
      status: 'imported',
      skipped: 12,
      reason: `only 1 topology fact stored: 12 readings carry no time: ${PLACE_CAPTURE}`,
    });
  });

  it('gives every diagnostic a count, and names no line 0 in text', () => {
    const all = json.out.files.flatMap((f) => f.diagnostics);
    expect(all.length).toBeGreaterThan(40);
    expect(all.every((d) => Number.isInteger(d.count) && d.count >= 1)).toBe(true);
    expect(fileNamed(json.out, 'xl-create-domu2.txt').diagnostics).toEqual([
      expect.objectContaining({ line: 3, code: 'no_time', count: 1 }),
    ]);
    expect(text.stdout).not.toMatch(/:0: /);
    expect(text.stdout).toContain(
      `${labPath('sysfs-stats-domu1-t001.txt')}: no_time: 12 readings carry no time: ${PLACE_CAPTURE}\n`,
    );
  });

  it('lists unrecognised files in --json with their reason as a whole-file diagnostic', () => {
    const empty = fileNamed(json.out, 'xen-hotplug.log');
    expect(empty).toMatchObject({ format: null, status: 'unrecognised', reason: 'empty file' });
    expect(empty.diagnostics).toEqual([
      { line: 0, code: 'unrecognised_format', message: 'empty file', count: 1 },
    ]);
    const daemon = fileNamed(json.out, 'xenstored.log');
    expect(daemon.reason).toMatch(/^no known format .*first line: "Xen Storage Daemon, version 1.0"$/);
    expect(daemon.diagnostics).toEqual([
      { line: 0, code: 'unrecognised_format', message: daemon.reason, count: 1 },
    ]);
    expect(rowOf(text.stdout, 'xen-hotplug.log').slice(2)).toEqual([
      'unrecognised',
      '0',
      '0',
      '0',
      'empty file',
    ]);
  });
});

describe('an import that stored nothing', () => {
  const dmesg = labPath('dom0-dmesg-final.txt');
  const xentop = labPath('xentop-b-i3-d1.txt');

  it('exits 3 with one line saying why, and lists each file as nothing-stored (--json)', () => {
    const r = importJson(dmesg, xentop, '--db', tempDb());
    expect(r.code).toBe(3);
    expect(r.out).toMatchObject({ samples: 0, events: 0 });
    expect(r.out.files.map((f) => [f.format, f.status])).toEqual([
      ['dmesg', 'nothing-stored'],
      ['xentop', 'nothing-stored'],
    ]);
    expect(fileNamed(r.out, 'xentop-b-i3-d1.txt')).toMatchObject({
      skipped: 11,
      diagnostics: [{ line: 0, code: 'no_time', count: 11 }],
    });
    expect(r.stderr).toBe(
      `xenscope: nothing stored: ${dmesg}: uptime stamp but no boot time: give --boot-time, or import a syslog/kern.log whose kernel lines carry both stamps (and 1 more file that stored nothing)\n`,
    );
  });

  it('exits 3 in text too, naming the readings without time', () => {
    const r = xenscope(['import', xentop, '--db', tempDb(), '--no-progress']);
    expect(r.code).toBe(3);
    expect(rowOf(r.stdout, 'xentop-b-i3-d1.txt').slice(1)).toEqual([
      'xentop',
      'nothing-stored',
      '9',
      '14',
      '11',
      `11 readings carry no time: ${PLACE_CAPTURE}`,
    ]);
    expect(r.stdout).toMatch(/stored 0 samples, 0 events, 0 configs\n/);
    expect(r.stdout).not.toContain('zone-less stamps');
    expect(r.stderr).toBe(
      `xenscope: nothing stored: ${xentop}: 11 readings carry no time: ${PLACE_CAPTURE}\n`,
    );
  });

  it('leaves the file to be imported again: with --start/--interval it stores, then it is already imported', () => {
    const db = tempDb();
    expect(importJson(xentop, '--db', db).code).toBe(3);
    const placed = importJson(xentop, '--db', db, '--start', '2026-11-26T12:27:20Z', '--interval', '1');
    expect(placed.code, placed.stderr).toBe(0);
    expect(placed.out.files[0]).toMatchObject({ status: 'imported', skipped: 0, diagnostics: [] });
    expect(placed.out.samples).toBeGreaterThan(0);
    const again = importJson(xentop, '--db', db, '--start', '2026-11-26T12:27:20Z', '--interval', '1');
    expect(again.code, again.stderr).toBe(0);
    expect(again.out.files[0]).toMatchObject({ status: 'already-imported' });
    expect(again.out.samples).toBe(0);
  });

  it('gives a copy listed in the same import the fate of the first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-copies-'));
    const text = readFileSync(xentop, 'utf8');
    writeFileSync(join(dir, 'a.txt'), text);
    writeFileSync(join(dir, 'b.txt'), text);
    const r = importJson(dir, '--db', tempDb());
    expect(r.code).toBe(3);
    expect(fileNamed(r.out, 'b.txt')).toMatchObject({
      status: 'nothing-stored',
      reason: `the same content as ${join(dir, 'a.txt')}, which stored nothing`,
    });
  });

  it('exits 3 for unrecognised files only, naming the first and its reason', () => {
    const r = importJson(
      labPath('var-log-xen', 'xenstored.log'),
      labPath('var-log-xen', 'xen-hotplug.log'),
      '--db',
      tempDb(),
    );
    expect(r.code).toBe(3);
    expect(r.out.files.map((f) => f.status)).toEqual(['unrecognised', 'unrecognised']);
    expect(r.stderr).toMatch(
      /^xenscope: nothing readable: \S+\/xenstored\.log: no known format .* \(and 1 more file that stored nothing\)\n$/,
    );
  });

  it('lists a missing path in --json with its reason, and exits 3', () => {
    const r = importJson('/nonexistent/file.log', '--db', tempDb());
    expect(r.code).toBe(3);
    expect(r.out.files).toEqual([
      {
        path: '/nonexistent/file.log',
        format: null,
        status: 'unreadable',
        lines: 0,
        records: 0,
        skipped: 0,
        diagnostics: [{ line: 0, code: 'unreadable', message: 'no such file or directory', count: 1 }],
        reason: 'no such file or directory',
      },
    ]);
    expect(r.stderr).toBe('xenscope: nothing readable: /nonexistent/file.log: no such file or directory\n');
  });
});

describe('an import that stored something, or found it all stored before', () => {
  it('exits 0 and lists a missing path beside the file that stored', () => {
    const r = importJson(
      labPath('var-log-xen', 'console', 'guest-domu1.log'),
      '/nonexistent/file.log',
      '--db',
      tempDb(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.files.map((f) => f.status)).toEqual(['imported', 'unreadable']);
  });

  it('exits 0 when every file was imported before', () => {
    const db = tempDb();
    const file = labPath('var-log-xen', 'console', 'guest-domu1.log');
    expect(importJson(file, '--db', db).code).toBe(0);
    const again = importJson(file, '--db', db);
    expect(again.code, again.stderr).toBe(0);
    expect(again.out.files[0]).toMatchObject({
      status: 'already-imported',
      reason: 'the same content was imported before',
    });
    expect(again.out.events).toBe(0);
  });

  it('counts counter readings kept for the next import as stored: the next import continues their rates', () => {
    // blkback and vif counters only (no attribute lines, so no topology fact): a rate needs two dumps.
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-counters-'));
    const countersOnly = (name: string) => {
      const kept = readFileSync(labPath(name), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('#') || l.startsWith('== ') || l.includes('/statistics/'));
      writeFileSync(join(dir, name), `${kept.join('\n')}\n`);
      return join(dir, name);
    };
    const db = tempDb();
    const boot = ['--boot-time', '2026-11-26T12:26:05Z'];
    const first = importJson(
      labPath('xl-list-domu1-running.txt'),
      countersOnly('sysfs-stats-domu1-t001.txt'),
      '--db',
      db,
      ...boot,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.out.samples).toBe(0);
    const t001 = fileNamed(first.out, 'sysfs-stats-domu1-t001.txt');
    expect(t001).toMatchObject({ status: 'imported', records: 12, skipped: 0 });
    expect(t001.reason).toBe(
      '12 counter readings kept as the start of their rates (a rate needs a later reading)',
    );
    const second = importJson(countersOnly('sysfs-stats-domu1-t002.txt'), '--db', db, ...boot);
    expect(second.code, second.stderr).toBe(0);
    expect(second.out.files[0]).toMatchObject({ status: 'imported' });
    expect(second.out.files[0]!.reason).toBeUndefined();
    expect(second.out.samples).toBeGreaterThan(0);
  });
});
