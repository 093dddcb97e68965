/**
 * xentop's batched readings and fast line scanners. Batches: on generated captures, the expanded
 * batches are exactly the single readings the format has always made (the rules of reference §1,
 * written out here independently), and rows of one shape share one frozen layout. Scanners: on
 * generated and mutated lines, a scanner that answers agrees with the regex reader it fronts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandReadings } from '../../src/formats/readings-batch.js';
import { xentopFormat } from '../../src/formats/xentop.js';
import {
  COUNTS,
  loadLine,
  matchNet,
  matchRow,
  matchVbd,
  NET_COUNTS,
  type Row,
  scanNet,
  scanRow,
  scanVbd,
} from '../../src/formats/xentop-lines.js';
import { vdevName } from '../../src/model/devices.js';
import type { ReadingRecord, ReadingsRecord } from '../../src/model/index.js';
import { ctxFor, runParser } from '../helpers/parse.js';

const T0 = Date.UTC(2026, 4, 17, 0, 0, 0);
const HEADER =
  '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';

type Count = number | null;

interface GenRow {
  name: string;
  cpuStep: number;
  pct: number; // tenths of a percent
  memK: number;
  maxmemK: number | null;
  vbd: Count[];
  nets: { rx: number[]; tx: number[] }[];
  vbdLines: { devid: number; counts: Count[] }[];
  netTotals: [number, number];
}

const count: fc.Arbitrary<Count> = fc.oneof(
  { weight: 5, arbitrary: fc.nat({ max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const counts = fc.array(count, { minLength: 5, maxLength: 5 });
const genRow = (name: string): fc.Arbitrary<GenRow> =>
  fc.record({
    name: fc.constant(name),
    cpuStep: fc.nat({ max: 50 }),
    // Never 0.0: a whole iteration at 0.0 would read as a restarted xentop run.
    pct: fc.integer({ min: 1, max: 8000 }),
    memK: fc.nat({ max: 1 << 30 }),
    maxmemK: fc.option(fc.nat({ max: 1 << 30 }), { nil: null }),
    vbd: counts,
    nets: fc.array(
      fc.record({
        rx: fc.array(fc.nat({ max: 1e9 }), { minLength: 4, maxLength: 4 }),
        tx: fc.array(fc.nat({ max: 1e9 }), { minLength: 4, maxLength: 4 }),
      }),
      { maxLength: 2 },
    ),
    vbdLines: fc.array(fc.record({ devid: fc.constantFrom(51712, 51728, 768, 202), counts }), {
      maxLength: 2,
    }),
    netTotals: fc.tuple(fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 })),
  });

/** Iterations of the same domains (names never 10 characters: none is cut). */
const capture = fc
  .integer({ min: 1, max: 4 })
  .chain((domains) => {
    const names = Array.from({ length: domains }, (_, d) => `dom-${d}`);
    return fc.array(fc.tuple(...names.map(genRow)), { minLength: 1, maxLength: 4 });
  })
  .map((its) => its.map((rows) => rows.map((r) => ({ ...r, vbdLines: dedupeDevids(r.vbdLines) }))));

function dedupeDevids(lines: GenRow['vbdLines']): GenRow['vbdLines'] {
  const seen = new Set<number>();
  return lines.filter((l) => !seen.has(l.devid) && seen.add(l.devid));
}

const cell = (c: Count) => (c === null ? '-' : String(c));

