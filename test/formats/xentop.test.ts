import { describe, expect, it } from 'vitest';
import { expandedParser } from '../../src/formats/readings-batch.js';
import { xentopFormat } from '../../src/formats/xentop.js';
import type { DomainSeenRecord, ParseContext, ReadingRecord } from '../../src/model/index.js';
import { itChecksGoldenCases, parseFormatFixture } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines, pasteLines } from '../helpers/shared.js';

const FORMAT = 'xentop';
/** The parser with its batches expanded to single readings: the form golden files hold. */
const xentop = expandedParser(xentopFormat);
type XentopRecord = ReadingRecord | DomainSeenRecord;
const BOOT = Date.UTC(2026, 10, 26, 12, 0, 0);
const START = Date.UTC(2026, 10, 26, 12, 1, 0);
const CTX: Record<string, Partial<ParseContext>> = {
  'domain-restart': { bootTime: BOOT },
  'full-names-widened': { start: START, intervalSeconds: 5 },
  'repeat-header': { bootTime: BOOT },
  'vbd-unreadable': { bootTime: BOOT },
};

const readings = (records: XentopRecord[]) => records.filter((r): r is ReadingRecord => r.type === 'reading');
const domains = (records: XentopRecord[]) =>
  records.filter((r): r is DomainSeenRecord => r.type === 'domain');

/** Each domain row's record with the readings that follow it. */
function rowGroups(records: XentopRecord[]): { seen: DomainSeenRecord; readings: ReadingRecord[] }[] {
  const groups: { seen: DomainSeenRecord; readings: ReadingRecord[] }[] = [];
  for (const r of records) {
    if (r.type === 'domain') groups.push({ seen: r, readings: [] });
    else groups[groups.length - 1]!.readings.push(r);
  }
  return groups;
}

/** `{metric: value}` of one domain's readings on one device at one iteration (by domain-row order). */
function valuesAt(
  records: XentopRecord[],
  domain: string,
  device: string,
  iteration: number,
): Record<string, number> {
  const times = [...new Set(readings(records).map((r) => r.ts ?? r.uptime))];
  const rows = readings(records).filter(
    (r) => r.domain === domain && r.device === device && (r.ts ?? r.uptime) === times[iteration],
  );
  return Object.fromEntries(rows.map((r) => [r.metric + (r.counter ? '' : '@gauge'), r.value]));
}

describe('xentop golden fixtures', () => {
  itChecksGoldenCases(
    xentop,
    FORMAT,
    [
      'domain-restart',
      'full-names-widened',
      'no-limit-maxmem',
      'repeat-header',
      'repeat-header-detected',
      'truncated-name-collision',
      'vbd-unreadable',
      'vcpu-and-garbage',
    ],
    (name) => CTX[name],
  );
});

function parseFixture(name: string, extra = CTX[name]) {
  return parseFormatFixture(xentop, FORMAT, name, extra);
}

