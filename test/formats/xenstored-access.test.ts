import { describe, expect, it } from 'vitest';
import { domidOfPath, xenstoredAccessFormat } from '../../src/formats/xenstored-access.js';
import type { DomainSeenRecord, LogRecord } from '../../src/model/index.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor, parseLab } from '../helpers/parse.js';
import { labLines } from '../helpers/shared.js';

const FILE = 'var-log-xen/xenstored-access.log';
const at = (s: string) => Date.parse(s);

describe('xenstored-access on the real Xen 4.17 capture', async () => {
  const { records, diags } = await parseLab(xenstoredAccessFormat, FILE);
  const logs = records.filter((r): r is LogRecord => r.type === 'log');
  const seen = records.filter((r): r is DomainSeenRecord => r.type === 'domain');

  it('keeps every line as a xenstored record with its UTC millisecond stamp', () => {
    expect(diags).toEqual([]);
    expect(logs).toHaveLength(2104);
    expect(logs.every((r) => r.source === 'xenstored' && r.tsSource === 'line')).toBe(true);
    expect(logs[0]).toMatchObject({
      ts: at('2026-11-26T12:26:28.352Z'),
      message: 'D0 watch memory/target FFFFFFFF82BB1520',
    });
  });

  it('maps domids to names from the name writes, with the uuid written just before', () => {
    expect(seen.map((s) => [s.domid, s.name, s.ts])).toEqual([
      [0, 'Domain-0', at('2026-11-26T12:26:28.683Z')],
      [1, 'domu1', at('2026-11-26T12:26:49.925Z')],
      [2, 'domu2', at('2026-11-26T12:28:31.043Z')],
      [3, 'domu2', at('2026-11-26T12:29:25.512Z')],
    ]);
    expect(seen[1]).toMatchObject({ uuid: '0339b397-bd52-491b-b7ff-8243da842a4f', line: 75 });
    expect(seen[3]!.uuid).toBe('466b7077-4f25-4a1b-8f27-7538aaa3cfc0');
  });

  it('marks domain releases and introductions as lifecycle, never the echo of a watch registration', () => {
    const releases = logs.filter((r) => r.message.includes('w event @releaseDomain'));
    expect(releases).toHaveLength(15);
    const lifecycle = releases.filter((r) => r.severity === 'info').map((r) => r.ts);
    expect(lifecycle).toContain(at('2026-11-26T12:28:08.128Z'));
    expect(lifecycle).toContain(at('2026-11-26T12:29:20.213Z'));
    // the four echoes: right after `watch @releaseDomain` of A5, A38, A91 (twice)
    const echoes = releases.filter((r) => r.severity === 'debug');
    expect(echoes.map((r) => r.line)).toEqual([31, 456, 1129, 1819]);
    expect(releases.every((r) => r.domid === undefined)).toBe(true);
    const intro = logs.filter((r) => r.message.includes('w event @introduceDomain'));
    expect(intro.filter((r) => r.severity === 'info').map((r) => r.ts)).toEqual([
      at('2026-11-26T12:27:02.342Z'),
      at('2026-11-26T12:28:43.587Z'),
      at('2026-11-26T12:29:35.396Z'),
    ]);
  });

  it('marks rm of a whole domain directory as lifecycle, with its domid', () => {
    const rms = logs.filter((r) => r.severity === 'info' && r.message.includes(' rm '));
    expect(rms.map((r) => [r.line, r.domid])).toEqual([
      [63, 1],
      [725, 1],
      [736, 2],
      [1389, 2],
      [1399, 3],
      [2071, 3],
    ]);
  });

  it('puts the domid on records whose path names one', () => {
    const byLine = (n: number) => logs.find((r) => r.line === n)!;
    expect(byLine(135)).toMatchObject({ domid: 1, message: 'A19.3 rm /local/domain/1/device/vbd/51712' });
    expect(byLine(151).domid).toBe(1); // /local/domain/0/backend/vbd/1/51712: the frontend's
    expect(byLine(24).domid).toBe(0);
    expect(byLine(12).domid).toBeUndefined(); // newconn
  });

  it('sniffs its own file and matches its lines', () => {
    expect(xenstoredAccessFormat.sniff(labLines(FILE).slice(0, 50))).toBeGreaterThan(0.9);
    expect(xenstoredAccessFormat.matchLine(labLines(FILE)[0]!)).toBe(true);
    expect(xenstoredAccessFormat.matchLine('[2026-11-26 12:00:00] Logfile Opened')).toBe(false);
  });
});

describe('domidOfPath', () => {
  it('reads absolute, backend and relative paths', () => {
    expect(domidOfPath('/local/domain/7/device/vif/0', 0)).toBe(7);
    expect(domidOfPath('/local/domain/0/backend/vif/7/0/state', 0)).toBe(7);
    expect(domidOfPath('backend/vbd/9/51712', 0)).toBe(9);
    expect(domidOfPath('device/vbd/51712/state', 4)).toBe(4);
    expect(domidOfPath('/libxl/12/device', 0)).toBe(12);
    expect(domidOfPath('/vm/0339b397-bd52-491b-b7ff-8243da842a4f', 0)).toBeUndefined();
    expect(domidOfPath('@releaseDomain', 0)).toBeUndefined();
    expect(domidOfPath('', 0)).toBeUndefined();
  });
});

describe('xenstored-access golden fixtures', () => {
  it('lifecycle', async () => {
    await checkGolden(xenstoredAccessFormat, 'xenstored-access', 'lifecycle');
  });
});

describe('xenstored-access properties', () => {
  const real = labLines(FILE).slice(0, 200);
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(xenstoredAccessFormat, real, ctxFor('xenstored-access.log'));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(
      xenstoredAccessFormat,
      [...real, ...fixtureLines('xenstored-access', 'lifecycle')],
      ctxFor('x'),
    );
  });
});
