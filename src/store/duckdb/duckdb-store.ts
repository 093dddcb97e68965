/**
 * The embedded store: one DuckDB file (or `:memory:`), opened on first use, migrated on open.
 * Samples and events go in through the Appender as data chunks of typed vectors (an event's
 * repetitive strings as ids into the `strings` dictionary, cached here); series are read back as
 * `Float64Array` columns. Every operation runs through one queue: a DuckDB file has one writer,
 * and one connection must not interleave two callers' transactions.
 */
import { StoreError, XenscopeError } from '../../model/errors.js';
import type { Sample, SeriesKey } from '../../model/records.js';
import type { FactKind } from '../../model/topology.js';
import type { EventKind, EventSource, Metric, Resource, Severity, TsSource } from '../../model/vocabulary.js';
import { BinMeans } from '../series-grid.js';
import type {
  CounterState,
  DomainSighting,
  EventQuery,
  ImportedFile,
  SeriesGrid,
  SeriesPattern,
  SeriesSelector,
  SeriesWindow,
  Store,
  StoreCapabilities,
  StoredEvent,
  StoredFact,
  TimeRange,
} from '../store.js';
import { connectDuckDb, type DuckDbClient, type SqlRow, type SqlValue } from './duckdb-client.js';
import { currentVersion, runMigrations } from './duckdb-schema.js';
import {
  insertFacts,
  insertImportedFile,
  insertSeries,
  insertStrings,
  MAX_ROWS_PER_STATEMENT,
  SELECT_ALL_SERIES,
  SELECT_ALL_STRINGS,
  SELECT_COUNTS,
  SELECT_HOSTS,
  SELECT_TIME_RANGE,
  selectCounterStates,
  selectEvents,
  selectFacts,
  selectGrid,
  selectImportedFiles,
  selectSamples,
  selectSeries,
  selectSeriesIds,
  selectSightings,
  selectStringIds,
  storedText,
  upsertCounterStates,
} from './duckdb-sql.js';

export interface DuckDbStoreConfig {
  /** A file path, or `:memory:` for a store that lives as long as the object. */
  readonly path: string;
}

const CAPABILITIES: StoreCapabilities = Object.freeze({
  asofJoin: true,
  windowFunctions: true,
  queryParameters: true,
  ttl: false,
});

/** Value identity of a key; JSON keeps it unambiguous whatever the names contain. */
function valueKey(k: SeriesKey): string {
  return JSON.stringify([k.host, k.domain, k.resource, k.device, k.metric]);
}

function keyOf(row: SqlRow, at: number): SeriesKey {
  return {
    host: String(row[at]),
    domain: String(row[at + 1]),
    resource: String(row[at + 2]) as Resource,
    device: String(row[at + 3]),
    metric: String(row[at + 4]) as Metric,
  };
}