describe('xentop -b -n -x (real Xen 4.17 captures)', () => {
  it('reads the 5th iteration of domu1 while it writes to its disk', async () => {
    const { records, diags } = await parseLab(xentop, 'xentop-b-n-x-during-domu1.txt', {
      start: START,
      intervalSeconds: 1,
    });
    expect(diags).toEqual([]);
    expect(new Set(domains(records).map((d) => d.ts)).size).toBe(58);
    const fifth = START + 4000;
    const vbd = readings(records).filter(
      (r) => r.domain === 'domu1' && r.device === 'xvda' && r.ts === fifth,
    );
    expect(Object.fromEntries(vbd.map((r) => [r.metric, r.value]))).toEqual({
      vbd_oo_reqs_per_s: 0,
      vbd_rd_reqs_per_s: 131,
      vbd_wr_reqs_per_s: 128,
      vbd_rd_sect_per_s: 16408,
      vbd_wr_sect_per_s: 16384,
    });
    const net = readings(records).filter(
      (r) => r.domain === 'domu1' && r.device === 'net0' && r.ts === fifth,
    );
    expect(Object.fromEntries(net.map((r) => [r.metric, r.value]))).toEqual({
      vif_rx_bytes_per_s: 1992,
      vif_rx_pkts_per_s: 10,
      vif_rx_drops_per_s: 0,
      vif_tx_bytes_per_s: 2110,
      vif_tx_pkts_per_s: 9,
      vif_tx_drops_per_s: 1,
    });
    expect(
      vbd.concat(net).every((r) => r.counter && r.tsSource === 'start+interval' && r.instance === 'gen0'),
    ).toBe(true);
    // xentop has no domids; names of 5 characters are whole.
    expect(domains(records).every((d) => d.domid === null && d.nameTruncated === undefined)).toBe(true);
  });

  it('uses CPU(sec) in the first iteration and CPU(%) after it', async () => {
    const { records } = await parseLab(xentop, 'xentop-b-n-x-during-domu1.txt');
    const cpu = readings(records).filter((r) => r.domain === 'Domain-0' && r.metric === 'cpu_ratio');
    // Iteration 1: the counter alone (CPU(%) is 0.0); iteration 2: gauge 1.154 and a state-only counter.
    expect(cpu.slice(0, 3).map((r) => [r.value, r.counter, r.stateOnly])).toEqual([
      [85, true, undefined],
      [1.154, false, undefined],
      [87, true, true],
    ]);
    // No date line, no --start, no harness uptime: the file is left to ingest to report.
    expect(records.every((r) => r.type !== 'reading' || (r.ts === null && r.tsSource === null))).toBe(true);
  });

  it('places a harness capture at boot + uptime, one -d interval apart, and sees the crash', async () => {
    const { records, diags } = await parseLab(xentop, 'xentop-b-n-x-after-domu1-crash.txt', {
      bootTime: BOOT,
    });
    expect(diags).toEqual([]);
    const seen = domains(records);
    expect(seen.map((d) => [d.name, d.ts, d.uptime, d.state])).toEqual([
      ['Domain-0', BOOT + 128_890, 128.89, '-----r'],
      ['domu1', BOOT + 128_890, 128.89, '---c--'],
      ['Domain-0', BOOT + 129_890, 129.89, '-----r'],
      ['domu1', BOOT + 129_890, 129.89, '---c--'],
    ]);
    expect(seen[1]).toMatchObject({ shutdownReason: 3, cpuSeconds: 21, vcpus: 1 });
    expect(readings(records).every((r) => r.tsSource === 'boot+uptime')).toBe(true);
    expect(valuesAt(records, 'Domain-0', '', 1)).toMatchObject({ 'cpu_ratio@gauge': 0.184, cpu_ratio: 140 });
  });

  it('keeps the uptime when the boot time is not known yet', async () => {
    const { records } = await parseLab(xentop, 'xentop-b-i3-d1.txt');
    expect(domains(records).map((d) => [d.ts, d.tsSource, d.uptime])).toEqual([
      [null, null, 33.61],
      [null, null, 34.61],
      [null, null, 35.61],
    ]);
  });

  it('without -n/-x lines, reads the row totals under xentop-total (NETTX/NETRX in KiB)', async () => {
    const { records, diags } = await parseLab(xentop, 'xentop-b-f-d2-during-domu1.txt');
    expect(diags).toEqual([]);
    expect(new Set(domains(records).map((d) => d.cpuSeconds)).size).toBeGreaterThan(1);
    const third = rowGroups(records).filter((g) => g.seen.name === 'domu1')[2]!;
    expect(third.seen).toMatchObject({ line: 9, state: '------', cpuSeconds: 9 });
    expect(third.readings.map((r) => [r.resource, r.device, r.metric, r.value, r.scale])).toEqual([
      ['cpu', '', 'cpu_ratio', 0.674, undefined],
      ['cpu', '', 'cpu_ratio', 9, undefined],
      ['mem', '', 'mem_kib', 131072, undefined],
      ['mem', '', 'maxmem_kib', 132096, undefined],
      ['vbd', 'xentop-total', 'vbd_oo_reqs_per_s', 0, undefined],
      ['vbd', 'xentop-total', 'vbd_rd_reqs_per_s', 131, undefined],
      ['vbd', 'xentop-total', 'vbd_wr_reqs_per_s', 128, undefined],
      ['vbd', 'xentop-total', 'vbd_rd_sect_per_s', 16408, undefined],
      ['vbd', 'xentop-total', 'vbd_wr_sect_per_s', 16384, undefined],
      ['vif', 'xentop-total', 'vif_tx_bytes_per_s', 0, 1024],
      ['vif', 'xentop-total', 'vif_rx_bytes_per_s', 0, 1024],
    ]);
    const vif = readings(records).filter((r) => r.resource === 'vif');
    expect(vif.length).toBeGreaterThan(0);
    expect(vif.every((r) => r.device === 'xentop-total' && r.scale === 1024 && r.counter)).toBe(true);
  });

  it('starts a new instance when domu2 is re-created (CPU(sec) and VBD counters go back to 0)', async () => {
    const { records, diags } = await parseLab(xentop, 'xentop-b-n-x-during-domu2.txt');
    expect(diags).toEqual([]);
    const cpu = readings(records).filter(
      (r) => r.domain === 'domu2' && r.metric === 'cpu_ratio' && r.counter,
    );
    const firstOf = (instance: string) => cpu.find((r) => r.instance === instance)?.value;
    expect([...new Set(cpu.map((r) => r.instance))]).toEqual(['gen0', 'gen1', 'gen2']);
    // gen1: the new domain (CPU 14 → 0); gen2: its disk closed at shutdown (RD 68 → 0).
    expect([firstOf('gen0'), firstOf('gen1'), firstOf('gen2')]).toEqual([0, 0, 8]);
    // While statistics are unreadable (`-`), no VBD reading is made.
    const unreadable = rowGroups(records).filter((g) => [167, 171, 175].includes(g.seen.line));
    expect(
      unreadable.map((g) => [g.seen.name, g.readings.filter((r) => r.resource === 'vbd').length]),
    ).toEqual([
      ['domu2', 0],
      ['domu2', 0],
      ['domu2', 0],
    ]);
    expect(
      rowGroups(records)
        .find((g) => g.seen.line === 179)!
        .readings.filter((r) => r.resource === 'vbd'),
    ).toHaveLength(5);
  });

  it('reads a dom0-only capture', async () => {
    const { records, diags } = await parseLab(xentop, 'xentop-b-n-x-i3-d1-dom0only.txt');
    expect(diags).toEqual([]);
    expect(domains(records).map((d) => d.cpuSeconds)).toEqual([42, 42, 42]);
    expect(
      readings(records)
        .filter((r) => r.metric === 'cpu_ratio' && !r.counter)
        .map((r) => r.value),
    ).toEqual([0.06, 0.029]);
  });
});

