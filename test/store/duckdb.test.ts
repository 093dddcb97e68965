/**
 * The DuckDB store: the shared contract on a temporary file and on `:memory:`, plus what only an
 * embedded file has (lazy open, the one-writer lock, migrations on disk).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/model/errors.js';
import { connectDuckDb } from '../../src/store/duckdb/duckdb-client.js';
import {
  MIGRATIONS,
  type Migration,
  runMigrations,
  SCHEMA_VERSION,
} from '../../src/store/duckdb/duckdb-schema.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { StoredEvent } from '../../src/store/store.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { runStoreContract } from './store.contract.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'xenscope-store-'));
}

runStoreContract({
  name: 'duckdb file',
  open: () => {
    const dir = tempDir();
    const path = join(dir, 'xenscope.duckdb');
    return {
      store: new DuckDbStore({ path }),
      reopen: () => new DuckDbStore({ path }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

runStoreContract({
  name: 'duckdb :memory:',
  open: () => ({
    store: new DuckDbStore({ path: ':memory:' }),
    reopen: () => {
      throw new Error(':memory: cannot be reopened');
    },
  }),
  skip: [
    {
      reason: 'an in-memory database ends with its store; there is nothing to reopen',
      tests: ['keeps data and schema version when reopened'],
    },
  ],
});

describe('DuckDbStore on a file', () => {
  let dir: string;
  let path: string;
  const open: DuckDbStore[] = [];
  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'xenscope.duckdb');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = () => {
    const s = new DuckDbStore({ path });
    open.push(s);
    return s;
  };

  it('declares DuckDB capabilities', () => {
    expect(store().capabilities).toEqual({
      asofJoin: true,
      windowFunctions: true,
      queryParameters: true,
      ttl: false,
    });
  });

  it('opens lazily: constructing touches nothing, the first call creates and migrates the file', async () => {
    const s = store();
    expect(s.path).toBe(path);
    expect(existsSync(path)).toBe(false);
    expect(await s.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
    expect(existsSync(path)).toBe(true);
    expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
  });

  it('fails with a StoreError naming the file when it cannot be opened', async () => {
    const s = new DuckDbStore({ path: join(dir, 'no', 'such', 'dir', 'x.duckdb') });
    open.push(s);
    const err = await s.counts().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(join(dir, 'no', 'such', 'dir', 'x.duckdb'));
  });

  it('shares one database between two stores on the same file in one process', async () => {
    const a = store();
    const b = store();
    const key = { host: 'h1', domain: 'web01', resource: 'cpu', device: '', metric: 'cpu_ratio' } as const;
    await a.appendSamples([{ ts: 1000, key, value: 1 }]);
    await b.appendSamples([{ ts: 2000, key: { ...key }, value: 2 }]);
    expect(await a.counts()).toMatchObject({ samples: 2, series: 1 });
    await a.close();
    expect(await b.counts()).toMatchObject({ samples: 2, series: 1 });
  });

  describe('when another process holds the file', () => {
    let holder: ChildProcess | null = null;
    afterEach(async () => {
      if (holder && holder.exitCode === null && holder.signalCode === null) {
        const gone = new Promise((resolve) => holder!.once('exit', resolve));
        holder.kill();
        await gone;
      }
      holder = null;
    });

    it('fails with a StoreError that names the file and the other xenscope, not a driver stack', async () => {
      // The child is a stand-in for `xenscope collect`: a process with the file open for writing.
      // The instance is kept on globalThis: nothing else refers to it once the script has run, and
      // a garbage collection would then close it and drop the lock (seen once on a loaded machine).
      const script = `
        import { DuckDBInstance } from '@duckdb/node-api';
        const db = await DuckDBInstance.create(process.env.XS_LOCK_PATH);
        const connection = await db.connect();
        await connection.run('CREATE TABLE IF NOT EXISTS t (x INTEGER)');
        globalThis.lockHolder = { db, connection };
        console.log('ready');
        setInterval(() => {}, 1000);`;
      holder = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: REPO_ROOT,
        env: { ...process.env, XS_LOCK_PATH: path },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        holder!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        holder!.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });

      const s = store();
      const err = await s.counts().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      const message = (err as StoreError).message;
      expect(message).toContain(path);
      expect(message).toContain(`PID ${holder.pid}`);
      expect(message).toContain('xenscope collect');
      expect(message).toMatch(/one writer at a time/);
      expect(message).not.toMatch(/IO Error|\n\s+at /);

      // Once the holder is gone the same store opens: a failed open is not remembered.
      const gone = new Promise((resolve) => holder!.once('exit', resolve));
      holder.kill();
      await gone;
      expect(await s.counts()).toEqual({ samples: 0, events: 0, series: 0, files: 0 });
    });
  });
});

describe('DuckDB migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // The next version after this build's last one (the tests stay valid as migrations are added).
  const NEXT = MIGRATIONS.length + 1;
  const extra: Migration = {
    version: NEXT,
    summary: 'test: one more table',
    statements: ['CREATE TABLE extra (x INTEGER)'],
  };

  it('runs each migration once and appends later ones in order', async () => {
    const path = join(dir, 'm.duckdb');
    const client = await connectDuckDb(path);
    try {
      expect(await runMigrations(client, path)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await runMigrations(client, path)).toEqual([]);
      expect(await runMigrations(client, path, [...MIGRATIONS, extra], () => 42)).toEqual([NEXT]);
      expect(await runMigrations(client, path, [...MIGRATIONS, extra])).toEqual([]);
      const rows = await client.rows(
        'SELECT version, summary, applied_at FROM schema_version ORDER BY version',
      );
      expect(rows.map((r) => r[0])).toEqual([...MIGRATIONS.map((m) => m.version), NEXT]);
      expect(rows[NEXT - 1]).toEqual([NEXT, 'test: one more table', 42]);
      expect(await client.rows('SELECT count(*) FROM extra')).toEqual([[0]]);
    } finally {
      client.close();
    }
    // This build knows fewer migrations than the file has: it refuses rather than guessing.
    const s = new DuckDbStore({ path });
    await expect(s.counts()).rejects.toThrow(
      new RegExp(`schema version ${NEXT}, newer than this xenscope knows \\(${MIGRATIONS.length}\\)`),
    );
    await s.close();
  });

  it('rolls a failed migration back and keeps the previous version', async () => {
    const path = join(dir, 'm.duckdb');
    const client = await connectDuckDb(path);
    try {
      await runMigrations(client, path);
      const broken: Migration = {
        ...extra,
        statements: ['CREATE TABLE extra (x INTEGER)', 'SELECT * FROM no_such_table'],
      };
      const err = await runMigrations(client, path, [...MIGRATIONS, broken]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as Error).message).toMatch(new RegExp(`schema migration ${NEXT} failed`));
      expect(await client.rows('SELECT max(version) FROM schema_version')).toEqual([[MIGRATIONS.length]]);
      expect(
        await client.rows(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'extra'`),
      ).toEqual([[0]]);
    } finally {
      client.close();
    }
  });

  it('upgrades a version-2 file: its events read back the same, then take new appends', async () => {
    const path = join(dir, 'v2.duckdb');
    const client = await connectDuckDb(path);
    // Events as migration 1 stored them, inline strings, nulls and a hostile message included,
    // inserted out of timeline order so the upgraded view must still sort them.
    const old = [
      [
        2000,
        'wallclock',
        'h1',
        'web-1',
        'qemu',
        'disk_error',
        'warning',
        't-io',
        "it's \u0000 bad",
        '/l/b',
        7,
        'fp-b',
      ],
      [1000, 'synthetic', 'h1', null, 'xl', 'crash', 'critical', null, 'dom died', '/l/a', 3, 'fp-a'],
      [1000, 'synthetic', 'h2', 'db-1', 'xl', 'crash', 'critical', 't-io', 'dom died', '/l/a', 2, 'fp-a'],
    ];
    try {
      expect(await runMigrations(client, path, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
      for (const row of old) {
        await client.run(
          `INSERT INTO events (ts, ts_source, host, domain, source, kind, severity, template, message, file, line, file_fp)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          row,
        );
      }
    } finally {
      client.close();
    }
    const s = new DuckDbStore({ path });
    try {
      expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
      const asStored = (r: (typeof old)[number]) => ({
        ts: r[0],
        tsSource: r[1],
        host: r[2],
        domain: r[3],
        source: r[4],
        kind: r[5],
        severity: r[6],
        template: r[7],
        message: r[8],
        file: r[9],
        line: r[10],
        fileFp: r[11],
      });
      expect(await s.queryEvents({})).toEqual([old[2]!, old[1]!, old[0]!].map(asStored));
      expect(await s.queryEvents({ host: 'h1', kinds: ['crash'] })).toEqual([asStored(old[1]!)]);
      expect(await s.hosts()).toEqual(['h1', 'h2']);
      expect(await s.timeRange()).toEqual({ from: 1000, to: 2000 });

      // A new event reuses the dictionary entries the upgrade made and adds its own.
      const added = { ...asStored(old[0]!), ts: 3000, host: 'h3', domain: null, line: 8 } as never;
      await s.appendEvents([added]);
      expect(await s.queryEvents({ since: 2500 })).toEqual([added]);
      expect((await s.counts()).events).toBe(4);
      expect(await s.hosts()).toEqual(['h1', 'h2', 'h3']);
    } finally {
      await s.close();
    }
  });

  it('upgrades a version-3 file: imported files keep a null lead hash and are found as before', async () => {
    const path = join(dir, 'v3.duckdb');
    const client = await connectDuckDb(path);
    try {
      expect(await runMigrations(client, path, MIGRATIONS.slice(0, 3))).toEqual([1, 2, 3]);
      await client.run(
        `INSERT INTO imported_files (host, path, content_hash, head_hash, bytes, lines, format, imported_at)
         VALUES ('h1', '/var/log/syslog', 'c1', 'h1-head', 70000, 500, 'syslog', 1000)`,
      );
    } finally {
      client.close();
    }
    const s = new DuckDbStore({ path });
    try {
      expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
      const old = {
        host: 'h1',
        path: '/var/log/syslog',
        contentHash: 'c1',
        headHash: 'h1-head',
        leadHash: null,
        bytes: 70000,
        lines: 500,
        format: 'syslog',
        importedAt: 1000,
      };
      expect(await s.findImportedFiles('h1', ['h1-head'])).toEqual([old]);
      const grown = { ...old, contentHash: 'c2', leadHash: 'l1', bytes: 80000, lines: 600, importedAt: 2000 };
      await s.recordImportedFile(grown);
      expect(await s.findImportedFiles('h1', ['h1-head', 'l1'])).toEqual([old, grown]);
    } finally {
      await s.close();
    }
  });

  it('keeps dictionary strings DuckDB rewrites (lone surrogates) and NUL, batch after batch', async () => {
    const s = new DuckDbStore({ path: ':memory:' });
    try {
      const event: StoredEvent = {
        ts: 1,
        tsSource: 'line',
        host: 'h\u0000x',
        domain: 'a\uD800b',
        source: 'xl',
        kind: 'crash',
        severity: 'critical',
        template: "t'\\\uDC00",
        message: 'm',
        file: 'f\uDBFF',
        line: 1,
        fileFp: 'fp',
      };
      await s.appendEvents([event]);
      await s.appendEvents([{ ...event, ts: 2 }]);
      const stored = { ...event, domain: 'a\uFFFDb', template: "t'\\\uFFFD", file: 'f\uFFFD' };
      expect(await s.queryEvents({})).toEqual([stored, { ...stored, ts: 2 }]);
    } finally {
      await s.close();
    }
  });

  it('refuses a migration list with gaps', async () => {
    const client = await connectDuckDb(':memory:');
    try {
      await expect(
        runMigrations(client, ':memory:', [...MIGRATIONS, { ...extra, version: NEXT + 1 }]),
      ).rejects.toThrow(new RegExp(`out of order: entry ${NEXT} has version ${NEXT + 1}`));
    } finally {
      client.close();
    }
  });
});
