/**
 * The narrow slice of `@duckdb/node-api` the DuckDB store uses, behind an interface of our own
 * (style.md §1.6): the driver's types never leave this folder, the store reads as plain SQL plus
 * typed arrays, and this is the only file in xenscope that imports the driver.
 */
import { resolve } from 'node:path';
import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDoubleVector,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBVector,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';

/** A value bound to a `$n` placeholder or read back from a row. */
export type SqlValue = string | number | boolean | null;
export type SqlRow = readonly SqlValue[];

/**
 * One column of a bulk append, in the table's column order. BIGINT columns take safe integers
 * held in numbers (epoch ms, byte counts): the store rounds before it gets here.
 */
export type AppendColumn =
  | { readonly type: 'INTEGER'; readonly values: ArrayLike<number | null> }
  | { readonly type: 'BIGINT'; readonly values: ArrayLike<number | null> }
  | { readonly type: 'DOUBLE'; readonly values: ArrayLike<number | null> }
  | { readonly type: 'VARCHAR'; readonly values: ArrayLike<string | null> };

export interface DuckDbClient {
  /** Runs a statement whose result is not needed (DDL, INSERT, BEGIN/COMMIT). */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs a query; BIGINT values come back as numbers (every BIGINT we store is epoch ms or a count). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a query whose columns are all numeric, straight into one `Float64Array` per column. */
  doubleColumns(sql: string, params?: readonly SqlValue[]): Promise<Float64Array[]>;
  /** Bulk-appends `rowCount` rows through the Appender, one data chunk of typed vectors at a time. */
  append(table: string, columns: readonly AppendColumn[], rowCount: number): Promise<void>;
  /**
   * Drops the cached pages of stored tables beyond `keepBytes` from DuckDB's buffer pool (best
   * effort: never throws). See `releaseTableCache` below for why a bulk load needs it.
   */
  releaseTableCache(keepBytes: number): Promise<void>;
  close(): void;
}

/**
 * Extensions beyond the bundled ones cannot be downloaded on our hosts (design.md, "Dependencies"),
 * and a store must never reach for the network anyway.
 */
const INSTANCE_OPTIONS: Readonly<Record<string, string>> = Object.freeze({
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
});

/**
 * The vector type each column is written as. BIGINT columns travel as DOUBLE vectors and the
 * Appender casts them in C++, which spares a JS bigint (an allocation and a range check) per
 * value; every BIGINT we store is a safe integer, so the cast is exact.
 */
const VECTOR_TYPES: Readonly<Record<AppendColumn['type'], DuckDBType>> = Object.freeze({
  INTEGER,
  BIGINT: DOUBLE,
  DOUBLE,
  VARCHAR,
});

// Separate fill loops keep each `setItem` call site to the few vector classes it really sees.
function fillNumbers(
  vector: DuckDBVector,
  values: ArrayLike<number | null>,
  offset: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) vector.setItem(i, values[offset + i] ?? null);
}

function fillStrings(
  vector: DuckDBVector,
  values: ArrayLike<string | null>,
  offset: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) vector.setItem(i, values[offset + i] ?? null);
}

/**
 * Bytes of stored-table pages in DuckDB's buffer pool, and of everything in it. The pool keeps
 * every page an append writes (and only evicts when it reaches `memory_limit`, by default 80 % of
 * RAM), so without a release a long import holds the compressed copy of all it stored: about
 * 6 bytes a sample, 54 MiB after 9 M samples.
 */
const CACHE_USAGE = `SELECT coalesce(sum(memory_usage_bytes) FILTER (WHERE tag = 'BASE_TABLE'), 0),
  coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()`;

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

function toSql(value: DuckDBValue): SqlValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

/**
 * Parameters and, where the driver's own guess is wrong, their types. The driver binds every
 * integral number outside int32 as BIGINT, so a DOUBLE such as 1e20 (a 64-bit byte counter near
 * its wrap) would fail to bind; numbers beyond the safe-integer range are bound as DOUBLE instead.
 */
function bindArgs(
  params: readonly SqlValue[] | undefined,
): [DuckDBValue[] | undefined, DuckDBType[] | undefined] {
  if (params === undefined) return [undefined, undefined];
  let types: (DuckDBType | undefined)[] | undefined;
  params.forEach((v, i) => {
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
      types ??= new Array<DuckDBType | undefined>(params.length);
      types[i] = DOUBLE;
    }
  });
  // A hole in the type list means "infer from the value" (DuckDBPreparedStatement.bind).
  return [[...params], types as DuckDBType[] | undefined];
}

/**
 * A DOUBLE vector's values as one typed array when none is NULL, else null. node-api holds them in
 * a `Float64Array` (`items`) and a NULL-free vector has no validity mask (`validity.data` null),
 * but its typings mark both private; copying the array in one call instead of a `getItem` per value
 * is what makes reading millions of samples cheap, so the shape is checked here and anything else
 * (another driver version, NULLs) takes the per-value path. A test pins that the fast path is taken.
 */
export function doubleItems(vector: DuckDBVector, n: number): Float64Array | null {
  if (!(vector instanceof DuckDBDoubleVector)) return null;
  const inside = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  const items = inside.items;
  if (!(items instanceof Float64Array) || items.length !== n) return null;
  return inside.validity?.data === null ? items : null;
}

/**
 * The `n` values of a DOUBLE vector into `out` at `at`: in one copy when `doubleItems` can hand
 * them over, else one by one (NULL as NaN).
 */
