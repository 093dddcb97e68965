/**
 * Every SQL statement the DuckDB store runs, one named function or constant each (style.md §1:
 * a dozen fixed queries, no query builder). Values from input travel as bound `$n` parameters;
 * `quoteLiteral` is the one way to put a value into SQL text where a parameter cannot go.
 *
 * Time windows are half-open everywhere: `from`/`since` inclusive, `to`/`until` exclusive, so
 * consecutive windows never count a sample twice.
 */

import type { SeriesKey } from '../../model/records.js';
import { SEVERITIES } from '../../model/vocabulary.js';
import type { CounterState, EventQuery, SeriesPattern, SeriesSelector, StoredFact } from '../store.js';
import type { SqlValue } from './duckdb-client.js';

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** Multi-row VALUES statements are cut at this many rows to keep the parameter list modest. */
export const MAX_ROWS_PER_STATEMENT = 1000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string as DuckDB stores it: lone UTF-16 surrogates become U+FFFD on the way in. */
export function storedText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A value as DuckDB SQL literal text. Strings are single-quoted with `'` doubled (DuckDB's standard
 * strings treat backslashes literally); NUL cannot travel inside SQL text, so it is spliced in with
 * `chr(0)`; lone UTF-16 surrogates become U+FFFD, exactly as they do through a bound parameter.
 * Numbers keep their exact double value (non-integers are cast to DOUBLE so `0.1` is not read as
 * DECIMAL); negative numbers are parenthesised so the literal is safe after any operator.
 */
export function quoteLiteral(value: string | number | bigint | boolean | null): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'bigint':
      return value < 0n ? `(${value.toString()})` : value.toString();
    case 'number': {
      if (Number.isNaN(value)) return `'NaN'::DOUBLE`;
      if (value === Number.POSITIVE_INFINITY) return `'Infinity'::DOUBLE`;
      if (value === Number.NEGATIVE_INFINITY) return `'-Infinity'::DOUBLE`;
      if (Object.is(value, -0)) return `'-0.0'::DOUBLE`;
      const text = Number.isSafeInteger(value) ? String(value) : `${String(value)}::DOUBLE`;
      return value < 0 ? `(${text})` : text;
    }
    default: {
      const parts = value
        .replace(LONE_SURROGATE, '\uFFFD')
        .split('\u0000')
        .map((part) => `'${part.replaceAll("'", "''")}'`);
      return parts.length === 1 ? parts[0]! : `(${parts.join(' || chr(0) || ')})`;
    }
  }
}