const text = (v: SqlValue | undefined): string => String(v ?? '');
const textOrNull = (v: SqlValue | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
const num = (v: SqlValue | undefined): number => Number(v ?? 0);
const numOrNull = (v: SqlValue | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

/** Epoch ms as stored (BIGINT): rounded; a non-finite time is a caller bug, refused before writing. */
function storedMs(ts: number, what: string): number {
  if (!Number.isFinite(ts)) throw new StoreError(`${what} has no valid time (${ts})`);
  return Math.round(ts);
}

/** A window bound: rounded up, so "ts >= from" and "ts < to" mean the same on integers; ±∞ = open. */
function bound(ms: number | undefined): number | null {
  return ms === undefined || !Number.isFinite(ms) ? null : Math.ceil(ms);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}

/** Turns a driver's open failure into a message an operator can act on, without its stack. */
function openError(where: string, err: unknown): StoreError {
  const reason = reasonOf(err);
  if (/could not set lock/i.test(reason)) {
    const pid = /PID (\d+)/.exec(reason)?.[1];
    return new StoreError(
      `${where} is locked by another process${pid ? ` (PID ${pid})` : ''}, most likely another xenscope ` +
        '(such as `xenscope collect`) that holds it for writing; a DuckDB file has one writer at a time, ' +
        'so stop that process or wait until it has finished',
      { cause: err },
    );
  }
  return new StoreError(`cannot open ${where}: ${reason}`, { cause: err });
}

/**
 * Table pages a store keeps cached in DuckDB's buffer pool after a bulk append. DuckDB keeps every
 * page it writes until the pool reaches its limit (80 % of RAM), so an import's memory grew with
 * what it stored (issue #2); pages beyond this are dropped after each append (they are on disk).
 * A ¼ M-line xentop capture stores about 7 MiB of them: imports of any size now stay near that.
 */
export const CACHED_TABLE_BYTES = 8 << 20;

/** The id stored for a null dictionary field: no string has it, so the view's LEFT JOIN gives null. */
const NO_STRING = 0;

/** The event fields stored as ids into the `strings` dictionary, in `event_rows` column order. */
const DICTIONARY_FIELDS: readonly ((e: StoredEvent) => string | null)[] = [
  (e) => e.tsSource,
  (e) => e.host,
  (e) => e.domain,
  (e) => e.source,
  (e) => e.kind,
  (e) => e.severity,
  (e) => e.template,
  (e) => e.file,
  (e) => e.fileFp,
];

export class DuckDbStore implements Store {
  readonly capabilities: StoreCapabilities = CAPABILITIES;
  readonly #config: Readonly<DuckDbStoreConfig>;
  #client: Promise<DuckDbClient> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  // Series ids: by key object first (callers reuse one object per series), then by value.
  #idByKey = new WeakMap<SeriesKey, number>();
  #idByValue = new Map<string, number>();
  #seriesLoaded = false;
  // Ids of the `strings` dictionary (migration 3). Ids never change once given, so a value added
  // by another connection is only a miss, resolved by inserting it (a no-op) and reading its id.
  #stringIds = new Map<string, number>();
  #stringsLoaded = false;

  constructor(config: DuckDbStoreConfig) {
    this.#config = Object.freeze({ ...config });
  }

  /** The file (or `:memory:`) this store was opened on. */
  get path(): string {
    return this.#config.path;
  }

  get #where(): string {
    return this.#config.path === ':memory:' ? 'the in-memory store' : this.#config.path;
  }

  /** Opens and migrates on first use; a failed open is retried by the next call. */
  #open(): Promise<DuckDbClient> {
    if (this.#client === null) {
      const where = this.#where;
      const opening = (async () => {
        let client: DuckDbClient;
        try {
          client = await connectDuckDb(this.#config.path);
        } catch (err) {
          throw openError(where, err);
        }
        try {
          await runMigrations(client, where);
        } catch (err) {
          client.close();
          throw err;
        }
        return client;
      })();
      this.#client = opening;
      opening.catch(() => {
        if (this.#client === opening) this.#client = null;
      });
    }
    return this.#client;
  }

  /** Runs `fn` after every earlier operation; driver errors become `StoreError`s naming the file. */
  #exclusive<T>(what: string, fn: (client: DuckDbClient) => Promise<T>): Promise<T> {
    // Checked when called, not when run: operations queued before close() still complete.
    if (this.#closed) return Promise.reject(new StoreError(`${this.#where} is closed`));
    const run = this.#queue.then(async () => {
      const client = await this.#open();
      try {
        return await fn(client);
      } catch (err) {
        if (err instanceof XenscopeError) throw err;
        throw new StoreError(`${what} failed on ${this.#where}: ${reasonOf(err)}`, { cause: err });
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** BEGIN … COMMIT around `fn`; on failure ROLLBACK and forget cached series ids it may have added. */
  async #transaction<T>(client: DuckDbClient, fn: () => Promise<T>): Promise<T> {
    await client.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await client.run('COMMIT');
      return out;
    } catch (err) {
      await client.run('ROLLBACK').catch(() => undefined);
      this.#idByKey = new WeakMap();
      this.#idByValue.clear();
      this.#seriesLoaded = false;
      this.#stringIds.clear();
      this.#stringsLoaded = false;
      throw err;
    }
  }

  migrate(): Promise<void> {
    return this.#exclusive('migrate', async () => undefined);
  }

  schemaVersion(): Promise<number> {
    return this.#exclusive('read schema version', (client) => currentVersion(client));
  }

  #cachedId(key: SeriesKey): number | undefined {
    let id = this.#idByKey.get(key);
    if (id === undefined) {
      id = this.#idByValue.get(valueKey(key));
      if (id !== undefined) this.#idByKey.set(key, id);
    }
    return id;
  }

  #remember(rows: readonly SqlRow[]): void {
    for (const row of rows) this.#idByValue.set(valueKey(keyOf(row, 1)), num(row[0]));
  }

  /** Inserts the series not seen yet, in batches, then learns their ids (whoever inserted them). */
  async #addSeries(client: DuckDbClient, keys: readonly SeriesKey[]): Promise<void> {
    for (const batch of chunks(keys, MAX_ROWS_PER_STATEMENT)) {
      const insert = insertSeries(batch);
      await client.run(insert.sql, insert.params);
      const select = selectSeriesIds(batch);
      this.#remember(await client.rows(select.sql, select.params));
    }
  }

  appendSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return this.migrate();
    return this.#exclusive('append samples', async (client) => {
      if (!this.#seriesLoaded) {
        this.#remember(await client.rows(SELECT_ALL_SERIES));
        this.#seriesLoaded = true;
      }
      const n = samples.length;
      const ids = new Int32Array(n);
      const ts = new Float64Array(n);
      const values = new Float64Array(n);
      // Keys this batch introduces, by object (each object is looked up by value only once).
      let missing: Map<SeriesKey, string> | null = null;
      let lastKey: SeriesKey | null = null;
      let lastId = -1;
      for (let i = 0; i < n; i++) {
        const s = samples[i]!;
        if (s.key !== lastKey) {
          lastKey = s.key;
          lastId = this.#idByKey.get(s.key) ?? -1;
          if (lastId < 0 && !missing?.has(s.key)) {
            lastId = this.#cachedId(s.key) ?? -1;
            if (lastId < 0) (missing ??= new Map()).set(s.key, valueKey(s.key));
          }
        }
        ids[i] = lastId;
        const t = s.ts;
        ts[i] = Number.isFinite(t) ? Math.round(t) : storedMs(t, `sample ${i} (${valueKey(s.key)})`);
        values[i] = s.value;
      }
      await this.#transaction(client, async () => {
        if (missing !== null) {
          const fresh = new Map<string, SeriesKey>();
          for (const [key, vk] of missing) fresh.set(vk, key);
          await this.#addSeries(client, [...fresh.values()]);
          for (const [key, vk] of missing) this.#idByKey.set(key, this.#idByValue.get(vk)!);
          for (let i = 0; i < n; i++) {
            if (ids[i] === -1) ids[i] = this.#idByKey.get(samples[i]!.key)!;
          }
        }
        await client.append(
          'samples',
          [
            { type: 'INTEGER', values: ids },
            { type: 'BIGINT', values: ts },
            { type: 'DOUBLE', values },
          ],
          n,
        );
      });
      await client.releaseTableCache(CACHED_TABLE_BYTES);
    });
  }

  /** Inserts the dictionary strings not seen yet, in batches, then learns their ids. */
  async #addStrings(client: DuckDbClient, values: readonly string[]): Promise<void> {
    for (const batch of chunks(values, MAX_ROWS_PER_STATEMENT)) {
      const insert = insertStrings(batch);
      await client.run(insert.sql, insert.params);
      const select = selectStringIds(batch);
      const stored = new Map<string, number>();
      for (const row of await client.rows(select.sql, select.params)) stored.set(text(row[1]), num(row[0]));
      // Cached under the caller's value, which may differ from the stored one (lone surrogates).
      for (const value of batch) {
        const id = stored.get(storedText(value));
        if (id === undefined)
          throw new StoreError(`string ${JSON.stringify(value)} did not reach the dictionary`);
        this.#stringIds.set(value, id);
      }
    }
  }

  /**
   * One dictionary column of a batch: the id of each event's value, 0 for null (no string has
   * id 0), -1 for a value not in the dictionary yet (added to `missing`). Neighbouring events
   * mostly share the value (one file, host and fingerprint per batch), so the last one is checked
   * before the map.
   */
  #dictionaryColumn(
    events: readonly StoredEvent[],
    get: (e: StoredEvent) => string | null,
    missing: Set<string> | null,
  ): Int32Array {
    const known = this.#stringIds;
    const out = new Int32Array(events.length);
    let last: string | null | undefined;
    let lastId = 0;
    for (let i = 0; i < events.length; i++) {
      const v = get(events[i]!);
      if (v !== last) {
        last = v;
        lastId = v === null ? NO_STRING : (known.get(v) ?? -1);
        if (lastId === -1) missing?.add(v!);
      }
      out[i] = lastId;
    }
    return out;
  }

  appendEvents(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return this.migrate();
    return this.#exclusive('append events', async (client) => {
      if (!this.#stringsLoaded) {
        for (const row of await client.rows(SELECT_ALL_STRINGS))
          this.#stringIds.set(text(row[1]), num(row[0]));
        this.#stringsLoaded = true;
      }
      const n = events.length;
      const ts = new Float64Array(n);
      const lines = new Array<number>(n);
      const messages = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const e = events[i]!;
        const t = e.ts;
        ts[i] = Number.isFinite(t) ? Math.round(t) : storedMs(t, `event ${i} (${e.file}:${e.line})`);
        lines[i] = e.line;
        messages[i] = e.message;
      }
      const missing = new Set<string>();
      let ids = DICTIONARY_FIELDS.map((get) => this.#dictionaryColumn(events, get, missing));
      await this.#transaction(client, async () => {
        if (missing.size > 0) {
          await this.#addStrings(client, [...missing]);
          ids = DICTIONARY_FIELDS.map((get, f) =>
            ids[f]!.includes(-1) ? this.#dictionaryColumn(events, get, null) : ids[f]!,
          );
        }
        const [tsSource, host, domain, source, kind, severity, template, file, fileFp] = ids as [
          Int32Array,
          ...Int32Array[],
        ];
        await client.append(
          'event_rows',
          [
            { type: 'BIGINT', values: ts },
            { type: 'INTEGER', values: tsSource },
            { type: 'INTEGER', values: host! },
            { type: 'INTEGER', values: domain! },
            { type: 'INTEGER', values: source! },
            { type: 'INTEGER', values: kind! },
            { type: 'INTEGER', values: severity! },
            { type: 'INTEGER', values: template! },
            { type: 'VARCHAR', values: messages },
            { type: 'INTEGER', values: file! },
            { type: 'INTEGER', values: lines },
            { type: 'INTEGER', values: fileFp! },
          ],
          n,
        );
      });
      await client.releaseTableCache(CACHED_TABLE_BYTES);
    });
  }

  appendDomainSightings(rows: readonly DomainSighting[]): Promise<void> {
    if (rows.length === 0) return this.migrate();
    return this.#exclusive('append domain sightings', async (client) => {
      const ts = rows.map((r, i) => storedMs(r.ts, `domain sighting ${i} (${r.name})`));
      await client.append(
        'domain_sightings',
        [
          { type: 'VARCHAR', values: rows.map((r) => r.host) },
          { type: 'INTEGER', values: rows.map((r) => r.domid) },
          { type: 'VARCHAR', values: rows.map((r) => r.name) },
          { type: 'VARCHAR', values: rows.map((r) => r.uuid) },
          { type: 'BIGINT', values: ts },
          { type: 'VARCHAR', values: rows.map((r) => r.tsSource) },
          { type: 'VARCHAR', values: rows.map((r) => r.source) },
        ],
        rows.length,
      );
    });
  }

  appendFacts(rows: readonly StoredFact[]): Promise<void> {
    if (rows.length === 0) return this.migrate();
    return this.#exclusive('append facts', async (client) => {
      await this.#transaction(client, async () => {
        for (const batch of chunks(rows, MAX_ROWS_PER_STATEMENT)) {
          const q = insertFacts(batch);
          await client.run(q.sql, q.params);
        }
      });
    });
  }

  facts(host: string, kinds?: readonly FactKind[]): Promise<StoredFact[]> {
    return this.#exclusive('read facts', async (client) => {
      const q = selectFacts(host, kinds);
      return (await client.rows(q.sql, q.params)).map((r) => ({
        host: text(r[0]),
        kind: text(r[1]) as FactKind,
        key: text(r[2]),
        json: text(r[3]),
        file: text(r[4]),
        line: num(r[5]),
        fileFp: text(r[6]),
      }));
    });
  }

  findImportedFiles(host: string, hashes: readonly string[]): Promise<ImportedFile[]> {
    return this.#exclusive('find imported files', async (client) => {
      if (hashes.length === 0) return [];
      const found: ImportedFile[] = [];
      const seen = new Set<string>();
      for (const batch of chunks(hashes, MAX_ROWS_PER_STATEMENT)) {
        const q = selectImportedFiles(host, batch);
        for (const r of await client.rows(q.sql, q.params)) {
          const file: ImportedFile = {
            host: text(r[0]),
            path: text(r[1]),
            contentHash: text(r[2]),
            headHash: text(r[3]),
            bytes: num(r[4]),
            lines: num(r[5]),
            format: text(r[6]),
            importedAt: num(r[7]),
            leadHash: textOrNull(r[8]),
          };
          const id = JSON.stringify(file);
          if (!seen.has(id)) found.push(file);
          seen.add(id);
        }
      }
      return found;
    });
  }

  recordImportedFile(file: ImportedFile): Promise<void> {
    return this.#exclusive('record imported file', async (client) => {
      const q = insertImportedFile([
        file.host,
        file.path,
        file.contentHash,
        file.headHash,
        Math.round(file.bytes),
        Math.round(file.lines),
        file.format,
        storedMs(file.importedAt, `imported file ${file.path}`),
        file.leadHash,
      ]);
      await client.run(q.sql, q.params);
    });
  }

  loadCounterStates(host: string): Promise<CounterState[]> {
    return this.#exclusive('load counter states', async (client) => {
      const q = selectCounterStates(host);
      return (await client.rows(q.sql, q.params)).map((r) => ({
        key: keyOf(r, 0),
        instance: text(r[5]),
        ts: num(r[6]),
        value: num(r[7]),
      }));
    });
  }

  saveCounterStates(states: readonly CounterState[]): Promise<void> {
    if (states.length === 0) return this.migrate();
    return this.#exclusive('save counter states', async (client) => {
      // One statement may not touch a row twice: keep each key's newest state (the later one on a tie).
      const newest = new Map<string, CounterState>();
      for (const s of states) {
        const ts = storedMs(s.ts, `counter state ${valueKey(s.key)}`);
        const k = valueKey(s.key);
        const had = newest.get(k);
        if (had === undefined || ts >= had.ts) newest.set(k, { ...s, ts });
      }
      await this.#transaction(client, async () => {
        for (const batch of chunks([...newest.values()], MAX_ROWS_PER_STATEMENT)) {
          const q = upsertCounterStates(batch);
          await client.run(q.sql, q.params);
        }
      });
    });
  }

  listSeries(pattern: SeriesPattern): Promise<SeriesKey[]> {
    return this.#exclusive('list series', async (client) => {
      const q = selectSeries(pattern);
      return (await client.rows(q.sql, q.params)).map((r) => keyOf(r, 1));
    });
  }

  readSeries(pattern: SeriesPattern, from: number, to: number): Promise<SeriesWindow[]> {
    return this.#exclusive('read series', async (client) => {
      const list = selectSeries(pattern);
      const keys = await client.rows(list.sql, list.params);
      if (keys.length === 0) return [];
      const q = selectSamples(pattern, bound(from), bound(to));
      const [ids, ts, values] = (await client.doubleColumns(q.sql, q.params)) as [
        Float64Array,
        Float64Array,
        Float64Array,
      ];
      // Rows come ordered by series id; cut them into one window per id.
      const runs = new Map<number, { start: number; end: number }>();
      for (let i = 0; i < ids.length; ) {
        const id = ids[i]!;
        let j = i + 1;
        while (j < ids.length && ids[j] === id) j++;
        runs.set(id, { start: i, end: j });
        i = j;
      }
      const windows: SeriesWindow[] = [];
      for (const row of keys) {
        const run = runs.get(num(row[0]));
        if (run === undefined) continue;
        windows.push({
          key: keyOf(row, 1),
          ts: ts.slice(run.start, run.end),
          values: values.slice(run.start, run.end),
        });
      }
      return windows;
    });
  }

  readGrid(selector: SeriesSelector, from: number, step: number, bins: number): Promise<SeriesGrid> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(step) || step < 1 || !(bins >= 0)) {
      return Promise.reject(
        new StoreError(`grid needs whole ms: from ${from}, step ${step} (≥ 1), bins ${bins} (≥ 0)`),
      );
    }
    return this.#exclusive('read series grid', async (client) => {
      const list = selectSeries(selector);
      const keys = await client.rows(list.sql, list.params);
      // Series id → row: ids are small positive integers, so an array lookup per sample.
      const row = new Int32Array(Math.max(0, ...keys.map((k) => num(k[0]))) + 1).fill(-1);
      keys.forEach((k, i) => {
        row[num(k[0])] = i;
      });
      const means = new BinMeans(keys.length, bins);
      if (keys.length === 0 || bins === 0)
        return { keys: keys.map((k) => keyOf(k, 1)), values: means.finish() };
      const q = selectGrid(selector, from, step, bins);
      const [ids, bin, value] = (await client.doubleColumns(q.sql, q.params)) as [
        Float64Array,
        Float64Array,
        Float64Array,
      ];
      for (let i = 0; i < ids.length; i++) {
        const k = row[ids[i]!] ?? -1;
        if (k >= 0) means.add(k, bin[i]!, value[i]!);
      }
      return { keys: keys.map((k) => keyOf(k, 1)), values: means.finish() };
    });
  }

  queryEvents(query: EventQuery): Promise<StoredEvent[]> {
    return this.#exclusive('query events', async (client) => {
      if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 0)) {
        throw new StoreError(`event query limit must be a whole number ≥ 0, not ${query.limit}`);
      }
      const q = selectEvents(query, bound(query.since), bound(query.until));
      return (await client.rows(q.sql, q.params)).map((r) => ({
        ts: num(r[0]),
        tsSource: text(r[1]) as TsSource,
        host: text(r[2]),
        domain: textOrNull(r[3]),
        source: text(r[4]) as EventSource,
        kind: text(r[5]) as EventKind,
        severity: text(r[6]) as Severity,
        template: textOrNull(r[7]),
        message: text(r[8]),
        file: text(r[9]),
        line: num(r[10]),
        fileFp: text(r[11]),
      }));
    });
  }

  domainSightings(host?: string): Promise<DomainSighting[]> {
    return this.#exclusive('read domain sightings', async (client) => {
      const q = selectSightings(host);
      return (await client.rows(q.sql, q.params)).map((r) => ({
        host: text(r[0]),
        domid: numOrNull(r[1]),
        name: text(r[2]),
        uuid: textOrNull(r[3]),
        ts: num(r[4]),
        tsSource: text(r[5]) as TsSource,
        source: text(r[6]),
      }));
    });
  }

  hosts(): Promise<string[]> {
    return this.#exclusive('list hosts', async (client) =>
      (await client.rows(SELECT_HOSTS)).map((r) => text(r[0])),
    );
  }

  timeRange(): Promise<TimeRange> {
    return this.#exclusive('read time range', async (client) => {
      const row = (await client.rows(SELECT_TIME_RANGE))[0] ?? [];
      return { from: numOrNull(row[0]), to: numOrNull(row[1]) };
    });
  }

  counts(): Promise<{ samples: number; events: number; series: number; files: number }> {
    return this.#exclusive('count rows', async (client) => {
      const row = (await client.rows(SELECT_COUNTS))[0] ?? [];
      return { samples: num(row[0]), events: num(row[1]), series: num(row[2]), files: num(row[3]) };
    });
  }

  /** Waits for pending operations, then closes the file (DuckDB checkpoints it). Idempotent. */
  async close(): Promise<void> {
    const pending = this.#queue;
    this.#closed = true;
    await pending;
    const opening = this.#client;
    this.#client = null;
    if (opening === null) return;
    const client = await opening.catch(() => null);
    client?.close();
  }
}
