/**
 * The DuckDB schema as an ordered list of migrations, plus the runner that applies the ones a file
 * has not seen yet. A migration is never edited once released: a change is a new entry at the end,
 * so a store written by any earlier xenscope opens and upgrades in place.
 *
 * Indexing: DuckDB's ART indexes pay on every appended row, so the append-heavy tables (`samples`,
 * `events`, `domain_sightings`) have none and rely on the min/max zone maps DuckDB keeps per row
 * group; rows arrive roughly in time order, so a time window skips most row groups. `samples` has
 * no primary key at all: de-duplication happens upstream, by the identity of the imported file
 * (content fingerprint and byte offset), never by time and value. Only the small lookup tables
 * carry keys. Events (migration 3) keep their repetitive strings in the `strings` dictionary.
 * Imported files (migration 4) also carry a lead hash, to find grown copies of small files.
 */
import { StoreError } from '../../model/errors.js';
import type { DuckDbClient } from './duckdb-client.js';

export interface Migration {
  readonly version: number;
  readonly summary: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    summary: 'Step 1: series, samples, events, domain sightings, imported files, counter states',
    statements: [
      `CREATE SEQUENCE series_id_seq START 1`,
      `CREATE TABLE series (
        id INTEGER PRIMARY KEY DEFAULT nextval('series_id_seq'),
        host VARCHAR NOT NULL,
        domain VARCHAR NOT NULL,
        resource VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        metric VARCHAR NOT NULL,
        UNIQUE (host, domain, resource, device, metric)
      )`,
      `CREATE TABLE samples (
        series_id INTEGER NOT NULL,
        ts BIGINT NOT NULL,
        value DOUBLE NOT NULL
      )`,
      `CREATE TABLE events (
        ts BIGINT NOT NULL,
        ts_source VARCHAR NOT NULL,
        host VARCHAR NOT NULL,
        domain VARCHAR,
        source VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        template VARCHAR,
        message VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        file_fp VARCHAR NOT NULL
      )`,
      `CREATE TABLE domain_sightings (
        host VARCHAR NOT NULL,
        domid INTEGER,
        name VARCHAR NOT NULL,
        uuid VARCHAR,
        ts BIGINT NOT NULL,
        ts_source VARCHAR NOT NULL,
        source VARCHAR NOT NULL
      )`,
      `CREATE TABLE imported_files (
        host VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        head_hash VARCHAR NOT NULL,
        bytes BIGINT NOT NULL,
        lines BIGINT NOT NULL,
        format VARCHAR NOT NULL,
        imported_at BIGINT NOT NULL
      )`,
      // Point lookups before every import: one row per file, so the index costs nothing.
      `CREATE INDEX imported_files_content ON imported_files (host, content_hash)`,
      `CREATE INDEX imported_files_head ON imported_files (host, head_hash)`,
      // One row per counter: its last raw value. `instance` (domid, boot) is a value, not part of
      // the key, so a restarted domain replaces its predecessor's state instead of adding a row.
      `CREATE TABLE counter_states (
        host VARCHAR NOT NULL,
        domain VARCHAR NOT NULL,
        resource VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        metric VARCHAR NOT NULL,
        instance VARCHAR NOT NULL,
        ts BIGINT NOT NULL,
        value DOUBLE NOT NULL,
        PRIMARY KEY (host, domain, resource, device, metric)
      )`,
    ],
  },
  {
    version: 2,
    summary:
      'Step 2: topology facts (configs, xl info, lvs/pvs, /dev listings, xl list -l, vcpus, sysfs, xenstore)',
    statements: [
      // `seq` keeps append order: for one kind and key, the facts of the latest file win.
      `CREATE SEQUENCE facts_seq START 1`,
      `CREATE TABLE facts (
        seq BIGINT PRIMARY KEY DEFAULT nextval('facts_seq'),
        host VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        json VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        file_fp VARCHAR NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    summary:
      'Faster event appends: events keep only ts, line and message inline; every repetitive string (host, domain, source, kind, severity, ts_source, template, file, file_fp) is an id into a `strings` dictionary, and `events` is a view that reads as before',
    statements: [
      // Appending twelve VARCHAR columns cost about two thirds of a syslog import: each string
      // crosses into DuckDB one call at a time and is compressed again at every flush. These
      // columns repeat (a file has one host, path and fingerprint; kinds and severities are closed
      // sets; templates are few), so each distinct value is stored once and events carry its id.
      `CREATE SEQUENCE strings_id_seq START 1`,
      `CREATE TABLE strings (
        id INTEGER PRIMARY KEY DEFAULT nextval('strings_id_seq'),
        value VARCHAR NOT NULL UNIQUE
      )`,
      `INSERT INTO strings (value)
        SELECT DISTINCT v FROM (
          SELECT unnest([ts_source, host, domain, source, kind, severity, template, file, file_fp]) AS v
          FROM events
        ) WHERE v IS NOT NULL
        ORDER BY v`,
      `CREATE TABLE event_rows (
        ts BIGINT NOT NULL,
        ts_source INTEGER NOT NULL,
        host INTEGER NOT NULL,
        domain INTEGER NOT NULL,
        source INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        severity INTEGER NOT NULL,
        template INTEGER NOT NULL,
        message VARCHAR NOT NULL,
        file INTEGER NOT NULL,
        line INTEGER NOT NULL,
        file_fp INTEGER NOT NULL
      )`,
      // rowid keeps the old append order, which is what ties beyond (ts, file, line) fell back on.
      `INSERT INTO event_rows
        SELECT e.ts, s1.id, s2.id, coalesce(s3.id, 0), s4.id, s5.id, s6.id, coalesce(s7.id, 0),
          e.message, s8.id, e.line, s9.id
        FROM events e
        JOIN strings s1 ON s1.value = e.ts_source
        JOIN strings s2 ON s2.value = e.host
        LEFT JOIN strings s3 ON s3.value = e.domain
        JOIN strings s4 ON s4.value = e.source
        JOIN strings s5 ON s5.value = e.kind
        JOIN strings s6 ON s6.value = e.severity
        LEFT JOIN strings s7 ON s7.value = e.template
        JOIN strings s8 ON s8.value = e.file
        JOIN strings s9 ON s9.value = e.file_fp
        ORDER BY e.rowid`,
      `DROP TABLE events`,
      // Readers (and every query written against migration 1) see the same columns and values.
      // Id 0 is no string (the sequence starts at 1): a null domain or template is stored as 0 and
      // comes back null through its LEFT JOIN. Null-free columns append without a validity mask.
      `CREATE VIEW events AS
        SELECT e.ts, s1.value AS ts_source, s2.value AS host, s3.value AS domain, s4.value AS source,
          s5.value AS kind, s6.value AS severity, s7.value AS template, e.message, s8.value AS file,
          e.line, s9.value AS file_fp
        FROM event_rows e
        JOIN strings s1 ON s1.id = e.ts_source
        JOIN strings s2 ON s2.id = e.host
        LEFT JOIN strings s3 ON s3.id = e.domain
        JOIN strings s4 ON s4.id = e.source
        JOIN strings s5 ON s5.id = e.kind
        JOIN strings s6 ON s6.id = e.severity
        LEFT JOIN strings s7 ON s7.id = e.template
        JOIN strings s8 ON s8.id = e.file
        JOIN strings s9 ON s9.id = e.file_fp`,
    ],
  },
  {
    version: 4,
    summary:
      'Grown files: imported_files gets lead_hash (sha256 of the first line), so a log imported again after it grew is found, however short it was, and only its new lines are stored',
    statements: [
      // A file shorter than 64 KiB has its content hash as head hash, which its grown copy does
      // not share; its first line it does. Rows written before this version keep null and are
      // found by their head hash only (files that had 64 KiB or more).
      `ALTER TABLE imported_files ADD COLUMN lead_hash VARCHAR`,
      `CREATE INDEX imported_files_lead ON imported_files (host, lead_hash)`,
    ],
  },
]);

/** The schema version this build writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

const CREATE_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  summary VARCHAR NOT NULL,
  applied_at BIGINT NOT NULL
)`;
const SELECT_VERSION = `SELECT coalesce(max(version), 0) FROM schema_version`;
const INSERT_VERSION = `INSERT INTO schema_version (version, summary, applied_at) VALUES ($1, $2, $3)`;

/** The version a database is at (0 for a new one). */
export async function currentVersion(client: DuckDbClient): Promise<number> {
  await client.run(CREATE_VERSION_TABLE);
  const rows = await client.rows(SELECT_VERSION);
  return Number(rows[0]?.[0] ?? 0);
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError(`migration list is out of order: entry ${i + 1} has version ${m.version}`);
    }
  });
}

/**
 * Applies every migration newer than the database, each in its own transaction (DuckDB's DDL is
 * transactional, so a failed migration leaves the previous version intact). Returns the versions
 * applied; an up-to-date database gets none. `where` names the file in error messages.
 */
export async function runMigrations(
  client: DuckDbClient,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): Promise<number[]> {
  checkOrder(migrations);
  const from = await currentVersion(client);
  const latest = migrations.length;
  if (from > latest) {
    throw new StoreError(
      `${where} has schema version ${from}, newer than this xenscope knows (${latest}); upgrade xenscope to read it`,
    );
  }
  const applied: number[] = [];
  for (const m of migrations.slice(from)) {
    await client.run('BEGIN TRANSACTION');
    try {
      for (const statement of m.statements) await client.run(statement);
      await client.run(INSERT_VERSION, [m.version, m.summary, now()]);
      await client.run('COMMIT');
    } catch (err) {
      await client.run('ROLLBACK').catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreError(`${where}: schema migration ${m.version} failed: ${reason}`, { cause: err });
    }
    applied.push(m.version);
  }
  return applied;
}