/** The capture's text, and the single readings the format makes of it. */
function render(its: GenRow[][]): { lines: string[]; expected: ReadingRecord[] } {
  const lines: string[] = [];
  const expected: ReadingRecord[] = [];
  const cpu = new Map<string, number>();
  its.forEach((rows, i) => {
    const ts = T0 + i * 5000;
    lines.push(new Date(ts).toISOString().replace('.000Z', '+00:00'), HEADER);
    for (const r of rows) {
      const cpuSec = (cpu.get(r.name) ?? 10) + r.cpuStep;
      cpu.set(r.name, cpuSec);
      // Counters must not go down (a decrease is a restart, another instance): shift them per iteration.
      const up = (c: Count) => (c === null ? null : c + i * 10_000_001);
      const vbd = r.vbd.map(up);
      const vbds = r.vbdLines.length > 0 ? r.vbdLines.length : vbd.some((c) => c !== null) ? 1 : 0;
      const nets = r.nets.length > 0 ? r.nets.length : 1;
      const maxmem = r.maxmemK === null ? 'no limit n/a' : `${r.maxmemK} 1.0`;
      const pct = (r.pct / 10).toFixed(1);
      lines.push(
        `${r.name.padStart(10)} --b--- ${cpuSec} ${pct} ${r.memK} 3.1 ${maxmem} 2 ${nets} ${r.netTotals[0]} ${r.netTotals[1]} ${vbds}  ${vbd.map(cell).join('  ')} 0`,
      );
      for (const [k, n] of r.nets.entries())
        lines.push(
          `Net${k} RX: ${n.rx[0]}bytes ${n.rx[1]}pkts ${n.rx[2]}err ${n.rx[3]}drop  TX: ${n.tx[0]}bytes ${n.tx[1]}pkts ${n.tx[2]}err ${n.tx[3]}drop`,
        );
      const vbdLines = r.vbdLines.map((l) => ({ devid: l.devid, counts: l.counts.map(up) }));
      for (const l of vbdLines)
        lines.push(
          `VBD BlkBack ${l.devid} [ca: 0]  OO: ${cell(l.counts[0]!)}   RD: ${cell(l.counts[1]!)}   WR: ${cell(l.counts[2]!)}   RSECT: ${cell(l.counts[3]!)}   WSECT: ${cell(l.counts[4]!)}`,
        );

      // What the format makes of the row, rule by rule.
      const base = { type: 'reading', ts, tsSource: 'line', domain: r.name, domid: null } as const;
      const push = (x: Omit<ReadingRecord, keyof typeof base>) =>
        expected.push({ ...base, ...x, ...(x.counter ? { instance: 'gen0' } : {}) });
      if (i > 0)
        push({
          resource: 'cpu',
          device: '',
          metric: 'cpu_ratio',
          value: Number((Number(pct) / 100).toFixed(6)),
          counter: false,
        });
      push({
        resource: 'cpu',
        device: '',
        metric: 'cpu_ratio',
        value: cpuSec,
        counter: true,
        ...(i > 0 ? { stateOnly: true } : {}),
      });
      push({ resource: 'mem', device: '', metric: 'mem_kib', value: r.memK, counter: false });
      if (r.maxmemK !== null)
        push({ resource: 'mem', device: '', metric: 'maxmem_kib', value: r.maxmemK, counter: false });
      const vbdMetrics = ['oo_reqs', 'rd_reqs', 'wr_reqs', 'rd_sect', 'wr_sect'] as const;
      const vbdReadings = (device: string, cs: Count[]) =>
        cs.forEach((c, k) => {
          if (c !== null)
            push({ resource: 'vbd', device, metric: `vbd_${vbdMetrics[k]!}_per_s`, value: c, counter: true });
        });
      if (vbdLines.length > 0) for (const l of vbdLines) vbdReadings(vdevName(l.devid), l.counts);
      else if (vbds > 0) vbdReadings('xentop-total', vbd);
      if (r.nets.length > 0) {
        for (const [k, n] of r.nets.entries()) {
          const device = nets === 1 ? 'net0' : `xentop-net${k}`;
          const m = (what: string, dir: 'rx' | 'tx', v: number) =>
            push({
              resource: 'vif',
              device,
              metric: `vif_${dir}_${what}_per_s` as never,
              value: v,
              counter: true,
            });
          m('bytes', 'rx', n.rx[0]!);
          m('pkts', 'rx', n.rx[1]!);
          m('drops', 'rx', n.rx[3]!);
          m('bytes', 'tx', n.tx[0]!);
          m('pkts', 'tx', n.tx[1]!);
          m('drops', 'tx', n.tx[3]!);
        }
      } else {
        const t = { resource: 'vif', device: 'xentop-total', counter: true, scale: 1024 } as const;
        push({ ...t, metric: 'vif_tx_bytes_per_s', value: r.netTotals[0] });
        push({ ...t, metric: 'vif_rx_bytes_per_s', value: r.netTotals[1] });
      }
    }
  });
  return { lines, expected };
}

async function batchesOf(lines: string[]) {
  const { records, diags } = await runParser(xentopFormat, lines, ctxFor('gen.txt'));
  const batches = records.filter((r): r is ReadingsRecord => r.type === 'readings');
  return { records, diags, batches };
}

