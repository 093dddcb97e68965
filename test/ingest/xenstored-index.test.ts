import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXenstoredMessage, XenstoredIndex } from '../../src/ingest/xenstored-index.js';
import { labPath, linesOf } from '../helpers/shared.js';

/** Builds the index straight from the real access log (stamps are UTC). */
function realIndex(): XenstoredIndex {
  const idx = new XenstoredIndex();
  for (const line of linesOf(readFileSync(labPath('var-log-xen', 'xenstored-access.log'), 'utf8'))) {
    const m = /^\[(\d{4})(\d\d)(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z\]\s(.*)$/.exec(line);
    if (!m) continue;
    const ts = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
    const op = parseXenstoredMessage(m[8]!, ts);
    if (op) idx.add(op);
  }
  return idx;
}

const at = (hms: string) => Date.parse(`2026-11-26T${hms}Z`);

describe('XenstoredIndex on the real Xen 4.17 capture', () => {
  const idx = realIndex();

  it('drops registration echoes and counts one release per death', () => {
    const r = idx.releases();
    expect(r).not.toContain(at('12:26:29.064')); // echo of A5's watch, no guest running
    expect(r).not.toContain(at('12:27:13.469')); // echo of xl's watch 3/0
    expect(r).not.toContain(at('12:29:44.421')); // echo of xl's watch 3/6
    expect(r).toContain(at('12:28:08.128')); // domu1 panicked
    expect(r).not.toContain(at('12:28:08.129')); // the same death seen by a second watcher
    expect(r).toContain(at('12:29:20.213')); // domu2 (domid 2) panicked
    expect(r).toContain(at('12:30:02.394')); // domid 3 powered off
  });

  it('knows each domid life from its name write to its teardown', () => {
    const lives = idx.lives().filter((l) => l.domid > 0);
    expect(lives.map((l) => [l.domid, l.name])).toEqual([
      [1, 'domu1'],
      [2, 'domu2'],
      [3, 'domu2'],
    ]);
    expect(lives[0]!.created).toBe(at('12:26:49.925'));
    expect(lives[0]!.removed).toBe(at('12:28:26.415'));
    expect(lives[1]!.removed).toBe(at('12:29:23.248'));
  });

  it('parses an access-log message', () => {
    expect(parseXenstoredMessage(' A19.1        write     /local/domain/1/name domu1', 5)).toEqual({
      ts: 5,
      conn: 'A19.1',
      op: 'write',
      path: '/local/domain/1/name',
      value: 'domu1',
    });
    expect(parseXenstoredMessage('A5           w event   @releaseDomain domlist ', 1)?.op).toBe('w event');
  });
});
