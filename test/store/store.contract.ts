/**
 * The store contract: one suite every dialect runs (style.md §1.8, §5.3). Each dialect's test file
 * calls `runStoreContract` with a factory for fresh stores; a dialect that cannot pass a case names
 * it in `skip` with a reason, and the reason is printed, never silently passed.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { Sample, SeriesKey } from '../../src/model/index.js';
import type {
  CounterState,
  DomainSighting,
  ImportedFile,
  SeriesWindow,
  Store,
  StoredEvent,
} from '../../src/store/index.js';
import { gridOfWindows } from '../../src/store/index.js';
import type { StoredFact } from '../../src/store/store.js';

export interface ContractTarget {
  /** A fresh, empty store. */
  readonly store: Store;
  /** A new store over the same data, used after `store.close()`. */
  reopen(): Store;
  cleanup?(): Promise<void>;
}

export interface StoreContractOptions {
  readonly name: string;
  readonly open: () => ContractTarget | Promise<ContractTarget>;
  readonly skip?: readonly { readonly reason: string; readonly tests: readonly string[] }[];
}

const T0 = Date.UTC(2026, 4, 17, 10, 0, 0);

function key(
  host: string,
  domain: string,
  resource: SeriesKey['resource'],
  device: string,
  metric: SeriesKey['metric'],
): SeriesKey {
  return { host, domain, resource, device, metric };
}

const KEYS = {
  webCpu: key('h1', 'web01', 'cpu', '', 'cpu_ratio'),
  webVbd: key('h1', 'web01', 'vbd', 'xvda', 'vbd_wr_sect_per_s'),
  dbVbd: key('h1', 'db01', 'vbd', 'xvdb', 'vbd_wr_sect_per_s'),
  hostDisk: key('h1', '', 'host_disk', 'sda', 'disk_util_ratio'),
  h2Cpu: key('h2', 'web01', 'cpu', '', 'cpu_ratio'),
} as const;
const ALL_KEYS: readonly SeriesKey[] = Object.values(KEYS);

/** 10 samples per series, 5 s apart, values that say which series and which step they are. */
function seriesSamples(k: SeriesKey, index: number, steps = 10): Sample[] {
  return Array.from({ length: steps }, (_, i) => ({
    ts: T0 + i * 5000,
    key: k,
    value: index * 100 + i + 0.25,
  }));
}

function event(over: Partial<StoredEvent>): StoredEvent {
  return {
    ts: T0,
    tsSource: 'line',
    host: 'h1',
    domain: 'web01',
    source: 'console',
    kind: 'other',
    severity: 'info',
    template: null,
    message: 'something happened',
    file: '/var/log/xen/console/guest-web01.log',
    line: 1,
    fileFp: 'fp-console',
    ...over,
  };
}

function fact(over: Partial<StoredFact>): StoredFact {
  return {
    host: 'h1',
    kind: 'lvm-lv',
    key: 'vg0/web01-disk',
    json: JSON.stringify({ lv: 'web01-disk', vg: 'vg0', devices: [{ pv: '/dev/sdb', start: 0 }] }),
    file: '/captures/lvs.txt',
    line: 4,
    fileFp: 'fp-lvs',
    ...over,
  };
}

function file(over: Partial<ImportedFile>): ImportedFile {
  return {
    host: 'h1',
    path: '/var/log/xen/xl-web01.log',
    contentHash: 'c'.repeat(64),
    headHash: 'h'.repeat(64),
    leadHash: null,
    bytes: 4096,
    lines: 80,
    format: 'xl-log',
    importedAt: T0,
    ...over,
  };
}

const plain = (w: SeriesWindow) => ({ key: w.key, ts: [...w.ts], values: [...w.values] });
const keyId = (k: SeriesKey) => `${k.host}/${k.domain}/${k.resource}/${k.device}/${k.metric}`;