/** Numbers `$n` placeholders in the order values are added. */
class Params {
  readonly values: SqlValue[] = [];
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  list(values: readonly SqlValue[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}

const KEY_COLUMNS = ['host', 'domain', 'resource', 'device', 'metric'] as const;

/** `field = $n`, `field IN (...)`, FALSE for an empty list; absent fields add nothing. */
function matchPattern(pattern: SeriesPattern, params: Params): string {
  const conditions: string[] = [];
  for (const column of KEY_COLUMNS) {
    const want = pattern[column];
    if (want === undefined) continue;
    if (typeof want === 'string') conditions.push(`${column} = ${params.add(want)}`);
    else if (want.length === 0) conditions.push('FALSE');
    else conditions.push(`${column} IN (${params.list(want)})`);
  }
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

/** `matchPattern` for several patterns: any of them (FALSE for none), parenthesised as a whole. */
function matchSelector(selector: SeriesSelector, params: Params): string {
  if (!Array.isArray(selector)) return matchPattern(selector as SeriesPattern, params);
  if (selector.length === 0) return 'FALSE';
  return `(${selector.map((p: SeriesPattern) => `(${matchPattern(p, params)})`).join(' OR ')})`;
}

function keyTuples(keys: readonly SeriesKey[], params: Params): string {
  return keys
    .map(
      (k) =>
        `(${params.add(k.host)}, ${params.add(k.domain)}, ${params.add(k.resource)}, ${params.add(k.device)}, ${params.add(k.metric)})`,
    )
    .join(', ');
}

export const SELECT_ALL_SERIES = `SELECT id, host, domain, resource, device, metric FROM series`;

/** New series in one statement; a key another connection added meanwhile is left alone. */
export function insertSeries(keys: readonly SeriesKey[]): Statement {
  const params = new Params();
  const sql = `INSERT INTO series (host, domain, resource, device, metric) VALUES ${keyTuples(keys, params)}
    ON CONFLICT (host, domain, resource, device, metric) DO NOTHING`;
  return { sql, params: params.values };
}

/** The ids of these keys, whoever inserted them. */
export function selectSeriesIds(keys: readonly SeriesKey[]): Statement {
  const params = new Params();
  const sql = `SELECT s.id, s.host, s.domain, s.resource, s.device, s.metric
    FROM (VALUES ${keyTuples(keys, params)}) AS v(host, domain, resource, device, metric)
    JOIN series s ON s.host = v.host AND s.domain = v.domain AND s.resource = v.resource
      AND s.device = v.device AND s.metric = v.metric`;
  return { sql, params: params.values };
}

export function selectSeries(selector: SeriesSelector): Statement {
  const params = new Params();
  const sql = `SELECT id, host, domain, resource, device, metric FROM series
    WHERE ${matchSelector(selector, params)}
    ORDER BY host, domain, resource, device, metric`;
  return { sql, params: params.values };
}

/**
 * Samples of the matching series in [from, to), as three numeric columns ordered by series and
 * time. Bounds are integers (the store rounds them) so the comparison stays on BIGINT and DuckDB
 * can skip row groups by their zone maps; a null bound is open.
 */
export function selectSamples(pattern: SeriesPattern, from: number | null, to: number | null): Statement {
  const params = new Params();
  const conditions = [`series_id IN (SELECT id FROM series WHERE ${matchPattern(pattern, params)})`];
  if (from !== null) conditions.push(`ts >= ${params.add(from)}::BIGINT`);
  if (to !== null) conditions.push(`ts < ${params.add(to)}::BIGINT`);
  const sql = `SELECT series_id::DOUBLE, ts::DOUBLE, value FROM samples
    WHERE ${conditions.join(' AND ')}
    ORDER BY series_id, ts`;
  return { sql, params: params.values };
}

/**
 * The matching series' finite samples in [from, from + bins·step) as three DOUBLE columns: series
 * id, bin, value. Unordered: a sort (or a GROUP BY over every bin) costs DuckDB several times the
 * scan, and the caller scatters the samples into bins anyway, in a way that does not depend on
 * their order (`BinMeans`). Plain rows, not one row of `list()` aggregates: building the lists
 * cost DuckDB more than the driver spends on the chunks of rows (reading 24 one-hour blocks of a
 * 50-domain host took 3.8–4.0 s instead of 4.5–5.2 s).
 */
export function selectGrid(selector: SeriesSelector, from: number, step: number, bins: number): Statement {
  const params = new Params();
  const f = params.add(from);
  const sql = `SELECT series_id::DOUBLE, ((ts - ${f}::BIGINT) // ${params.add(step)}::BIGINT)::DOUBLE, value
    FROM samples
    WHERE series_id IN (SELECT id FROM series WHERE ${matchSelector(selector, params)})
      AND ts >= ${f}::BIGINT AND ts < ${params.add(from + bins * step)}::BIGINT AND isfinite(value)`;
  return { sql, params: params.values };
}

export const EVENT_COLUMNS = `ts, ts_source, host, domain, source, kind, severity, template, message, file, line, file_fp`;

/**
 * Events matching the query, in timeline order (time, then file and line, so one file's lines
 * that share a second keep their order). `minSeverity` keeps that severity and the graver ones.
 */
export function selectEvents(query: EventQuery, since: number | null, until: number | null): Statement {
  const params = new Params();
  const conditions: string[] = [];
  if (query.host !== undefined) conditions.push(`host = ${params.add(query.host)}`);
  if (query.domain !== undefined) conditions.push(`domain = ${params.add(query.domain)}`);
  if (query.kinds !== undefined) {
    conditions.push(query.kinds.length === 0 ? 'FALSE' : `kind IN (${params.list(query.kinds)})`);
  }
  if (query.sources !== undefined) {
    conditions.push(query.sources.length === 0 ? 'FALSE' : `source IN (${params.list(query.sources)})`);
  }
  if (query.minSeverity !== undefined) {
    const graver = SEVERITIES.slice(0, SEVERITIES.indexOf(query.minSeverity) + 1);
    conditions.push(`severity IN (${params.list(graver)})`);
  }
  if (since !== null) conditions.push(`ts >= ${params.add(since)}::BIGINT`);
  if (until !== null) conditions.push(`ts < ${params.add(until)}::BIGINT`);
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const limit = query.limit === undefined ? '' : `LIMIT ${params.add(query.limit)}`;
  const sql = `SELECT ${EVENT_COLUMNS} FROM events ${where} ORDER BY ts, file, line ${limit}`;
  return { sql, params: params.values };
}

export const SIGHTING_COLUMNS = `host, domid, name, uuid, ts, ts_source, source`;

export function selectSightings(host: string | undefined): Statement {
  const params = new Params();
  const where = host === undefined ? '' : `WHERE host = ${params.add(host)}`;
  const sql = `SELECT ${SIGHTING_COLUMNS} FROM domain_sightings ${where} ORDER BY ts, host, name`;
  return { sql, params: params.values };
}

export const IMPORTED_FILE_COLUMNS = `host, path, content_hash, head_hash, bytes, lines, format, imported_at, lead_hash`;

export function insertImportedFile(values: readonly SqlValue[]): Statement {
  const params = new Params();
  return {
    sql: `INSERT INTO imported_files (${IMPORTED_FILE_COLUMNS}) VALUES (${params.list(values)})`,
    params: params.values,
  };
}

/** Files of `host` whose whole-content, head or lead hash is one of `hashes`. */
export function selectImportedFiles(host: string, hashes: readonly string[]): Statement {
  const params = new Params();
  const h = params.add(host);
  const list = params.list(hashes);
  const sql = `SELECT ${IMPORTED_FILE_COLUMNS} FROM imported_files
    WHERE host = ${h} AND (content_hash IN (${list}) OR head_hash IN (${list}) OR lead_hash IN (${list}))
    ORDER BY imported_at, path`;
  return { sql, params: params.values };
}

/**
 * Upserts counter states, one row per key. A state older than the stored one does not replace it:
 * re-importing an old file must not rewind the counter a live agent continues from.
 */
export function upsertCounterStates(states: readonly CounterState[]): Statement {
  const params = new Params();
  const rows = states
    .map((s) => {
      const k = s.key;
      const cells = [k.host, k.domain, k.resource, k.device, k.metric, s.instance, s.ts, s.value];
      return `(${cells.map((v) => params.add(v)).join(', ')})`;
    })
    .join(', ');
  const sql = `INSERT INTO counter_states (host, domain, resource, device, metric, instance, ts, value)
    VALUES ${rows}
    ON CONFLICT (host, domain, resource, device, metric) DO UPDATE
      SET instance = excluded.instance, ts = excluded.ts, value = excluded.value
      WHERE excluded.ts >= counter_states.ts`;
  return { sql, params: params.values };
}

export function selectCounterStates(host: string): Statement {
  const params = new Params();
  const sql = `SELECT host, domain, resource, device, metric, instance, ts, value FROM counter_states
    WHERE host = ${params.add(host)}
    ORDER BY domain, resource, device, metric`;
  return { sql, params: params.values };
}

export const FACT_COLUMNS = `host, kind, key, json, file, line, file_fp`;

/** Facts in one multi-row statement (a batch is cut at `MAX_ROWS_PER_STATEMENT` rows by the caller). */
export function insertFacts(rows: readonly StoredFact[]): Statement {
  const params = new Params();
  const values = rows
    .map((f) => `(${params.list([f.host, f.kind, f.key, f.json, f.file, Math.round(f.line), f.fileFp])})`)
    .join(', ');
  return { sql: `INSERT INTO facts (${FACT_COLUMNS}) VALUES ${values}`, params: params.values };
}

/** A host's facts, of these kinds when given, in append order. */
export function selectFacts(host: string, kinds: readonly string[] | undefined): Statement {
  const params = new Params();
  const conditions = [`host = ${params.add(host)}`];
  if (kinds !== undefined) conditions.push(kinds.length === 0 ? 'FALSE' : `kind IN (${params.list(kinds)})`);
  const sql = `SELECT ${FACT_COLUMNS} FROM facts WHERE ${conditions.join(' AND ')} ORDER BY seq`;
  return { sql, params: params.values };
}

/** The whole string dictionary, for the store's value → id cache. */
export const SELECT_ALL_STRINGS = `SELECT id, value FROM strings`;

/** New dictionary strings in one statement; one another connection added meanwhile is left alone. */
export function insertStrings(values: readonly string[]): Statement {
  const params = new Params();
  const rows = values.map((v) => `(${params.add(v)})`).join(', ');
  return {
    sql: `INSERT INTO strings (value) VALUES ${rows} ON CONFLICT (value) DO NOTHING`,
    params: params.values,
  };
}

/** The ids of these strings, whoever inserted them. */
export function selectStringIds(values: readonly string[]): Statement {
  const params = new Params();
  return {
    sql: `SELECT id, value FROM strings WHERE value IN (${params.list(values)})`,
    params: params.values,
  };
}

// Hosts, time range and counts read `event_rows` itself: none of them needs the dictionary joins.
export const SELECT_HOSTS = `SELECT host FROM series
  UNION SELECT value FROM strings WHERE id IN (SELECT DISTINCT host FROM event_rows)
  UNION SELECT host FROM domain_sightings
  UNION SELECT host FROM imported_files
  UNION SELECT host FROM facts
  ORDER BY host`;

export const SELECT_TIME_RANGE = `SELECT min(lo), max(hi) FROM (
  SELECT min(ts) AS lo, max(ts) AS hi FROM samples
  UNION ALL SELECT min(ts), max(ts) FROM event_rows
)`;

export const SELECT_COUNTS = `SELECT
  (SELECT count(*) FROM samples),
  (SELECT count(*) FROM event_rows),
  (SELECT count(*) FROM series),
  (SELECT count(*) FROM imported_files)`;
