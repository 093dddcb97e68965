/**
 * Issue #2: DuckDB keeps every table page an append writes cached until its buffer pool reaches
 * `memory_limit` (80 % of RAM), so an import's memory grew with what it stored. The store drops
 * those pages after each bulk append by lowering the limit for a moment; these tests pin that the
 * cache stays small, and that the limit every other query runs under is the one the file opened with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sample, SeriesKey } from '../../src/model/records.js';
import { connectDuckDb, type DuckDbClient } from '../../src/store/duckdb/duckdb-client.js';
import { CACHED_TABLE_BYTES, DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';

const MiB = 1 << 20;
const UNITS: Record<string, number> = {
  bytes: 1,
  byte: 1,
  KiB: 1024,
  MiB,
  GiB: 1024 * MiB,
  TiB: 1024 ** 2 * MiB,
};

/** DuckDB's spelling of a size ("18.8 GiB", "1 byte") in bytes. */
function bytesOf(text: string): number {
  const m = /^([\d.]+)\s*(\w+)$/.exec(text.trim());
  const unit = m ? UNITS[m[2]!] : undefined;
  if (!m || unit === undefined) throw new Error(`unexpected size ${JSON.stringify(text)}`);
  return Number(m[1]) * unit;
}

/** Bytes of table pages cached in the buffer pool. */
async function cachedTableBytes(client: DuckDbClient): Promise<number> {
  const [row] = await client.rows(
    `SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'BASE_TABLE'`,
  );
  return Number(row?.[0]);
}

/** The limit the buffer pool really enforces, and the one the setting reports (they can differ). */
async function limits(client: DuckDbClient): Promise<{ pool: string; setting: string }> {
  const [pool] = await client.rows('SELECT memory_limit FROM pragma_database_size()');
  const [setting] = await client.rows(`SELECT current_setting('memory_limit')`);
  return { pool: String(pool?.[0]), setting: String(setting?.[0]) };
}

/** `n` rows of incompressible doubles: about 16 bytes a row stored, so the cache fills fast. */
async function appendRandom(client: DuckDbClient, n: number, seed: number): Promise<void> {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    a[i] = x / 7.3;
    b[i] = i + x / 2 ** 32;
  }
  await client.append(
    't',
    [
      { type: 'DOUBLE', values: a },
      { type: 'DOUBLE', values: b },
    ],
    n,
  );
}

describe('DuckDB table cache release', () => {
  let dir: string;
  let path: string;
  const clients: DuckDbClient[] = [];
  const stores: DuckDbStore[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xenscope-cache-'));
    path = join(dir, 'xenscope.duckdb');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const c of clients.splice(0)) c.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const connect = async () => {
    const c = await connectDuckDb(path);
    clients.push(c);
    return c;
  };

  it('drops cached table pages beyond the budget and leaves the memory limit as it was', async () => {
    const client = await connect();
    const before = await limits(client);
    expect(before.pool).toBe(before.setting);
    await client.run('CREATE TABLE t (a DOUBLE, b DOUBLE)');
    await appendRandom(client, 1_000_000, 1);
    // Without a release DuckDB keeps what it wrote: the test would pass vacuously otherwise.
    expect(await cachedTableBytes(client)).toBeGreaterThan(3 * 4 * MiB);

    await client.releaseTableCache(4 * MiB);
    expect(await cachedTableBytes(client)).toBeLessThanOrEqual(4 * MiB);
    const after = await limits(client);
    // The pool enforces what the setting says (RESET would leave the pool at the lowered limit),
    // and that is the limit the file opened with, as DuckDB rounds it.
    expect(after.pool).toBe(after.setting);
    expect(bytesOf(after.pool)).toBeGreaterThan(bytesOf(before.pool) * 0.99);
    expect(bytesOf(after.pool)).toBeLessThanOrEqual(bytesOf(before.pool));

    // The next commit needs blocks far beyond the momentary limit: it must not fail to pin them.
    await appendRandom(client, 1_000_000, 2);
    const [count] = await client.rows('SELECT count(*) FROM t');
    expect(Number(count?.[0])).toBe(2_000_000);
    expect(await limits(client)).toEqual(after);
  });

  it('keeps the cache when it is within the budget', async () => {
    const client = await connect();
    await client.run('CREATE TABLE t (a DOUBLE, b DOUBLE)');
    await appendRandom(client, 200_000, 3);
    const cached = await cachedTableBytes(client);
    expect(cached).toBeGreaterThan(0);
    await client.releaseTableCache(cached + MiB);
    expect(await cachedTableBytes(client)).toBe(cached);
  });

  it('a second connection to the file restores the limit the file opened with, not a lowered one', async () => {
    const first = await connect();
    const opened = await limits(first);
    await first.run('CREATE TABLE t (a DOUBLE, b DOUBLE)');
    await appendRandom(first, 1_000_000, 4);
    await first.run(`SET memory_limit = '512MiB'`);
    const second = await connect();
    await second.releaseTableCache(MiB);
    expect(bytesOf((await limits(second)).pool)).toBeGreaterThan(bytesOf(opened.pool) * 0.99);
  });

  it('appendSamples leaves at most CACHED_TABLE_BYTES of table pages cached', async () => {
    const store = new DuckDbStore({ path });
    stores.push(store);
    const keys: SeriesKey[] = Array.from({ length: 8 }, (_, d) => ({
      host: 'h1',
      domain: `guest${d}`,
      resource: 'cpu',
      device: '',
      metric: 'cpu_ratio',
    }));
    const T0 = Date.UTC(2026, 4, 17);
    let x = 5;
    for (let batch = 0; batch < 5; batch++) {
      const samples: Sample[] = [];
      for (let i = 0; i < 400_000; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        samples.push({ ts: T0 + (batch * 400_000 + i) * 10, key: keys[i % keys.length]!, value: x / 3.7 });
      }
      await store.appendSamples(samples);
    }
    // Same file, same process: the store's instance, seen through a second connection.
    const probe = await connect();
    const [count] = await probe.rows('SELECT count(*) FROM samples');
    expect(Number(count?.[0])).toBe(2_000_000);
    // What was written is well beyond the budget, so the bound below is not met by default.
    const [size] = await probe.rows('SELECT used_blocks * block_size FROM pragma_database_size()');
    expect(Number(size?.[0])).toBeGreaterThan(CACHED_TABLE_BYTES + 4 * MiB);
    expect(await cachedTableBytes(probe)).toBeLessThanOrEqual(CACHED_TABLE_BYTES);
    const after = await limits(probe);
    expect(after.pool).toBe(after.setting);
    expect(bytesOf(after.pool)).toBeGreaterThan(256 * MiB);
    const [w] = await store.readSeries({ domain: 'guest3' }, T0, T0 + 1e9);
    expect(w?.ts.length).toBe(250_000);
  });
});