function copyDoubles(vector: DuckDBVector, n: number, out: Float64Array, at: number): void {
  const items = doubleItems(vector, n);
  if (items) {
    out.set(items, at);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = vector.getItem(i);
    out[at + i] = typeof v === 'number' ? v : v === null ? Number.NaN : Number(v);
  }
}

class NodeApiClient implements DuckDbClient {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  /** The instance's memory limit before any release lowered it, as DuckDB spells it. */
  readonly #memoryLimit: string;

  constructor(instance: DuckDBInstance, connection: DuckDBConnection, memoryLimit: string) {
    this.#instance = instance;
    this.#connection = connection;
    this.#memoryLimit = memoryLimit;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    await this.#connection.run(sql, ...bindArgs(params));
  }

  async rows(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    const reader = await this.#connection.runAndReadAll(sql, ...bindArgs(params));
    return reader.getRows().map((row) => row.map(toSql));
  }

  async doubleColumns(sql: string, params?: readonly SqlValue[]): Promise<Float64Array[]> {
    const result = await this.#connection.run(sql, ...bindArgs(params));
    const columns = Array.from({ length: result.columnCount }, () => new Float64Array(result.rowCount));
    let row = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const n = chunk.rowCount;
      for (let col = 0; col < columns.length; col++) {
        copyDoubles(chunk.getColumnVector(col), n, columns[col]!, row);
      }
      row += n;
    }
    return columns;
  }

  async append(table: string, columns: readonly AppendColumn[], rowCount: number): Promise<void> {
    if (rowCount === 0) return;
    const types = columns.map((c) => VECTOR_TYPES[c.type]);
    const appender = await this.#connection.createAppender(table);
    try {
      // One chunk, refilled: the Appender copies each chunk's rows before we overwrite them.
      const chunk = DuckDBDataChunk.create(types);
      for (let offset = 0; offset < rowCount; offset += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rowCount - offset);
        chunk.reset();
        chunk.rowCount = n;
        for (let c = 0; c < columns.length; c++) {
          const column = columns[c]!;
          const vector = chunk.getColumnVector(c);
          if (column.type === 'VARCHAR') fillStrings(vector, column.values, offset, n);
          else fillNumbers(vector, column.values, offset, n);
          vector.flush();
        }
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } catch (err) {
      // Closing flushes whatever is buffered: drop it so a failed batch leaves nothing behind, and
      // let the first error, not a follow-up from the broken appender, be the one reported.
      try {
        appender.clear();
        appender.closeSync();
      } catch {}
      throw err;
    }
    appender.closeSync();
  }

  async releaseTableCache(keepBytes: number): Promise<void> {
    let cached: number;
    let used: number;
    try {
      const reader = await this.#connection.runAndReadAll(CACHE_USAGE);
      [cached, used] = (reader.getRows()[0] ?? []).map(Number) as [number, number];
    } catch {
      return; // a page left cached costs memory, never correctness: the rows are committed by now
    }
    if (!(cached > keepBytes)) return;
    // Lowering the limit makes DuckDB evict down to it at once, and it evicts table pages first
    // (they are on disk: evicting one only frees it). Asking for no more than the cached pages
    // above `keepBytes` leaves alone what would have to be spilled to a temporary file.
    const target = Math.max(1, Math.floor(used - (cached - keepBytes)));
    try {
      await this.#connection.run(`SET memory_limit = '${target}b'`);
    } catch {
      // Refused (pages pinned): the limit may be lowered all the same, so it is restored below.
    } finally {
      // Not RESET: in DuckDB 1.5 it resets the setting but leaves the buffer pool at the lowered
      // limit, and the next commit fails to pin a block. The limit read when the instance opened
      // is set back, so every other query of the process keeps running under it.
      await this.#connection.run(`SET memory_limit = '${this.#memoryLimit}'`);
    }
  }

  close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}

/**
 * Each database file's memory limit as it first opened (DuckDB's default, 80 % of RAM): a file's
 * stores share one instance through the cache (a new wrapper object each time, hence the path as
 * key), and all set the limit a release lowered back to this. DuckDB shows it rounded
 * ("18.8 GiB"); set back in those words, it stays the same from then on.
 */
const MEMORY_LIMITS = new Map<string, string>();

/**
 * Opens (creating if needed) a DuckDB database and one connection to it. Files go through the
 * process-wide instance cache, keyed by absolute path, so two stores on one file in one process
 * share a database instead of corrupting it; `:memory:` is always a fresh database. Driver errors
 * propagate as they are: the store turns them into `StoreError`s that name the file.
 */
export async function connectDuckDb(path: string): Promise<DuckDbClient> {
  const file = path === ':memory:' ? null : resolve(path);
  const instance =
    file === null
      ? await DuckDBInstance.create(path, { ...INSTANCE_OPTIONS })
      : await DuckDBInstance.fromCache(file, { ...INSTANCE_OPTIONS });
  try {
    const connection = await instance.connect();
    let memoryLimit = file === null ? undefined : MEMORY_LIMITS.get(file);
    if (memoryLimit === undefined) {
      try {
        const reader = await connection.runAndReadAll(`SELECT current_setting('memory_limit')`);
        memoryLimit = String(reader.getRows()[0]?.[0]);
      } catch (err) {
        connection.closeSync();
        throw err;
      }
      // Only a file's first connection reads it: a later one could see a release's lowered limit.
      if (file !== null) {
        memoryLimit = MEMORY_LIMITS.get(file) ?? memoryLimit;
        MEMORY_LIMITS.set(file, memoryLimit);
      }
    }
    return new NodeApiClient(instance, connection, memoryLimit);
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}
