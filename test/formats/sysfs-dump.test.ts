import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSysfsAttributes, sysfsDumpFormat } from '../../src/formats/sysfs-dump.js';
import type { ReadingRecord } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { fixtureLines, goldenCases, itChecksGoldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsOnlyJunkReported } from '../helpers/junk.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { labLines, labPath } from '../helpers/shared.js';

const FORMAT = 'sysfs-dump';
/** Any boot time will do: the lab records uptimes only. */
const BOOT = Date.UTC(2026, 10, 26, 12, 26, 0);

function values(records: readonly ReadingRecord[], devName: string): Record<string, number> {
  return Object.fromEntries(records.filter((r) => r.devName === devName).map((r) => [r.metric, r.value]));
}

describe('sysfs-dump golden fixtures', () => {
  itChecksGoldenCases(sysfsDumpFormat, FORMAT, ['dom0-renamed-vif', 'host-net-class'], () => ({
    bootTime: BOOT,
  }));
});

describe('sysfs-dump on the Xen 4.17 lab (real blkback and netback counters)', () => {
  it('reads sysfs-stats-domu1-t001.txt: vbd-1-51712 is domu1 xvda, vif1.0 its net0', async () => {
    const { records, diags } = await runParser(
      sysfsDumpFormat,
      labLines('sysfs-stats-domu1-t001.txt'),
      ctxFor('t001', { bootTime: BOOT }),
    );
    expect(diags).toEqual([]);
    expect(records).toHaveLength(6 + 6);
    const vbd = records.filter((r) => r.resource === 'vbd');
    expect(vbd.map((r) => r.metric)).toEqual([
      'vbd_flush_reqs_per_s',
      'vbd_oo_reqs_per_s',
      'vbd_rd_reqs_per_s',
      'vbd_rd_sect_per_s',
      'vbd_wr_reqs_per_s',
      'vbd_wr_sect_per_s',
    ]);
    expect(vbd[0]).toMatchObject({
      domain: null,
      domid: 1,
      device: 'xvda',
      devName: 'vbd-1-51712',
      instance: '1',
      counter: true,
      ts: BOOT + 76_450,
      tsSource: 'boot+uptime',
      uptime: 76.45,
    });
    expect(values(records, 'vif1.0')).toEqual({
      vif_rx_bytes_per_s: 328,
      vif_rx_drops_per_s: 0,
      vif_rx_pkts_per_s: 11,
      vif_tx_bytes_per_s: 3552,
      vif_tx_drops_per_s: 1,
      vif_tx_pkts_per_s: 11,
    });
    expect(records.find((r) => r.devName === 'vif1.0')).toMatchObject({
      resource: 'vif',
      domid: 1,
      device: 'net0',
    });
  });

  it('reads the counters the guest ran up before it crashed', async () => {
    const { records } = await runParser(
      sysfsDumpFormat,
      labLines('sysfs-stats-domu1-after-crash.txt'),
      ctxFor('after-crash'),
    );
    expect(values(records, 'vbd-1-51712')).toMatchObject({
      vbd_rd_reqs_per_s: 387,
      vbd_rd_sect_per_s: 49176,
      vbd_wr_reqs_per_s: 384,
      vbd_wr_sect_per_s: 49152,
    });
    expect(values(records, 'vif1.0')).toMatchObject({
      vif_rx_bytes_per_s: 12871300,
      vif_tx_pkts_per_s: 2554,
    });
    // Without a boot time the uptime is kept for ingest to place.
    expect(records[0]).toMatchObject({ ts: null, tsSource: null, uptime: 130.46 });
  });

  it('reads the five polls of the crash loop, concatenated, as five snapshots', async () => {
    const files = readdirSync(labPath())
      .filter((f) => /^sysfs-stats-domu1-t\d{3}\.txt$/.test(f))
      .sort();
    expect(files).toHaveLength(5);
    const { records, diags } = await runParser(
      sysfsDumpFormat,
      files.flatMap((f) => labLines(f)),
      ctxFor('loop', { bootTime: BOOT }),
    );
    expect(diags).toEqual([]);
    expect(records).toHaveLength(5 * 12);
    expect([...new Set(records.map((r) => r.uptime))]).toEqual([76.45, 87.62, 98.54, 108.82, 119.8]);
  });

  it('reads a dump taken after the domain was destroyed as nothing at all', async () => {
    const { records, diags } = await runParser(
      sysfsDumpFormat,
      labLines('sysfs-stats-after-domu1-destroy.txt'),
      ctxFor('gone'),
    );
    expect(records).toEqual([]);
    expect(diags).toEqual([]);
  });

  it('gives the topology engineer the backing device and mode of each vbd, and each vif', () => {
    expect(parseSysfsAttributes(labLines('sysfs-stats-domu1-t001.txt'))).toEqual({
      vbds: [{ domid: 1, devid: 51712, physicalDevice: { major: 253, minor: 0 }, mode: 'w' }],
      vifs: [{ ifname: 'vif1.0', domid: 1, devid: 0 }],
    });
    expect(parseSysfsAttributes(labLines('sysfs-stats-after-domu1-destroy.txt'))).toEqual({
      vbds: [],
      vifs: [],
    });
  });
});