describe('xentop batches', () => {
  it('expand to exactly the single readings of each row, in order', async () => {
    await fc.assert(
      fc.asyncProperty(capture, async (its) => {
        const { lines, expected } = render(its);
        const { diags, batches, records } = await batchesOf(lines);
        expect(diags).toEqual([]);
        // One sighting and one batch per row.
        expect(batches).toHaveLength(records.length / 2);
        expect(batches.flatMap(expandReadings)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('share one frozen layout per row shape, with one value per slot', async () => {
    const its = [0, 1, 2].map((i) =>
      ['a', 'b'].map(
        (name): GenRow => ({
          name,
          cpuStep: 1,
          pct: 125,
          memK: 1024,
          maxmemK: 2048,
          vbd: [0, i, i, i, i],
          nets: [{ rx: [i, i, 0, 0], tx: [i, i, 0, 0] }],
          vbdLines: [{ devid: 51712, counts: [0, i, i, i, i] }],
          netTotals: [0, 0],
        }),
      ),
    );
    const { batches } = await batchesOf(render(its).lines);
    expect(batches).toHaveLength(6);
    // The first iteration (CPU(%) not yet meaningful) has its own shape; the later ones share one.
    expect(new Set(batches.map((b) => b.layout)).size).toBe(2);
    expect(batches[2]!.layout).toBe(batches[5]!.layout);
    expect(Object.isFrozen(batches[2]!.layout)).toBe(true);
    expect(batches[2]!.layout.every((s) => Object.isFrozen(s))).toBe(true);
    for (const b of batches) expect(b.values).toHaveLength(b.layout.length);
    expect(batches[2]!.layout.map((s) => `${s.resource}/${s.device}/${s.metric}`).slice(0, 5)).toEqual([
      'cpu//cpu_ratio',
      'cpu//cpu_ratio',
      'mem//mem_kib',
      'mem//maxmem_kib',
      'vbd/xvda/vbd_oo_reqs_per_s',
    ]);
  });
});

/** A line with one character changed, inserted or removed: near misses for the scanners. */
const mutated = (line: fc.Arbitrary<string>) =>
  fc
    .tuple(
      line,
      fc.nat(),
      fc.constantFrom('\t', ' ', '-', '.', '0', '9', 'x', '\u00a0', '\u0120', '\r', '1234567890123456', ''),
      fc.constantFrom('replace', 'insert'),
    )
    .map(([l, at, c, how]) => {
      const i = at % (l.length + 1);
      return how === 'insert' ? l.slice(0, i) + c + l.slice(i) : l.slice(0, i) + c + l.slice(i + 1);
    });

const sp = fc.integer({ min: 1, max: 3 }).map((n) => ' '.repeat(n));
const num = fc.oneof(fc.nat({ max: 999 }), fc.nat(), fc.constant(0)).map(String);
const dec = fc
  .tuple(fc.nat({ max: 9999 }), fc.option(fc.nat({ max: 99 })))
  .map(([a, b]) => (b === null ? String(a) : `${a}.${b}`));
const cnt = fc.oneof(num, fc.constant('-'));
const rowLine = fc
  .tuple(
    fc.constantFrom('web01', '  Domain-0', 'a b c', 'NAME', '--b---', 'x'.repeat(30)),
    fc.array(sp, { minLength: 19, maxLength: 19 }),
    fc.constantFrom('--b---', '-----r', 'dsbcpr', '---c--'),
    num,
    dec,
    num,
    dec,
    fc.oneof(
      fc.tuple(num, dec).map(([a, b]) => [a, b]),
      fc.constant(['no limit', 'n/a']),
    ),
    fc.array(num, { minLength: 5, maxLength: 5 }),
    fc.array(cnt, { minLength: 5, maxLength: 5 }),
    num,
  )
  .map(([name, s, state, cs, cp, mk, mp, mx, five, vbd, ssid]) => {
    const cols = [state, cs, cp, mk, mp, mx[0]!, mx[1]!, ...five, ...vbd, ssid];
    return name + cols.map((c, k) => s[k]! + c).join('') + (s[18] === ' ' ? ' ' : '');
  });
const netLine = fc
  .tuple(fc.nat({ max: 3 }), fc.array(num, { minLength: 8, maxLength: 8 }), sp)
  .map(
    ([k, v, s]) =>
      `Net${k} RX:${s}${v[0]}bytes ${v[1]}pkts${s}${v[2]}err ${v[3]}drop${s}TX: ${v[4]}bytes ${v[5]}pkts ${v[6]}err ${v[7]}drop`,
  );
const vbdLine = fc
  .tuple(fc.constantFrom('51712', '-5', '768'), fc.array(cnt, { minLength: 5, maxLength: 5 }), sp)
  .map(
    ([id, c, s]) =>
      `VBD BlkBack ${id} [ca:${s}0]${s}OO: ${c[0]} RD:${s}${c[1]}   WR: ${c[2]}   RSECT: ${c[3]}   WSECT: ${c[4]}${s}`,
  );

/**
 * A reader's answer with the counters it left in the scratch arrays (`COUNTS`, `NET_COUNTS`), so
 * that the scanners and the regex readers can be compared whole; null when it did not read.
 */
const rowBy = (read: () => Row | null) => {
  const row = read();
  return row && { ...row, counts: [...COUNTS] };
};
const netBy = (read: () => number) => {
  const ordinal = read();
  return ordinal < 0 ? null : { ordinal, counts: [...NET_COUNTS] };
};
const vbdBy = (read: () => number | null) => {
  const devid = read();
  return devid === null ? null : { devid, counts: [...COUNTS] };
};
const scannedRow = (line: string, lineNo: number) => rowBy(() => scanRow(line, loadLine(line), lineNo));
const matchedRow = (line: string, lineNo: number) => rowBy(() => matchRow(line, lineNo));
const scannedNet = (line: string) => netBy(() => scanNet(loadLine(line)));
const matchedNet = (line: string) => netBy(() => matchNet(line));
const scannedVbd = (line: string) => vbdBy(() => scanVbd(loadLine(line)));
const matchedVbd = (line: string) => vbdBy(() => matchVbd(line));

describe('xentop line scanners', () => {
  it('read every plain line, as the regexes do', () => {
    fc.assert(
      fc.property(rowLine, netLine, vbdLine, (row, net, vbd) => {
        expect(scannedRow(row, 7)).toEqual(matchedRow(row, 7));
        expect(scannedRow(row, 7)).not.toBeNull();
        expect(scannedNet(net)).toEqual(matchedNet(net));
        expect(scannedNet(net)).not.toBeNull();
        expect(scannedVbd(vbd)).toEqual(matchedVbd(vbd));
        expect(scannedVbd(vbd)).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('never accept a line the regex rejects, nor read it differently', () => {
    const agree = <T>(scan: T | null, match: T | null) => {
      if (scan !== null) expect(scan).toEqual(match);
    };
    fc.assert(
      fc.property(mutated(rowLine), mutated(netLine), mutated(vbdLine), (row, net, vbd) => {
        agree(scannedRow(row, 3), matchedRow(row, 3));
        agree(scannedNet(net), matchedNet(net));
        agree(scannedVbd(vbd), matchedVbd(vbd));
      }),
      { numRuns: 2000 },
    );
  });

  it('leave long numbers, non-ASCII and other whitespace to the regexes', () => {
    const row =
      '   guest00 --b---         10    0.0    1048576    3.1    2097152       6.2     2    1        0        0    1        0        0        0          0          0    0';
    expect(scannedRow(row, 1)).toEqual(matchedRow(row, 1));
    for (const odd of [
      row.replace('1048576', '1234567890123456'),
      row.replace('guest00', 'gäst00'),
      `${row}\r`,
    ])
      expect(scannedRow(odd, 1)).toBeNull();
    expect(matchRow(row.replace('guest00', 'gäst00'), 1)?.name).toBe('gäst00');
    expect(scannedNet('Net0 RX: 1bytes 1pkts 0err 0drop\tTX: 1bytes 1pkts 0err 0drop')).toBeNull();
    // `\s*` after a label is no space at all too: the scanners read it as the regexes do.
    const tight = 'Net0 RX:1bytes 1pkts 0err 0drop TX: 1bytes 1pkts 0err 0drop';
    expect(scannedNet(tight)).toEqual(matchedNet(tight));
    expect(scannedNet(tight)).not.toBeNull();
    const vbd =
      'VBD BlkBack 51712 [ca: 0]  OO:        0   RD:        7   WR:        -   RSECT:  56   WSECT: 0';
    expect(scannedVbd(vbd)).toEqual({ devid: 51712, counts: [0, 7, -1, 56, 0] });
    expect(scannedVbd(vbd.replace('[ca: 0]', '[ 8:10]'))).toEqual(
      matchedVbd(vbd.replace('[ca: 0]', '[ 8:10]')),
    );
    expect(scannedVbd(vbd.replace('OO:        0', 'OO:0'))).toEqual({
      devid: 51712,
      counts: [0, 7, -1, 56, 0],
    });
  });

  it('agree with the regexes on near misses of every column (spacing, digits, units, brackets)', () => {
    // Each column drawn from its valid forms and its near misses; the scanner must read exactly
    // what the regex reads, or leave the line to it. The leading spaces move the line's word
    // alignment, which the word-at-a-time space skipping depends on.
    const agree = <T>(scan: T | null, match: T | null, plain: boolean) => {
      if (scan !== null || plain) expect(scan).toEqual(match);
      if (plain) expect(scan).not.toBeNull();
    };
    fc.assert(
      fc.property(nearRow, nearNet, nearVbd, ([row, rowPlain], [net, netPlain], [vbd, vbdPlain]) => {
        agree(scannedRow(row, 5), matchedRow(row, 5), rowPlain);
        agree(scannedNet(net), matchedNet(net), netPlain);
        agree(scannedVbd(vbd), matchedVbd(vbd), vbdPlain);
      }),
      { numRuns: 3000 },
    );
  });

  it('read 15-digit numbers and leave 16 digits, tabs and odd brackets to the regexes', () => {
    const n15 = '123456789012345';
    const n16 = '1234567890123456';
    const net = (a: string, sep = ' ') =>
      `Net1 RX: ${a}bytes 2pkts 0err 3drop${sep}TX: 4bytes 5pkts 0err 6drop`;
    expect(scannedNet(net(n15))).toEqual({ ordinal: 1, counts: [123456789012345, 2, 3, 4, 5, 6] });
    expect(scannedNet(net(n16))).toBeNull();
    expect(matchedNet(net(n16))?.counts[0]).toBe(Number(n16));
    expect(scannedNet(net('1', '\t'))).toBeNull();
    expect(scannedNet(net('1').replace('2pkts', '2'))).toBeNull();
    expect(matchedNet(net('1').replace('2pkts', '2'))).toBeNull();
    const vbd = (b: string, id = '768') => `VBD BlkBack ${id} ${b}  OO: 1 RD: 2 WR: 3 RSECT: 4 WSECT: 5`;
    for (const b of ['[ca: 0]', '[ca:0]', '[ 8: 10]', '[  8:  a]'])
      expect(scannedVbd(vbd(b))).toEqual(matchedVbd(vbd(b)));
    expect(scannedVbd(vbd('[ca:0]', '-5'))).toEqual({ devid: -5, counts: [1, 2, 3, 4, 5] });
    for (const b of ['[CA:0]', '[ca:]', '[:0]', '[ca 0]', '[ca:0 ]', 'ca:0]', '[ca:0]x'])
      expect([b, scannedVbd(vbd(b)), matchedVbd(vbd(b))]).toEqual([b, null, null]);
    const row = (mem: string) =>
      `  my dom --b---  10  ${mem}  1048576  3.1  no limit  n/a  2  1  0  0  1  0  0  0  0  0  0`;
    expect(scannedRow(row('0.5'), 1)).toEqual(matchedRow(row('0.5'), 1));
    expect(scannedRow(row('12345678901.2345'), 1)?.cpuPct).toBe(12345678901.2345);
    expect(scannedRow(row('12345678901.23456'), 1)).toBeNull();
    expect(matchedRow(row('12345678901.23456'), 1)?.cpuPct).toBe(12345678901.23456);
    for (const odd of ['.5', '5.', '1.2.3', '1..2'])
      expect([odd, scannedRow(row(odd), 1), matchedRow(row(odd), 1)]).toEqual([odd, null, null]);
  });
});

/** A column's text and whether it is one of the forms the scanners read (else a near miss). */
type Part = [string, boolean];
const ok = (s: string): Part => [s, true];
const miss = (s: string): Part => [s, false];
const join = (parts: readonly Part[]): Part => [parts.map((p) => p[0]).join(''), parts.every((p) => p[1])];
/** Between columns: spaces (runs long enough to be skipped a word at a time), or not. */
// Near misses are rare (weights), so that a line mostly has one or none and the scanners get far.
const nearGap = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: 1, max: 9 }).map((k) => ok(' '.repeat(k))) },
  fc.constantFrom(miss(''), miss('\t'), miss(' \t '), miss('\u00a0')),
  // A stray column inside a run of spaces, which a word-at-a-time skip must not step over.
  fc
    .tuple(
      fc.integer({ min: 1, max: 8 }),
      fc.constantFrom('9', '-', 'x', '12', 'abc'),
      fc.integer({ min: 1, max: 8 }),
    )
    .map(([a, w, b]) => miss(' '.repeat(a) + w + ' '.repeat(b))),
);
/** Where `\s*` is allowed: no space is fine too. */
const nearOptGap = fc.oneof(nearGap, fc.constant(ok('')));
const nearUint = fc.oneof(
  { weight: 30, arbitrary: fc.nat().map((v) => ok(String(v))) },
  { weight: 1, arbitrary: fc.constantFrom(ok('123456789012345'), ok('000000000000000'), ok('0')) },
  { weight: 1, arbitrary: fc.constantFrom(miss('1234567890123456'), miss(''), miss('1x'), miss('-1')) },
);
const nearCount = fc.oneof(
  { weight: 20, arbitrary: nearUint },
  { weight: 5, arbitrary: fc.constant(ok('-')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(miss('--'), miss('-1'), miss('1-')),
  },
);
const nearDec = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.nat(9999), fc.nat(99)).map(([a, b]) => ok(`${a}.${b}`)) },
  { weight: 10, arbitrary: nearUint },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ok('1234567890.12345'),
      miss('1234567890.123456'),
      miss('.5'),
      miss('5.'),
      miss('1.2.3'),
    ),
  },
);
/** A literal word, or a near miss of it. */
const nearWord = (w: string) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.constant(ok(w)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        miss(w.slice(1)),
        miss(`${w}x`),
        miss(w.toUpperCase() === w ? w.toLowerCase() : w.toUpperCase()),
      ),
    },
  );
const lead = fc.integer({ min: 0, max: 7 }).map((k) => ok(' '.repeat(k)));
const trail = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 6 }).map((k) => ok(' '.repeat(k))) },
  fc.constantFrom(miss('\r'), miss(' x')),
);

