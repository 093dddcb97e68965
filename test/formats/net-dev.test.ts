import { describe, expect, it } from 'vitest';
import { netDevFormat } from '../../src/formats/net-dev.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { fixtureLines, goldenCases, itChecksGoldenCases, parseFormatFixture } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsOnlyJunkReported } from '../helpers/junk.js';
import { ctxFor } from '../helpers/parse.js';

const FORMAT = 'net-dev';
const BOOT = Date.UTC(2026, 10, 26, 12, 25, 0);

describe('net-dev golden fixtures', () => {
  itChecksGoldenCases(
    netDevFormat,
    FORMAT,
    ['bad-lines', 'dom0-vifs', 'foreign-header', 'loop-plain-date'],
    (name) => (name === 'dom0-vifs' ? { bootTime: BOOT } : {}),
  );
});

function parseFixture(name: string, extra = {}) {
  return parseFormatFixture(netDevFormat, FORMAT, name, extra);
}

describe('net-dev (real capture of this machine: `date; cat /proc/net/dev` three times)', () => {
  it('reads three snapshots placed by their plain `date` lines, skipping lo', async () => {
    const { records, diags } = await parseFixture('loop-plain-date');
    expect(diags).toEqual([]);
    // eth0, ifb0, ifb1: eight host_net counters each, three snapshots.
    expect(records).toHaveLength(3 * 3 * 8);
    expect(records.some((r) => r.device === 'lo')).toBe(false);
    const eth0 = records.filter((r) => r.device === 'eth0' && r.ts === Date.UTC(2026, 10, 26, 14, 2, 17));
    expect(Object.fromEntries(eth0.map((r) => [r.metric, r.value]))).toEqual({
      net_rx_bytes_per_s: 223325995,
      net_rx_pkts_per_s: 6391,
      net_rx_errs_per_s: 0,
      net_rx_drops_per_s: 0,
      net_tx_bytes_per_s: 423420,
      net_tx_pkts_per_s: 3607,
      net_tx_errs_per_s: 0,
      net_tx_drops_per_s: 0,
    });
    expect(
      eth0.every((r) => r.resource === 'host_net' && r.domain === '' && r.tsSource === 'line' && r.counter),
    ).toBe(true);
  });
});

describe('net-dev on a dom0', () => {
  it('maps netback interfaces to the guest vif, by devid, in dom0 direction', async () => {
    const { records, diags } = await parseFixture('dom0-vifs', { bootTime: BOOT });
    expect(diags).toEqual([]);
    const vif7 = records.filter((r) => r.devName === 'vif7.0');
    expect(vif7.map((r) => [r.metric, r.value])).toEqual([
      ['vif_rx_bytes_per_s', 92374211],
      ['vif_rx_pkts_per_s', 80211],
      ['vif_rx_drops_per_s', 0],
      ['vif_tx_bytes_per_s', 1878580811],
      ['vif_tx_pkts_per_s', 1320455],
      ['vif_tx_drops_per_s', 17],
    ]);
    expect(vif7[0]).toMatchObject({
      resource: 'vif',
      domain: null,
      domid: 7,
      device: 'net0',
      instance: '7',
      ts: BOOT + 130_460,
      tsSource: 'boot+uptime',
    });
  });

  it('gives the -emu tap its own device, splits a counter that touches the colon, and keeps renamed vifs as host NICs', async () => {
    const { records } = await parseFixture('dom0-vifs');
    expect(records.find((r) => r.devName === 'vif7.0-emu')).toMatchObject({ domid: 7, device: 'net0-emu' });
    expect(records.find((r) => r.devName === 'vif12.1')).toMatchObject({
      domid: 12,
      device: 'net1',
      metric: 'vif_rx_bytes_per_s',
      value: 18785808110,
    });
    // Without sysfs `device/nodename` a `vifname=` interface is indistinguishable from a NIC.
    expect(records.find((r) => r.device === 'web01-eth0')).toMatchObject({
      resource: 'host_net',
      domid: null,
    });
    expect(new Set(records.filter((r) => r.resource === 'host_net').map((r) => r.device))).toEqual(
      new Set(['eth0', 'xenbr0', 'web01-eth0']),
    );
  });

  it('reports short rows, non-numbers, foreign lines and names with spaces, and keeps the good rows', async () => {
    const { records, diags } = await parseFixture('bad-lines');
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [4, 'bad_field_count'],
      [5, 'bad_number'],
      [6, 'unknown_line'],
      [7, 'unknown_line'],
    ]);
    expect(new Set(records.map((r) => r.devName ?? r.device))).toEqual(new Set(['eth0', 'vif3.0']));
  });

  it('says so when the column header is not the one it knows', async () => {
    const { records, diags } = await parseFixture('foreign-header');
    expect(diags.map((d) => [d.line, d.code])).toEqual([[2, 'unsupported']]);
    expect(records).toHaveLength(6);
  });
});

describe('net-dev sniff', () => {
  it('claims its fixtures and header-less pastes of rows', () => {
    for (const name of goldenCases(FORMAT))
      expect(netDevFormat.sniff(fixtureLines(FORMAT, name)), name).toBeGreaterThan(0.5);
    const rows = fixtureLines(FORMAT, 'dom0-vifs').filter((l) => /^\s*\S+:\s*\d/.test(l));
    expect(netDevFormat.sniff(rows)).toBeGreaterThan(0.5);
  });

  describe('claims no file of the lab corpus or the real-world pastes', () => {
    itClaimsCorpusFiles(corpusHeads(), [netDevFormat], () => null);
  });
});

describe('net-dev properties', () => {
  const real = fixtureLines(FORMAT, 'loop-plain-date');

  it('never throws', async () => {
    await checkNeverThrows(netDevFormat, real, ctxFor('x', { bootTime: BOOT }));
  });

  it('spliced junk costs no good record, and only the junk is reported', async () => {
    await checkSplicedJunk(netDevFormat, real, ctxFor('x'), sameRecordsOnlyJunkReported);
  });
});
