/** `openStore(url)`: which locations open the embedded store, which are refused and how. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, UnsupportedError, UsageError } from '../../src/model/errors.js';
import * as storeModule from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';

describe('openStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xenscope-open-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function opensFile(url: string, file: string): Promise<void> {
    const store = openStore(url);
    expect(existsSync(file)).toBe(false); // lazy: nothing happens until the first call
    await store.migrate();
    expect(existsSync(file)).toBe(true);
    await store.close();
  }

  it('opens a plain path', async () => {
    await opensFile(join(dir, 'a.duckdb'), join(dir, 'a.duckdb'));
  });

  it('opens duckdb:FILE and duckdb:///absolute/path', async () => {
    await opensFile(`duckdb:${join(dir, 'b.duckdb')}`, join(dir, 'b.duckdb'));
    await opensFile(`duckdb://${join(dir, 'c.duckdb')}`, join(dir, 'c.duckdb'));
  });

  it('opens :memory: and duckdb::memory: without touching the disk', async () => {
    for (const url of [':memory:', 'duckdb::memory:']) {
      const store = openStore(url);
      await store.appendEvents([]);
      expect(await store.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
      await store.close();
    }
    expect(existsSync(':memory:')).toBe(false);
  });

  it('with mustExist, refuses a file that does not exist (InputError naming it) and creates nothing', async () => {
    for (const [url, file] of [
      [join(dir, 'missing.duckdb'), join(dir, 'missing.duckdb')],
      [`duckdb:${join(dir, 'missing2.duckdb')}`, join(dir, 'missing2.duckdb')],
    ] as const) {
      let err: unknown = null;
      try {
        openStore(url, { mustExist: true });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).file).toBe(file);
      expect((err as InputError).message).toMatch(/does not exist.*xenscope import/);
      expect(existsSync(file)).toBe(false);
    }
    // An existing store, and the in-memory one, open as before.
    await opensFile(join(dir, 'made.duckdb'), join(dir, 'made.duckdb'));
    const again = openStore(join(dir, 'made.duckdb'), { mustExist: true });
    expect(await again.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
    await again.close();
    const mem = openStore(':memory:', { mustExist: true });
    await mem.close();
  });

  it('refuses clickhouse:// with UnsupportedError until that dialect exists', () => {
    for (const url of ['clickhouse://localhost:8123/xenscope', 'CLICKHOUSE://h', 'clickhouse:h']) {
      const err = (() => {
        try {
          openStore(url);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as UnsupportedError).capability).toBe('clickhouse');
    }
  });

  it('refuses empty locations and unknown schemes as usage errors', () => {
    expect(() => openStore('')).toThrow(UsageError);
    expect(() => openStore('   ')).toThrow(UsageError);
    expect(() => openStore('duckdb:')).toThrow(UsageError);
    expect(() => openStore('postgres://db/x')).toThrow(/unknown store URL scheme "postgres"/);
  });

  it('exports nothing DuckDB-specific from the module surface', () => {
    expect(Object.keys(storeModule).sort()).toEqual(['gridOfWindows', 'openStore']);
  });
});