describe('xentop edge cases', () => {
  it('keeps two domains cut to the same 10 characters apart, with one diagnostic', async () => {
    const { records, diags } = await parseFixture('truncated-name-collision');
    expect(diags.map((d) => [d.code, d.line])).toEqual([['ambiguous_name', 5]]);
    const names = domains(records).map((d) => [d.name, d.nameTruncated]);
    expect(names.slice(0, 4)).toEqual([
      ['db1', undefined],
      ['Domain-0', undefined],
      ['webserver-#1', true],
      ['webserver-#2', true],
    ]);
    expect(valuesAt(records, 'webserver-#2', '', 1)['cpu_ratio@gauge']).toBe(0.415);
    expect(records[0]).toMatchObject({ ts: Date.UTC(2026, 10, 26, 12, 28, 8), tsSource: 'line' });
  });

  it('skips maxmem for "no limit" and reads the columns after it', async () => {
    const { records, diags } = await parseFixture('no-limit-maxmem');
    expect(diags).toEqual([]);
    expect(valuesAt(records, 'Domain-0', '', 0)).toEqual({ cpu_ratio: 81234, 'mem_kib@gauge': 4194304 });
    expect(domains(records)[0]).toMatchObject({
      vcpus: 8,
      ts: Date.UTC(2026, 10, 26, 12, 28, 8),
      tsSource: 'line',
    });
    expect(domains(records)[2]!.ts).toBe(Date.UTC(2026, 10, 26, 12, 28, 13));
  });

  it('makes no reading from "-" statistics, and totals only for a domain without VBD lines', async () => {
    const { records } = await parseFixture('vbd-unreadable');
    expect(readings(records).filter((r) => r.domain === 'crashed1' && r.resource === 'vbd')).toEqual([]);
    expect(Object.keys(valuesAt(records, 'web01', 'xvdb', 0))).toEqual([]);
    expect(valuesAt(records, 'web01', 'xvda', 1)).toMatchObject({ vbd_rd_reqs_per_s: 183430 });
    expect(valuesAt(records, 'qdisk1', 'xentop-total', 0)).toMatchObject({ vbd_rd_reqs_per_s: 300 });
    expect(readings(records).some((r) => r.domain === 'web01' && r.device === 'xentop-total')).toBe(false);
  });

  it('reads widened columns and -f names; Net<N> of a two-vif domain is no devid', async () => {
    const { records, diags } = await parseFixture('full-names-widened');
    expect(diags).toEqual([]);
    expect(domains(records).map((d) => d.name)).toContain('database-primary-01');
    expect(domains(records).every((d) => d.nameTruncated === undefined)).toBe(true);
    expect(valuesAt(records, 'database-primary-01', 'xentop-net0', 1)).toMatchObject({
      vif_tx_bytes_per_s: 1878591051,
      vif_tx_drops_per_s: 17,
    });
    expect(valuesAt(records, 'database-primary-01', 'xentop-net1', 0)).toMatchObject({
      vif_rx_drops_per_s: 1,
    });
    expect(valuesAt(records, 'web01', 'net0', 1)).toMatchObject({ vif_tx_bytes_per_s: 3134 });
    expect(readings(records).at(-1)).toMatchObject({ ts: START + 5000, tsSource: 'start+interval' });
  });

  it('reads -r output (a header before every row) as one iteration per run of distinct names', async () => {
    for (const name of ['repeat-header', 'repeat-header-detected']) {
      const { records, diags } = await parseFixture(name);
      expect(diags).toEqual([]);
      const times = domains(records).map((d) => d.ts);
      expect(new Set(times).size).toBe(2);
      expect(readings(records).filter((r) => r.metric === 'cpu_ratio' && !r.counter).length).toBeGreaterThan(
        0,
      );
    }
    const detected = await parseFixture('repeat-header-detected');
    expect(domains(detected.records).map((d) => d.ts)).toEqual(
      [0, 0, 2, 2].map((s) => Date.UTC(2026, 10, 26, 11, 0, s)),
    );
    const harness = await parseFixture('repeat-header');
    expect(domains(harness.records).map((d) => d.uptime)).toEqual([50, 50, 50, 52, 52, 52]);
  });

  it('skips vCPU lines; a bad row costs only itself and its sub-lines', async () => {
    const { records, diags } = await parseFixture('vcpu-and-garbage');
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [2, 'orphan_subline'],
      [8, 'unknown_line'],
      [9, 'bad_number'],
      [10, 'orphan_subline'],
      [11, 'bad_field_count'],
      [15, 'bad_field_count'],
    ]);
    expect(domains(records).map((d) => d.name)).toEqual(['Domain-0', 'six-vcpus', 'web01']);
    expect(valuesAt(records, 'six-vcpus', 'net0', 0)).toMatchObject({ vif_rx_bytes_per_s: 1024 });
  });

  it('does not emit CPU(%) of a restarted run as a gauge, and changes instance on a restart', async () => {
    const { records } = await parseFixture('domain-restart');
    const flaky = readings(records).filter(
      (r) => r.domain === 'flaky' && r.counter && r.metric === 'cpu_ratio',
    );
    expect(flaky.map((r) => [r.value, r.instance])).toEqual([
      [20, 'gen0'],
      [21, 'gen0'],
      [0, 'gen1'],
      [1, 'gen1'],
    ]);
    expect(
      readings(records)
        .filter((r) => r.domain === 'flaky' && r.metric === 'vbd_rd_reqs_per_s')
        .at(-1),
    ).toMatchObject({ value: 3, instance: 'gen1' });
  });

  it('treats a pasted interactive screen as unsupported and emits no values', async () => {
    const { records, diags } = await runParser(xentop, pasteLines('008'), ctxFor('008.txt'));
    expect(records).toEqual([]);
    expect(diags.filter((d) => d.code === 'unsupported').length).toBeGreaterThan(0);
    expect(xentopFormat.sniff(pasteLines('008'))).toBeLessThan(0.5);
  });

  it('reads a header whatever its whitespace, and refuses one with a title changed or missing', async () => {
    const lines = labLines('xentop-b-n-x-during-domu1.txt');
    const header = lines.find((l) => l.includes('NAME'))!;
    const body = lines.slice(lines.indexOf(header) + 1, lines.indexOf(header, lines.indexOf(header) + 1));
    const parse = async (h: string) =>
      runParser(xentop, [h, ...body], ctxFor('x', { start: START, intervalSeconds: 1 }));
    const plain = await parse(header);
    expect(domains(plain.records).length).toBeGreaterThan(0);
    // Tabs, runs of spaces, trailing CR and blanks, Unicode spaces (the non-ASCII way): all complete.
    for (const h of [
      header.replaceAll(' ', '\t'),
      `  ${header.replace(/ +/g, '   ')} \r`,
      header.replace('STATE', '\u00a0STATE\u2003'),
    ]) {
      expect(await parse(h)).toEqual(plain);
    }
    // A title cut, glued to its neighbour or missing: rows skipped, one diagnostic.
    for (const h of [
      header.replace('SSID', 'SSI'),
      header.replace(/VBDS +/, 'VBDS'),
      header.replace(' VCPUS', ''),
      `${header} X`,
    ]) {
      const { records, diags } = await parse(h);
      expect(records).toEqual([]);
      expect(diags.map((d) => d.code)).toEqual(['unsupported']);
    }
  });

  it('ignores harness lines as annotations only when told to', async () => {
    const lines = labLines('xentop-b-i3-d1.txt');
    const { records, diags } = await runParser(xentop, lines, ctxFor('x', { harnessComments: false }));
    expect(domains(records)).toHaveLength(3);
    expect(domains(records)[0]!.uptime).toBeUndefined();
    expect(diags.map((d) => d.line)).toEqual([1, 2, 9]);
  });
});

describe('xentop properties', () => {
  const real = labLines('xentop-b-n-x-after-domu1-crash.txt');

  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(xentop, real, ctxFor('fuzz'));
  });

  it('loses no record to junk lines spliced in', async () => {
    await checkSplicedJunk(xentop, real, ctxFor('x', { bootTime: BOOT }), (dirty, clean) => {
      sameRecordsBesideLines(dirty, clean);
      expect(dirty.diags.every((d) => d.code === 'unknown_line')).toBe(true);
    });
  });
});
