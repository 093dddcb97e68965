/**
 * `quoteLiteral` under attack (style.md §1.8): hostile strings and odd numbers go through a real
 * DuckDB query and must come back exactly; plus server-less checks of the named statements.
 */

import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDuckDb, type DuckDbClient, doubleItems } from '../../src/store/duckdb/duckdb-client.js';
import {
  quoteLiteral,
  selectEvents,
  selectGrid,
  selectImportedFiles,
  selectSamples,
  selectSeries,
} from '../../src/store/duckdb/duckdb-sql.js';

let client: DuckDbClient;
beforeAll(async () => {
  client = await connectDuckDb(':memory:');
  await client.run('CREATE TABLE victims (name VARCHAR)');
  await client.run(`INSERT INTO victims VALUES ('alice'), ('bob')`);
});
afterAll(() => client.close());

/** String.prototype.toWellFormed (ES2024, in Node 20 but not in our ES2023 lib typings). */
const wellFormed = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();

async function roundTrip(value: string | number | bigint | boolean | null): Promise<unknown> {
  const rows = await client.rows(`SELECT ${quoteLiteral(value)} AS v`);
  return rows[0]?.[0];
}

const HOSTILE = [
  '',
  "'",
  "''",
  "it's",
  "'; DROP TABLE victims; --",
  "' OR '1'='1",
  'back\\slash',
  '\\',
  "\\'",
  'trailing backslash\\',
  'nul\u0000inside',
  '\u0000',
  '\u0000\u0000lead and trail\u0000',
  'ünïcødé ✓ 漢字',
  'emoji 😀 and 🏳️‍🌈',
  'newline\nand\r\ncarriage',
  'tab\tand\u0007bell',
  '$1 $$ $tag$ ? :name',
  '" double "" quotes "',
  '/* comment */ -- dash',
  "E'escape\\n'",
  `${'x'.repeat(10_000)}'`,
];