export function runStoreContract(options: StoreContractOptions): void {
  const skipped = new Map<string, string>();
  for (const s of options.skip ?? []) for (const t of s.tests) skipped.set(t, s.reason);
  const declared = new Set<string>();

  describe(`store contract: ${options.name}`, () => {
    let target: ContractTarget;
    let extra: Store[] = [];

    beforeEach(async () => {
      target = await options.open();
      extra = [];
    });
    afterEach(async () => {
      for (const s of extra) await s.close();
      await target.store.close();
      await target.cleanup?.();
    });

    const reopen = (): Store => {
      const s = target.reopen();
      extra.push(s);
      return s;
    };

    function test(name: string, fn: (store: Store) => Promise<void>): void {
      declared.add(name);
      const reason = skipped.get(name);
      if (reason !== undefined) {
        console.info(`[store contract: ${options.name}] skipped "${name}": ${reason}`);
        it.skip(`${name} (skipped: ${reason})`, () => undefined);
        return;
      }
      it(name, () => fn(target.store));
    }

    test('starts empty', async (store) => {
      expect(await store.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
      expect(await store.timeRange()).toEqual({ from: null, to: null });
      expect(await store.hosts()).toEqual([]);
      expect(await store.listSeries({})).toEqual([]);
      expect(await store.readSeries({}, 0, Number.POSITIVE_INFINITY)).toEqual([]);
      expect(await store.queryEvents({})).toEqual([]);
    });

    test('migrates once: migrate is idempotent and the schema version stays put', async (store) => {
      expect(store.schemaVersion).toBeTypeOf('function');
      await store.migrate();
      const version = await store.schemaVersion!();
      expect(version).toBeGreaterThanOrEqual(1);
      await store.migrate();
      await store.migrate();
      expect(await store.schemaVersion!()).toBe(version);
    });

    test('declares its capabilities as booleans', async (store) => {
      for (const flag of ['asofJoin', 'windowFunctions', 'queryParameters', 'ttl'] as const) {
        expect(typeof store.capabilities[flag]).toBe('boolean');
      }
    });

    test('appends samples of several series and reads each back sorted by time', async (store) => {
      const all = ALL_KEYS.flatMap((k, i) => seriesSamples(k, i));
      // Two batches, the second in reverse order: the store sorts, not the caller.
      await store.appendSamples(all.slice(0, 23));
      await store.appendSamples(all.slice(23).reverse());
      const windows = await store.readSeries({}, T0, T0 + 3_600_000);
      expect(windows.map((w) => keyId(w.key)).sort()).toEqual(ALL_KEYS.map(keyId).sort());
      for (const w of windows) {
        const index = ALL_KEYS.findIndex((k) => keyId(k) === keyId(w.key));
        expect(plain(w)).toEqual({
          key: ALL_KEYS[index],
          ts: Array.from({ length: 10 }, (_, i) => T0 + i * 5000),
          values: Array.from({ length: 10 }, (_, i) => index * 100 + i + 0.25),
        });
      }
      expect((await store.counts()).samples).toBe(50);
      expect((await store.counts()).series).toBe(5);
    });

    test('returns series in host, domain, resource, device, metric order', async (store) => {
      await store.appendSamples(ALL_KEYS.flatMap((k, i) => seriesSamples(k, i, 1)));
      const listed = await store.listSeries({});
      expect(listed.map(keyId)).toEqual([
        'h1//host_disk/sda/disk_util_ratio',
        'h1/db01/vbd/xvdb/vbd_wr_sect_per_s',
        'h1/web01/cpu//cpu_ratio',
        'h1/web01/vbd/xvda/vbd_wr_sect_per_s',
        'h2/web01/cpu//cpu_ratio',
      ]);
      const read = await store.readSeries({}, T0, T0 + 1);
      expect(read.map((w) => keyId(w.key))).toEqual(listed.map(keyId));
    });

    test('resolves a series by key value as well as by key object', async (store) => {
      await store.appendSamples(seriesSamples(KEYS.webCpu, 0, 3));
      // A different object with the same value continues the same series.
      const twin = { ...KEYS.webCpu };
      await store.appendSamples([{ ts: T0 + 15_000, key: twin, value: 9 }]);
      expect((await store.counts()).series).toBe(1);
      const [w] = await store.readSeries({ domain: 'web01', resource: 'cpu' }, T0, T0 + 60_000);
      expect([...w!.ts]).toEqual([T0, T0 + 5000, T0 + 10_000, T0 + 15_000]);
      expect([...w!.values]).toEqual([0.25, 1.25, 2.25, 9]);
    });

    test('bins series on a grid: the mean per bin, NaN where none, as readSeries defines it', async (store) => {
      const samples = [
        // two samples in bin 0 (mean 2), one in bin 2; one before the grid, one just past its end
        { ts: T0 + 1000, key: KEYS.webCpu, value: 1 },
        { ts: T0 + 4000, key: KEYS.webCpu, value: 3 },
        { ts: T0 + 10_000, key: KEYS.webCpu, value: 7.5 },
        { ts: T0 - 1, key: KEYS.webCpu, value: 100 },
        { ts: T0 + 20_000, key: KEYS.webCpu, value: 100 },
        { ts: T0 + 5000, key: KEYS.dbVbd, value: 42 },
        { ts: T0 + 5000, key: KEYS.h2Cpu, value: 9 },
      ];
      await store.appendSamples(samples);
      const grid = await store.readGrid({ host: 'h1' }, T0, 5000, 4);
      expect(grid.keys.map(keyId)).toEqual((await store.listSeries({ host: 'h1' })).map(keyId));
      const byKey = new Map(grid.keys.map((k, i) => [keyId(k), [...grid.values[i]!]]));
      expect(byKey.get(keyId(KEYS.webCpu))).toEqual([2, Number.NaN, 7.5, Number.NaN]);
      expect(byKey.get(keyId(KEYS.dbVbd))).toEqual([Number.NaN, 42, Number.NaN, Number.NaN]);
      expect(byKey.has(keyId(KEYS.h2Cpu))).toBe(false);
      const reference = gridOfWindows(
        grid.keys,
        await store.readSeries({ host: 'h1' }, T0, T0 + 20_000),
        T0,
        5000,
        4,
      );
      expect(grid.values.map((v) => [...v])).toEqual(reference.values.map((v) => [...v]));
      await expect(store.readGrid({}, T0 + 0.5, 5000, 4)).rejects.toThrow(/whole ms/);
    });

    test('bins the series any of several patterns matches, and none for no pattern', async (store) => {
      await store.appendSamples(ALL_KEYS.map((key, i) => ({ ts: T0 + 1000, key, value: i })));
      const selector = [{ host: 'h1', resource: 'vbd' }, { host: 'h2' }];
      const grid = await store.readGrid(selector, T0, 5000, 2);
      const want = ALL_KEYS.filter((k) => (k.host === 'h1' && k.resource === 'vbd') || k.host === 'h2');
      expect(want.length).toBeGreaterThanOrEqual(2);
      expect(grid.keys.map(keyId).sort()).toEqual(want.map(keyId).sort());
      grid.keys.forEach((k, i) => {
        expect([...grid.values[i]!]).toEqual([ALL_KEYS.findIndex((a) => keyId(a) === keyId(k)), Number.NaN]);
      });
      expect((await store.readGrid([], T0, 5000, 2)).keys).toEqual([]);
    });

    test('filters series by patterns of single values and arrays', async (store) => {
      await store.appendSamples(ALL_KEYS.flatMap((k, i) => seriesSamples(k, i, 2)));
      const ids = async (p: Parameters<Store['listSeries']>[0]) => (await store.listSeries(p)).map(keyId);
      expect(await ids({ host: 'h2' })).toEqual(['h2/web01/cpu//cpu_ratio']);
      expect(await ids({ host: ['h1'], resource: 'vbd' })).toEqual([
        'h1/db01/vbd/xvdb/vbd_wr_sect_per_s',
        'h1/web01/vbd/xvda/vbd_wr_sect_per_s',
      ]);
      expect(
        await ids({ domain: ['web01', 'db01'], metric: ['cpu_ratio', 'vbd_wr_sect_per_s'], host: 'h1' }),
      ).toEqual([
        'h1/db01/vbd/xvdb/vbd_wr_sect_per_s',
        'h1/web01/cpu//cpu_ratio',
        'h1/web01/vbd/xvda/vbd_wr_sect_per_s',
      ]);
      expect(await ids({ domain: '' })).toEqual(['h1//host_disk/sda/disk_util_ratio']);
      expect(await ids({ device: 'xvdb' })).toEqual(['h1/db01/vbd/xvdb/vbd_wr_sect_per_s']);
      expect(await ids({ host: [] })).toEqual([]);
      expect(await ids({ host: 'nope' })).toEqual([]);
      const read = await store.readSeries(
        { domain: 'web01', host: ['h1', 'h2'], resource: 'cpu' },
        T0,
        T0 + 60_000,
      );
      expect(read.map((w) => keyId(w.key))).toEqual(['h1/web01/cpu//cpu_ratio', 'h2/web01/cpu//cpu_ratio']);
      expect(read.map((w) => w.values.length)).toEqual([2, 2]);
    });

    test('reads windows as [from, to): from inclusive, to exclusive, open when not finite', async (store) => {
      await store.appendSamples(seriesSamples(KEYS.dbVbd, 0));
      const tsIn = async (from: number, to: number) =>
        (await store.readSeries({ domain: 'db01' }, from, to)).flatMap((w) =>
          [...w.ts].map((t) => (t - T0) / 1000),
        );
      expect(await tsIn(T0 + 10_000, T0 + 25_000)).toEqual([10, 15, 20]);
      expect(await tsIn(T0 + 10_001, T0 + 25_001)).toEqual([15, 20, 25]);
      expect(await tsIn(T0 + 10_000, T0 + 10_000)).toEqual([]);
      expect(await tsIn(Number.NEGATIVE_INFINITY, T0 + 5000)).toEqual([0]);
      expect(await tsIn(T0 + 40_000, Number.POSITIVE_INFINITY)).toEqual([40, 45]);
      // A series with nothing in the window is left out rather than returned empty.
      expect(await store.readSeries({ domain: 'db01' }, T0 - 10_000, T0)).toEqual([]);
    });

    test('returns Float64Array columns', async (store) => {
      await store.appendSamples(seriesSamples(KEYS.webVbd, 1));
      const windows = await store.readSeries({}, T0, T0 + 60_000);
      expectTypeOf(windows).toEqualTypeOf<SeriesWindow[]>();
      expectTypeOf(windows[0]!.ts).toEqualTypeOf<Float64Array>();
      expectTypeOf(windows[0]!.values).toEqualTypeOf<Float64Array>();
      expect(windows[0]!.ts).toBeInstanceOf(Float64Array);
      expect(windows[0]!.values).toBeInstanceOf(Float64Array);
      expect(windows[0]!.ts.length).toBe(10);
    });

    test('appends large batches across many data chunks and keeps odd values', async (store) => {
      const n = 12_345;
      const keys = [KEYS.webCpu, KEYS.webVbd, KEYS.dbVbd];
      const samples: Sample[] = [];
      for (let i = 0; i < n; i++) {
        const v = i === 7 ? Number.NaN : i === 8 ? -0.5 : i === 9 ? 1e300 : i * 1.5;
        samples.push({ ts: T0 + Math.floor(i / 3) * 1000, key: keys[i % 3]!, value: v });
      }
      await store.appendSamples(samples);
      expect((await store.counts()).samples).toBe(n);
      const windows = await store.readSeries({ host: 'h1' }, T0, T0 + n * 1000);
      expect(windows.reduce((s, w) => s + w.ts.length, 0)).toBe(n);
      const cpu = windows.find((w) => keyId(w.key) === keyId(KEYS.webCpu))!;
      for (let j = 1; j < cpu.ts.length; j++) expect(cpu.ts[j]! - cpu.ts[j - 1]!).toBe(1000);
      const vbd = windows.find((w) => keyId(w.key) === keyId(KEYS.webVbd))!;
      expect(vbd.values[2]).toBeNaN(); // sample 7 is the webVbd series' third
      expect(windows.find((w) => keyId(w.key) === keyId(KEYS.dbVbd))!.values[2]).toBe(-0.5);
      expect(cpu.values[3]).toBe(1e300);
    });

    test('keeps hostile strings intact in series keys, events, files and sightings', async (store) => {
      const hostile = [
        "it's",
        'back\\slash',
        'nul\u0000byte',
        'ünïcødé 😀',
        "'; DROP TABLE samples; --",
        '$1 $$ ?',
      ];
      for (const [i, name] of hostile.entries()) {
        await store.appendSamples([
          { ts: T0 + i, key: { ...KEYS.webCpu, domain: name, device: name }, value: i },
        ]);
      }
      expect((await store.listSeries({ domain: hostile })).map((k) => k.domain).sort()).toEqual(
        [...hostile].sort(),
      );
      for (const name of hostile) {
        const [w] = await store.readSeries({ domain: name, device: [name] }, T0, T0 + 100);
        expect(w?.key.domain).toBe(name);
      }
      await store.appendEvents(
        hostile.map((m, i) => event({ message: m, domain: m, line: i + 1, template: m, fileFp: m })),
      );
      const events = await store.queryEvents({ domain: hostile[4] });
      expect(events.map((e) => [e.message, e.template, e.fileFp])).toEqual([
        [hostile[4], hostile[4], hostile[4]],
      ]);
      expect((await store.queryEvents({})).map((e) => e.message)).toEqual(hostile);
      await store.recordImportedFile(file({ host: hostile[2], path: hostile[1], contentHash: hostile[4] }));
      expect((await store.findImportedFiles(hostile[2]!, [hostile[4]!]))[0]?.path).toBe(hostile[1]);
      await store.appendDomainSightings([
        {
          host: hostile[3]!,
          domid: 1,
          name: hostile[0]!,
          uuid: hostile[5]!,
          ts: T0,
          tsSource: 'line',
          source: 'xl',
        },
      ]);
      expect((await store.domainSightings(hostile[3]))[0]?.name).toBe(hostile[0]);
      await store.saveCounterStates([
        { key: { ...KEYS.webCpu, host: hostile[4]! }, instance: hostile[2]!, ts: T0, value: 1 },
      ]);
      expect((await store.loadCounterStates(hostile[4]!))[0]?.instance).toBe(hostile[2]);
    });

    test('queries events by host, domain, kinds, sources, since/until and limit, in timeline order', async (store) => {
      const events = [
        event({ ts: T0 + 2000, kind: 'panic', severity: 'critical', line: 7 }),
        event({
          ts: T0 + 1000,
          kind: 'io_error',
          severity: 'error',
          source: 'kernel',
          domain: null,
          file: 'kern.log',
          fileFp: 'fp-kern',
          line: 3,
        }),
        event({
          ts: T0 + 2000,
          kind: 'crash',
          severity: 'error',
          source: 'xl',
          file: '/var/log/xen/xl-web01.log',
          fileFp: 'fp-xl',
          line: 2,
        }),
        event({ ts: T0 + 2000, kind: 'other', line: 5 }),
        event({ ts: T0 + 3000, host: 'h2', domain: 'db01', kind: 'oom_kill', severity: 'warning', line: 1 }),
        event({
          ts: T0,
          domain: 'db01',
          kind: 'domain_start',
          severity: 'info',
          source: 'xenstored',
          line: 9,
          template: 'T12',
        }),
      ];
      await store.appendEvents(events.slice(0, 3));
      await store.appendEvents(events.slice(3));
      const where = (list: readonly StoredEvent[]) =>
        list.map((e) => `${(e.ts - T0) / 1000}:${e.file.split('/').pop()}:${e.line}`);
      // Timeline order: time, then file, then line.
      expect(where(await store.queryEvents({}))).toEqual([
        '0:guest-web01.log:9',
        '1:kern.log:3',
        '2:guest-web01.log:5',
        '2:guest-web01.log:7',
        '2:xl-web01.log:2',
        '3:guest-web01.log:1',
      ]);
      expect((await store.queryEvents({ host: 'h2' })).map((e) => e.kind)).toEqual(['oom_kill']);
      expect((await store.queryEvents({ domain: 'db01' })).map((e) => e.kind)).toEqual([
        'domain_start',
        'oom_kill',
      ]);
      expect((await store.queryEvents({ kinds: ['crash', 'panic'] })).map((e) => e.kind)).toEqual([
        'panic',
        'crash',
      ]);
      expect(await store.queryEvents({ kinds: [] })).toEqual([]);
      expect((await store.queryEvents({ sources: ['kernel', 'xl'] })).map((e) => e.source)).toEqual([
        'kernel',
        'xl',
      ]);
      expect(where(await store.queryEvents({ since: T0 + 1000, until: T0 + 2000 }))).toEqual([
        '1:kern.log:3',
      ]);
      expect((await store.queryEvents({ since: T0 + 2000 })).length).toBe(4);
      expect((await store.queryEvents({ until: T0 + 1000 })).length).toBe(1);
      expect(where(await store.queryEvents({ limit: 2 }))).toEqual(['0:guest-web01.log:9', '1:kern.log:3']);
      expect(await store.queryEvents({ limit: 0 })).toEqual([]);
      expect(
        (await store.queryEvents({ host: 'h1', domain: 'web01', kinds: ['other', 'panic'], limit: 1 }))[0]
          ?.line,
      ).toBe(5);
      // Every field comes back as written, nulls included.
      expect(await store.queryEvents({ kinds: ['io_error'] })).toEqual([events[1]]);
      expect(await store.queryEvents({ kinds: ['domain_start'] })).toEqual([events[5]]);
    });

    test('appends event batches across many data chunks with every string intact', async (store) => {
      const n = 5000;
      const events = Array.from({ length: n }, (_, i) =>
        event({
          ts: T0 + i,
          line: i + 1,
          message: `message ${i} ${'x'.repeat(i % 40)}`,
          template: i % 2 ? `T${i}` : null,
        }),
      );
      await store.appendEvents(events);
      expect(await store.queryEvents({})).toEqual(events);
    });

    test('filters events by minimum severity: critical > error > warning > info > debug', async (store) => {
      const severities = ['debug', 'info', 'warning', 'error', 'critical'] as const;
      await store.appendEvents(severities.map((severity, i) => event({ severity, line: i + 1, ts: T0 + i })));
      const at = async (min: (typeof severities)[number]) =>
        (await store.queryEvents({ minSeverity: min })).map((e) => e.severity);
      expect(await at('critical')).toEqual(['critical']);
      expect(await at('error')).toEqual(['error', 'critical']);
      expect(await at('warning')).toEqual(['warning', 'error', 'critical']);
      expect(await at('info')).toEqual(['info', 'warning', 'error', 'critical']);
      expect(await at('debug')).toEqual([...severities]);
    });

    test('finds imported files by content hash and by head hash, per host', async (store) => {
      const a = file({ contentHash: 'a1', headHash: 'a0', path: '/logs/a.log', importedAt: T0 });
      const b = file({
        contentHash: 'b1',
        headHash: 'b0',
        path: '/logs/b.log',
        importedAt: T0 + 1,
        lines: 3,
        bytes: 2 ** 40,
      });
      const other = file({ host: 'h2', contentHash: 'a1', headHash: 'a0', path: '/h2/a.log' });
      await store.recordImportedFile(a);
      await store.recordImportedFile(b);
      await store.recordImportedFile(other);
      expect(await store.findImportedFiles('h1', ['a1'])).toEqual([a]);
      expect(await store.findImportedFiles('h1', ['b0'])).toEqual([b]);
      expect(await store.findImportedFiles('h1', ['a1', 'b0', 'zz'])).toEqual([a, b]);
      expect(await store.findImportedFiles('h1', ['a1', 'a0'])).toEqual([a]);
      expect(await store.findImportedFiles('h2', ['a0'])).toEqual([other]);
      expect(await store.findImportedFiles('h1', ['zz'])).toEqual([]);
      expect(await store.findImportedFiles('h1', [])).toEqual([]);
      expect(await store.findImportedFiles('h3', ['a1'])).toEqual([]);
      expect((await store.counts()).files).toBe(3);
    });

    test('finds imported files by lead hash too, and keeps a null lead hash null', async (store) => {
      const small = file({
        contentHash: 's1',
        headHash: 's1',
        leadHash: 'l1',
        path: '/logs/s.log',
        bytes: 60,
      });
      const bare = file({ contentHash: 'n1', headHash: 'n1', path: '/logs/n.log', bytes: 3 });
      await store.recordImportedFile(small);
      await store.recordImportedFile(bare);
      expect(await store.findImportedFiles('h1', ['l1'])).toEqual([small]);
      expect(await store.findImportedFiles('h1', ['n1'])).toEqual([bare]);
      expect(await store.findImportedFiles('h2', ['l1'])).toEqual([]);
    });

    test('upserts counter states: one per key, newest wins, an older one never rewinds it', async (store) => {
      const s = (k: SeriesKey, instance: string, ts: number, value: number): CounterState => ({
        key: k,
        instance,
        ts,
        value,
      });
      await store.saveCounterStates([
        s(KEYS.webVbd, '3', T0, 100),
        s(KEYS.dbVbd, '4', T0, 7),
        s(KEYS.h2Cpu, '1', T0, 1.5),
      ]);
      expect(await store.loadCounterStates('h1')).toEqual([
        s(KEYS.dbVbd, '4', T0, 7),
        s(KEYS.webVbd, '3', T0, 100),
      ]);
      // A restart: new instance, later time, replaces the row instead of adding one.
      await store.saveCounterStates([s({ ...KEYS.webVbd }, '9', T0 + 5000, 2)]);
      // An older state (a re-imported old file) is ignored.
      await store.saveCounterStates([s(KEYS.dbVbd, '4', T0 - 5000, 1)]);
      // The same key twice in one batch: the newest of the two is kept.
      await store.saveCounterStates([s(KEYS.h2Cpu, '1', T0 + 2000, 3), s(KEYS.h2Cpu, '1', T0 + 1000, 2)]);
      expect(await store.loadCounterStates('h1')).toEqual([
        s(KEYS.dbVbd, '4', T0, 7),
        s(KEYS.webVbd, '9', T0 + 5000, 2),
      ]);
      expect(await store.loadCounterStates('h2')).toEqual([s(KEYS.h2Cpu, '1', T0 + 2000, 3)]);
      expect(await store.loadCounterStates('h3')).toEqual([]);
      // Raw 64-bit counters near their wrap exceed every integer type but must survive as doubles.
      await store.saveCounterStates([s(KEYS.hostDisk, 'boot-1', T0 + 9000, 2 ** 64 - 2048)]);
      expect((await store.loadCounterStates('h1')).find((c) => c.key.device === 'sda')?.value).toBe(
        2 ** 64 - 2048,
      );
    });

    test('stores domain sightings, nulls included, ordered by time', async (store) => {
      const rows: DomainSighting[] = [
        {
          host: 'h1',
          domid: 7,
          name: 'web01',
          uuid: '1b0c5f1e-0000-4000-8000-000000000001',
          ts: T0 + 10,
          tsSource: 'line',
          source: 'xl-list',
        },
        { host: 'h1', domid: null, name: 'db01', uuid: null, ts: T0, tsSource: 'mtime', source: 'xlcfg' },
        {
          host: 'h2',
          domid: 0,
          name: 'Domain-0',
          uuid: null,
          ts: T0 + 5,
          tsSource: 'poll',
          source: 'xentop',
        },
      ];
      await store.appendDomainSightings(rows);
      expect(await store.domainSightings('h1')).toEqual([rows[1], rows[0]]);
      expect(await store.domainSightings()).toEqual([rows[1], rows[2], rows[0]]);
      expect(await store.domainSightings('h9')).toEqual([]);
    });

    test('counts rows and reports the time range and the hosts', async (store) => {
      await store.appendSamples(seriesSamples(KEYS.h2Cpu, 0, 4));
      expect(await store.timeRange()).toEqual({ from: T0, to: T0 + 15_000 });
      await store.appendEvents([event({ ts: T0 - 60_000, host: 'h3' }), event({ ts: T0 + 60_000 })]);
      await store.appendDomainSightings([
        { host: 'h4', domid: 1, name: 'x', uuid: null, ts: T0 + 3_600_000, tsSource: 'line', source: 'xl' },
      ]);
      await store.recordImportedFile(file({ host: 'h5' }));
      expect(await store.timeRange()).toEqual({ from: T0 - 60_000, to: T0 + 60_000 });
      expect(await store.counts()).toEqual({ samples: 4, events: 2, series: 1, files: 1 });
      expect(await store.hosts()).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    });

    test('stores topology facts per host and returns them in append order, by kind', async (store) => {
      const rows = [
        fact({}),
        fact({
          kind: 'domain-config',
          key: '/etc/xen/web01.cfg',
          json: '{"name":"web01"}',
          file: '/etc/xen/web01.cfg',
          line: 1,
          fileFp: 'fp-cfg',
        }),
        fact({ host: 'h2', key: 'vg9/other' }),
        fact({ key: 'vg0/db01-disk', line: 5 }),
      ];
      await store.appendFacts(rows.slice(0, 2));
      await store.appendFacts(rows.slice(2));
      expect(await store.facts('h1')).toEqual([rows[0], rows[1], rows[3]]);
      expect(await store.facts('h1', ['lvm-lv'])).toEqual([rows[0], rows[3]]);
      expect(await store.facts('h1', ['domain-config', 'vcpu'])).toEqual([rows[1]]);
      expect(await store.facts('h1', [])).toEqual([]);
      expect(await store.facts('h2')).toEqual([rows[2]]);
      expect(await store.facts('h3')).toEqual([]);
      expect(await store.hosts()).toEqual(['h1', 'h2']);
    });

    test('keeps hostile strings and large fact batches intact', async (store) => {
      const hostile = ["it's", 'nul\u0000byte', 'ünïcødé 😀', "'; DROP TABLE facts; --", '$1 $$ ?'];
      const rows = hostile.map((h, i) =>
        fact({ key: h, json: JSON.stringify({ h }), file: h, line: i, fileFp: h }),
      );
      const many = Array.from({ length: 2500 }, (_, i) => fact({ key: `vg0/lv${i}`, line: i + 1 }));
      await store.appendFacts([...rows, ...many]);
      const got = await store.facts('h1');
      expect(got.slice(0, hostile.length)).toEqual(rows);
      expect(got.length).toBe(hostile.length + many.length);
      expect(got.at(-1)).toEqual(many.at(-1));
    });

    test('treats empty batches as no-ops', async (store) => {
      await store.appendFacts([]);
      await store.appendSamples([]);
      await store.appendEvents([]);
      await store.appendDomainSightings([]);
      await store.saveCounterStates([]);
      expect(await store.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
    });

    test('refuses a sample without a valid time and stores nothing of its batch', async (store) => {
      await expect(
        store.appendSamples([
          { ts: T0, key: KEYS.webCpu, value: 1 },
          { ts: Number.NaN, key: KEYS.dbVbd, value: 2 },
        ]),
      ).rejects.toThrow(/no valid time/);
      expect(await store.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
      await store.appendSamples([{ ts: T0, key: KEYS.dbVbd, value: 3 }]);
      expect((await store.listSeries({})).map(keyId)).toEqual([keyId(KEYS.dbVbd)]);
    });

    test('finishes queued operations on close and refuses new ones after', async (store) => {
      const pending = store.appendSamples(seriesSamples(KEYS.webCpu, 0));
      await store.close();
      await pending;
      await expect(store.counts()).rejects.toThrow(/closed/);
      await store.close();
    });

    test('keeps data and schema version when reopened', async (store) => {
      await store.appendSamples(ALL_KEYS.flatMap((k, i) => seriesSamples(k, i, 3)));
      await store.appendEvents([event({ kind: 'crash', severity: 'critical' })]);
      await store.recordImportedFile(file({}));
      await store.saveCounterStates([{ key: KEYS.webVbd, instance: '3', ts: T0, value: 42 }]);
      await store.appendFacts([fact({})]);
      const version = await store.schemaVersion!();
      const before = (await store.readSeries({}, T0, T0 + 60_000)).map(plain);
      await store.close();

      const again = reopen();
      expect(await again.schemaVersion!()).toBe(version);
      expect(await again.counts()).toEqual({ samples: 15, events: 1, series: 5, files: 1 });
      expect((await again.readSeries({}, T0, T0 + 60_000)).map(plain)).toEqual(before);
      expect((await again.queryEvents({}))[0]?.kind).toBe('crash');
      expect((await again.loadCounterStates('h1'))[0]?.value).toBe(42);
      expect(await again.facts('h1')).toEqual([fact({})]);
      // New samples of a known series continue it rather than creating a new one.
      await again.appendSamples([{ ts: T0 + 60_000, key: { ...KEYS.webCpu }, value: 5 }]);
      expect((await again.counts()).series).toBe(5);
      const [cpu] = await again.readSeries({ host: 'h1', resource: 'cpu' }, T0, Number.POSITIVE_INFINITY);
      expect(cpu?.ts.length).toBe(4);
    });
  });

  describe(`store contract: ${options.name} skip list`, () => {
    it('names only tests that exist', () => {
      expect([...skipped.keys()].filter((name) => !declared.has(name))).toEqual([]);
    });
  });
}