describe('sysfs-dump on a dom0 with a renamed vif', () => {
  it('names a vifname= interface by its device/nodename, keeps -emu taps apart, skips lo', async () => {
    const { records } = await runParser(
      sysfsDumpFormat,
      fixtureLines(FORMAT, 'dom0-renamed-vif'),
      ctxFor('x'),
    );
    expect(records.find((r) => r.devName === 'web01-eth0')).toMatchObject({
      resource: 'vif',
      domid: 3,
      device: 'net0',
    });
    expect(values(records, 'web01-eth0')).toMatchObject({ vif_tx_drops_per_s: 9 });
    // netback's error counters are not ours to keep; a host NIC's are.
    expect(Object.keys(values(records, 'web01-eth0'))).not.toContain('net_rx_errs_per_s');
    expect(records.find((r) => r.devName === 'vif5.0-emu')).toMatchObject({ domid: 5, device: 'net0-emu' });
    expect(records.filter((r) => r.device === 'eth0').map((r) => [r.resource, r.metric])).toEqual([
      ['host_net', 'net_rx_bytes_per_s'],
      ['host_net', 'net_rx_errs_per_s'],
    ]);
    expect(records.some((r) => r.device === 'lo')).toBe(false);
  });

  it('starts the second snapshot at its date line and reads `grep -r` style path:value lines', async () => {
    const { records, diags } = await runParser(
      sysfsDumpFormat,
      fixtureLines(FORMAT, 'dom0-renamed-vif'),
      ctxFor('x'),
    );
    const second = records.filter((r) => r.tsSource === 'line');
    expect(second.every((r) => r.ts === Date.UTC(2026, 10, 26, 12, 30, 0))).toBe(true);
    expect(second.map((r) => `${r.devName} ${r.metric} ${r.value}`)).toEqual([
      'vbd-3-51712 vbd_rd_reqs_per_s 1300',
      'vbd-3-51712 vbd_wr_reqs_per_s 900',
      'vif5.0 vif_rx_bytes_per_s 5000',
    ]);
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [13, 'bad_number'],
      [40, 'unknown_line'],
    ]);
  });

  it('lists hex major:minor, modes and bridges for topology', () => {
    expect(parseSysfsAttributes(fixtureLines(FORMAT, 'dom0-renamed-vif'))).toEqual({
      vbds: [
        { domid: 3, devid: 51712, physicalDevice: { major: 253, minor: 3 }, mode: 'w' },
        { domid: 3, devid: 51728, physicalDevice: { major: 7, minor: 2 }, mode: 'r' },
      ],
      vifs: [
        { ifname: 'web01-eth0', domid: 3, devid: 0, master: 'xenbr0' },
        { ifname: 'vif5.0', domid: 5, devid: 0, master: 'xenbr1' },
      ],
    });
  });
});

describe('sysfs-dump sniff', () => {
  it('claims the lab dumps that hold counters, and its fixtures', () => {
    for (const name of goldenCases(FORMAT))
      expect(sysfsDumpFormat.sniff(fixtureLines(FORMAT, name)), name).toBeGreaterThan(0.5);
  });

  // sys-hypervisor.txt is a path: value dump too, of nothing we read.
  describe('claims no other file of the lab corpus or the real-world pastes', () => {
    itClaimsCorpusFiles(corpusHeads(), [sysfsDumpFormat], (f) =>
      /sysfs-stats-(?!after-domu1-destroy)/.test(f.path) ? 'sysfs-dump' : null,
    );
  });
});

describe('sysfs-dump properties', () => {
  const real = labLines('sysfs-stats-domu1-after-crash.txt');

  it('never throws', async () => {
    await checkNeverThrows(sysfsDumpFormat, real, ctxFor('x', { bootTime: BOOT }), {
      also: (lines) => void parseSysfsAttributes(lines),
    });
  });

  it('spliced junk costs no good record, and only the junk is reported', async () => {
    await checkSplicedJunk(
      sysfsDumpFormat,
      real,
      ctxFor('x', { bootTime: BOOT }),
      sameRecordsOnlyJunkReported,
    );
  });
});