const nearNetSide = fc
  .tuple(
    nearUint,
    nearWord('bytes'),
    nearGap,
    nearUint,
    nearWord('pkts'),
    nearGap,
    nearUint,
    nearWord('err'),
    nearGap,
    nearUint,
    nearWord('drop'),
  )
  .map(join);
const nearNet = fc
  .tuple(
    nearWord('Net'),
    nearUint,
    nearGap,
    nearWord('RX:'),
    nearOptGap,
    nearNetSide,
    nearGap,
    nearWord('TX:'),
    nearOptGap,
    nearNetSide,
    trail,
  )
  .map(join);
const nearBracket = fc
  .tuple(
    fc.constantFrom(ok('['), miss('(')),
    nearOptGap,
    fc.constantFrom(ok('ca'), ok('8'), ok('0'), miss(''), miss('CA'), miss('g')),
    fc.constantFrom(ok(':'), miss(';')),
    nearOptGap,
    fc.constantFrom(ok('0'), ok('10'), ok('fe'), miss('')),
    fc.constantFrom(ok(']'), miss('')),
  )
  .map(join);
const nearVbd = fc
  .tuple(
    nearWord('VBD'),
    nearGap,
    fc.constantFrom(ok('BlkBack'), ok('Tap'), ok('x'), miss('')),
    nearGap,
    fc.oneof(
      nearUint,
      fc.nat().map((v) => ok(`-${v}`)),
      fc.constant(ok('-0')),
    ),
    nearGap,
    nearBracket,
    ...['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:'].map((label) =>
      fc.tuple(nearGap, nearWord(label), nearOptGap, nearCount).map(join),
    ),
    trail,
  )
  .map(join);
const nearState = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(ok('--b---'), ok('dsbcpr'), ok('-----r')) },
  fc.constantFrom(miss('--b--'), miss('--B---'), miss('--b----')),
);
const nearMaxmem = fc.oneof(
  fc.tuple(nearUint, nearGap, nearDec).map(join),
  fc.tuple(nearWord('no'), nearGap, nearWord('limit'), nearGap, nearWord('n/a')).map(join),
);
const nearRow = fc
  .tuple(
    lead,
    fc.constantFrom(ok('web01'), ok('a b  c'), ok('no limit'), ok('--b---'), ok('1 2 3'), miss('')),
    nearGap,
    nearState,
    ...[nearUint, nearDec, nearUint, nearDec].map((col) => fc.tuple(nearGap, col).map(join)),
    nearGap,
    nearMaxmem,
    ...[nearUint, nearUint, nearUint, nearUint, nearUint].map((col) => fc.tuple(nearGap, col).map(join)),
    ...[0, 1, 2, 3, 4].map(() => fc.tuple(nearGap, nearCount).map(join)),
    nearGap,
    nearUint,
    trail,
  )
  .map(join);
