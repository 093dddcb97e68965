/**
 * `lvs`/`pvs` reports: the real capture of the Xen 4.17 lab, golden fixtures for the other forms
 * (segments, kernel numbers, pvs, --separator, --noheadings, --nameprefixes, --units, JSON), sniffing
 * over every corpus file, and fast-check properties.
 */
import { describe, expect, it } from 'vitest';
import { lvsFormat, parseDevices } from '../../src/formats/lvs.js';
import type { LvmLvRecord, LvmPvRecord } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { checkGolden, goldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines, splice } from '../helpers/junk.js';
import { ctxFor, parseLab } from '../helpers/parse.js';
import { labLines } from '../helpers/shared.js';

describe('lvs on the real lab capture', () => {
  it('gives both LVs on vg0 on its one PV /dev/vdc', async () => {
    const { records, diags } = await parseLab(lvsFormat, 'lvs.txt');
    expect(diags).toEqual([]);
    expect(records).toEqual([
      {
        type: 'lvm-lv',
        lv: 'domu1-disk',
        vg: 'vg0',
        attr: '-wi-a-----',
        sizeText: '64.00m',
        devices: [{ pv: '/dev/vdc', start: 0 }],
        line: 4,
      },
      {
        type: 'lvm-lv',
        lv: 'domu2-disk',
        vg: 'vg0',
        attr: '-wi-a-----',
        sizeText: '64.00m',
        devices: [{ pv: '/dev/vdc', start: 16 }],
        line: 5,
      },
    ]);
  });
});

describe('lvs golden fixtures', () => {
  for (const name of goldenCases('lvs'))
    it(name, async () => void (await checkGolden(lvsFormat, 'lvs', name)));

  it('reads segments, hidden LVs, kernel numbers and a VG with a dash', async () => {
    const { records, diags } = await checkGolden(lvsFormat, 'lvs', 'segments-kernel-numbers');
    const lvs = records as LvmLvRecord[];
    expect(lvs.map((r) => `${r.vg}/${r.lv}`)).toEqual([
      'vg0/db01-data',
      'vg0/db01-data',
      'vg0/lvol0_pmspare',
      'vg0/web01-root',
      'vg-data/web-02--x',
    ]);
    expect(lvs[1]!.devices).toEqual([{ pv: '/dev/sdc', start: 0 }]);
    expect(lvs[3]).toMatchObject({ kernelMajor: 253, kernelMinor: 0, sizeText: '20.00g' });
    expect(lvs[2]!.kernelMajor).toBeUndefined();
    expect(lvs[4]).toMatchObject({ sizeText: '<1.82t', devices: [{ pv: '/dev/md0', start: 0 }] });
    expect(diags.map((d) => [d.line, d.code])).toEqual([[10, 'unknown_line']]);
  });

  it('reads pvs (a PV in no VG too) and a --separator table', async () => {
    const { records, diags } = await checkGolden(lvsFormat, 'lvs', 'pvs-and-separator');
    const pvs = records.filter((r): r is LvmPvRecord => r.type === 'lvm-pv');
    expect(pvs.map((p) => [p.pv, p.vg, p.freeText])).toEqual([
      ['/dev/md0', 'vg-data', '0'],
      ['/dev/sdb', 'vg0', '511.51g'],
      ['/dev/sdd', '', '100.00g'],
    ]);
    const lvs = records.filter((r): r is LvmLvRecord => r.type === 'lvm-lv');
    expect(lvs.map((l) => l.devices.map((d) => d.pv))).toEqual([['/dev/sdb'], ['/dev/sdb', '/dev/sdc']]);
    expect(diags.map((d) => d.code)).toEqual(['bad_field_count']);
  });

  it('reads --noheadings by the command line or by shape, --nameprefixes and --units b', async () => {
    const { records, diags } = await checkGolden(lvsFormat, 'lvs', 'noheadings-nameprefixes-units');
    expect(diags).toEqual([]);
    const lvs = records as LvmLvRecord[];
    expect(lvs.map((r) => [r.lv, r.sizeText, r.devices.length])).toEqual([
      ['web01-root', '21474836480B', 1],
      ['db01-data', '214748364800B', 2],
      ['web01-root', '20.00g', 0],
      ['swap', '2.00g', 0],
      ['web01-root', null, 1],
    ]);
    expect(lvs[4]).toMatchObject({ kernelMajor: 253, kernelMinor: 0 });
  });

  it('reads --reportformat json, a thin pool on its sub-LV', async () => {
    const { records } = await checkGolden(lvsFormat, 'lvs', 'json-report');
    expect((records as LvmLvRecord[]).map((r) => r.devices)).toEqual([
      [{ pv: '/dev/sdb', start: 52224 }],
      [{ pv: 'thin_tdata', start: 0 }],
    ]);
  });

  it('splits a devices cell into segments', () => {
    expect(parseDevices('/dev/sdb(0),/dev/sdc(12)')).toEqual([
      { pv: '/dev/sdb', start: 0 },
      { pv: '/dev/sdc', start: 12 },
    ]);
    expect(parseDevices('')).toEqual([]);
  });
});

describe('lvs sniff over the real corpora', () => {
  itClaimsCorpusFiles(corpusHeads(), [lvsFormat], (f) => (f.name === 'lvs.txt' ? 'lvs' : null));
});

describe('lvs properties', () => {
  const real = labLines('lvs.txt');
  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(lvsFormat, real, ctxFor('x.txt'), {
      also: (lines) => void lvsFormat.sniff(lines),
    });
  });

  it('keeps every LV when junk lines are spliced in', async () => {
    await checkSplicedJunk(lvsFormat, real, ctxFor('lvs.txt'), sameRecordsBesideLines, {
      // After the header only: junk before it has no table to belong to.
      place: (lines, at) => [...lines.slice(0, 3), ...splice(lines.slice(3), at)],
    });
  });
});