describe('quoteLiteral', () => {
  it.each(HOSTILE.map((s) => [JSON.stringify(s).slice(0, 60), s]))('round-trips %s', async (_, s) => {
    expect(await roundTrip(s)).toBe(s);
  });

  it('cannot be broken out of: an injected statement is only data', async () => {
    const attack = "x'; DROP TABLE victims; SELECT '";
    const rows = await client.rows(`SELECT count(*) FROM victims WHERE name = ${quoteLiteral(attack)}`);
    expect(rows).toEqual([[0]]);
    expect(await client.rows(`SELECT count(*) FROM victims WHERE name <> ${quoteLiteral(attack)}`)).toEqual([
      [2],
    ]);
    expect(await client.rows(`SELECT count(*) FROM victims WHERE name = ${quoteLiteral('bob')}`)).toEqual([
      [1],
    ]);
  });

  it('turns lone surrogates into U+FFFD, as a bound parameter does', async () => {
    const broken = 'a\uD800b\uDC00c\uD83D';
    expect(await roundTrip(broken)).toBe('a\uFFFDb\uFFFDc\uFFFD');
    const bound = await client.rows('SELECT $1::VARCHAR', [broken]);
    expect(bound[0]?.[0]).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(await roundTrip('pair \uD83D\uDE00 kept')).toBe('pair \uD83D\uDE00 kept');
  });

  it('round-trips any string (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (s) => {
        expect(await roundTrip(s)).toBe(wellFormed(s));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps numbers exact, negatives safe after an operator, and non-finite values', async () => {
    for (const n of [
      0,
      1,
      -1,
      42,
      -2147483649,
      0.1,
      -0.5,
      1e300,
      -1e-300,
      5e-324,
      2 ** 53 + 2,
      Number.MAX_VALUE,
    ]) {
      expect(await roundTrip(n)).toBe(n);
      const rows = await client.rows(`SELECT 10 - ${quoteLiteral(n)} = 10 - $1::DOUBLE`, [n]);
      expect(rows[0]?.[0]).toBe(true);
    }
    expect(await roundTrip(Number.NaN)).toBeNaN();
    expect(await roundTrip(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(await roundTrip(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(await roundTrip(-0), -0)).toBe(true);
    expect(quoteLiteral(-3)).toBe('(-3)');
    expect(quoteLiteral(0.1)).toBe('0.1::DOUBLE');
  });

  it('writes bigints, booleans and NULL', async () => {
    expect(await roundTrip(123n)).toBe(123);
    expect(await client.rows(`SELECT 1 - ${quoteLiteral(-5n)}`)).toEqual([[6]]);
    expect(await roundTrip(true)).toBe(true);
    expect(await roundTrip(false)).toBe(false);
    expect(await roundTrip(null)).toBeNull();
  });
});

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('named statements', () => {
  it('bind every pattern value as a parameter; arrays become IN lists, empty arrays match nothing', () => {
    const q = selectSeries({ host: "h'1", domain: ['a', 'b'], metric: [] });
    expect(squash(q.sql)).toBe(
      'SELECT id, host, domain, resource, device, metric FROM series WHERE host = $1 AND domain IN ($2, $3) AND FALSE ORDER BY host, domain, resource, device, metric',
    );
    expect(q.params).toEqual(["h'1", 'a', 'b']);
    expect(squash(selectSeries({}).sql)).toContain('WHERE TRUE');
  });

  it('match several patterns as one parenthesised OR, and none as FALSE', () => {
    const q = selectSeries([{ host: 'h1', resource: 'vbd' }, { host: 'h2' }]);
    expect(squash(q.sql)).toContain('WHERE ((host = $1 AND resource = $2) OR (host = $3)) ORDER BY');
    expect(q.params).toEqual(['h1', 'vbd', 'h2']);
    expect(squash(selectSeries([]).sql)).toContain('WHERE FALSE ORDER BY');
    const g = selectGrid([{ host: 'h1' }, { host: 'h1', domain: ['web03'] }], 1000, 10_000, 6);
    // The selector stays one condition inside the subquery, whatever is added around it.
    expect(squash(g.sql)).toContain(
      'WHERE series_id IN (SELECT id FROM series WHERE ((host = $3) OR (host = $4 AND domain IN ($5)))) AND ts >= $1::BIGINT',
    );
  });

  it('read samples in a half-open window on BIGINT bounds, open where a bound is null', () => {
    const q = selectSamples({ resource: 'vbd' }, 1000, 2000);
    expect(squash(q.sql)).toBe(
      'SELECT series_id::DOUBLE, ts::DOUBLE, value FROM samples WHERE series_id IN (SELECT id FROM series WHERE resource = $1) AND ts >= $2::BIGINT AND ts < $3::BIGINT ORDER BY series_id, ts',
    );
    expect(q.params).toEqual(['vbd', 1000, 2000]);
    expect(squash(selectSamples({}, null, null).sql)).not.toContain('ts >=');
  });

  it('filter events by graver-or-equal severities and bind the limit', () => {
    const q = selectEvents(
      { host: 'h1', kinds: ['crash', 'panic'], minSeverity: 'warning', limit: 5 },
      10,
      null,
    );
    expect(squash(q.sql)).toBe(
      'SELECT ts, ts_source, host, domain, source, kind, severity, template, message, file, line, file_fp FROM events WHERE host = $1 AND kind IN ($2, $3) AND severity IN ($4, $5, $6) AND ts >= $7::BIGINT ORDER BY ts, file, line LIMIT $8',
    );
    expect(q.params).toEqual(['h1', 'crash', 'panic', 'critical', 'error', 'warning', 10, 5]);
  });

  it('look imported files up by any of their hashes with one parameter list', () => {
    const q = selectImportedFiles('h1', ['x', 'y']);
    expect(squash(q.sql)).toContain(
      'WHERE host = $1 AND (content_hash IN ($2, $3) OR head_hash IN ($2, $3) OR lead_hash IN ($2, $3))',
    );
    expect(q.params).toEqual(['h1', 'x', 'y']);
  });
});

describe('doubleItems (reading DOUBLE columns in one copy)', () => {
  // The fast path leans on node-api internals its typings call private: if a driver upgrade moves
  // them, this fails instead of every investigation silently reading samples one call at a time.
  it('hands over the typed array of a NULL-free DOUBLE vector, and nothing for one with NULLs', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const result = await connection.run(
        'SELECT i::DOUBLE / 4 AS v, CASE WHEN i = 3 THEN NULL ELSE i::DOUBLE END AS w FROM range(10) t(i)',
      );
      const chunk = result.getChunk(0);
      const n = chunk.rowCount;
      expect(Array.from(doubleItems(chunk.getColumnVector(0), n) ?? [])).toEqual(
        Array.from({ length: 10 }, (_, i) => i / 4),
      );
      expect(doubleItems(chunk.getColumnVector(1), n)).toBeNull();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
