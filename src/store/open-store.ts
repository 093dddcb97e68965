/**
 * Opens a store from `--db FILE` or `--store URL` (design.md, "Command-line contract"). The one
 * place that maps a URL scheme to a dialect (style.md §1.1): nothing outside `store/` names a
 * concrete database. Opening is lazy, so this never writes to the disk; the first call does.
 */
import { existsSync } from 'node:fs';
import { InputError, UnsupportedError, UsageError } from '../model/errors.js';
import { DuckDbStore } from './duckdb/duckdb-store.js';
import type { Store } from './store.js';

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export interface OpenStoreOptions {
  /**
   * Refuse a store that does not exist yet (`InputError` naming it) instead of creating an empty
   * one: for commands that only read, where an empty store would answer "nothing found".
   */
  readonly mustExist?: boolean;
}

/**
 * `duckdb:FILE` (also `duckdb:///abs/path`), `:memory:`, or a plain path → the embedded DuckDB
 * store; `clickhouse://…` → `UnsupportedError('clickhouse')` until that dialect exists; any other
 * `scheme://` → `UsageError`.
 */
export function openStore(url: string, options: OpenStoreOptions = {}): Store {
  const spec = url.trim();
  if (spec === '') throw new UsageError('the store location is empty: give --db FILE or --store duckdb:FILE');
  const duckDb = (path: string): Store => {
    if (options.mustExist && path !== ':memory:' && !existsSync(path))
      throw new InputError(
        'no store here (the file does not exist); run `xenscope import PATH...` first to create it, or give --db the store you imported into',
        { file: path },
      );
    return new DuckDbStore({ path });
  };
  if (/^duckdb:/i.test(spec)) {
    const path = spec.slice('duckdb:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new UsageError(`store URL ${url} names no file: write duckdb:FILE`);
    return duckDb(path);
  }
  const scheme =
    URL_SCHEME.exec(spec)?.[1]?.toLowerCase() ?? (/^clickhouse:/i.test(spec) ? 'clickhouse' : null);
  if (scheme === 'clickhouse') {
    throw new UnsupportedError(
      'clickhouse',
      `the ClickHouse store is not available in this xenscope yet (${url}); use --db FILE for the embedded store`,
    );
  }
  if (scheme !== null) {
    throw new UsageError(
      `unknown store URL scheme "${scheme}" in ${url}: use duckdb:FILE, a plain path, or :memory:`,
    );
  }
  return duckDb(spec);
}
