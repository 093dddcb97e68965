/**
 * What every command shares (design.md, "Command-line contract"): `--db`/`--store`, `--format
 * text|json` (`--json`), `NO_COLOR`, time parsing, and the one place errors become exit codes.
 */
import { Option } from 'commander';
import {
  InputError,
  isValidTimeZone,
  readUserTime,
  UnsupportedError,
  UsageError,
  XenscopeError,
} from '../model/index.js';
import { openStore, type Store } from '../store/index.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, input: 3 } as const;

export interface GlobalOptions {
  db?: string;
  store?: string;
  format?: string;
  json?: boolean;
}

export const dbOption = () =>
  new Option('--db <file>', 'DuckDB file of the embedded store').default('./xenscope.duckdb');
export const storeOption = () =>
  new Option(
    '--store <url>',
    'store URL: duckdb:FILE (default ./xenscope.duckdb); a ClickHouse store is not available yet',
  );
export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
export const jsonOption = () => new Option('--json', 'short for --format json');

export function outputFormat(o: GlobalOptions): 'text' | 'json' {
  return o.json || o.format === 'json' ? 'json' : 'text';
}

/**
 * The store `--db`/`--store` name. Commands that only read pass `{ mustExist: true }`: a mistyped
 * `--db` (or a run from the wrong directory) must say so, not create an empty store and report
 * "nothing found" as if the host were clean. Writers (`import`) create the store.
 */
export async function openStoreFrom(o: GlobalOptions, options: { mustExist?: boolean } = {}): Promise<Store> {
  try {
    return openStore(o.store ?? `duckdb:${o.db ?? './xenscope.duckdb'}`, options);
  } catch (err) {
    // A store this build lacks is a bad option value, like an unknown scheme: exit 2, not 3.
    if (err instanceof UnsupportedError) throw new UsageError(`--store: ${err.message}`);
    throw err;
  }
}

export function useColor(): boolean {
  return process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
}

export function parseTimeOption(flag: string, value: string | undefined, tz = 'UTC'): number | undefined {
  if (value === undefined) return undefined;
  const t = readUserTime(value, Date.now(), tz);
  if (!t.ok)
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: ${t.reason ? `${t.reason}; ` : ''}expected ISO 8601 (2026-11-26T12:00:00Z) or a relative time (-2h)`,
    );
  return t.ms;
}

export function parseTzOption(value: string | undefined): string {
  const tz = value ?? 'UTC';
  if (!isValidTimeZone(tz))
    throw new UsageError(
      `--tz ${JSON.stringify(tz)}: not a time zone this system knows (e.g. UTC, Europe/Berlin)`,
    );
  return tz;
}

export function parseIntOption(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a whole number ≥ ${min}`);
  return Number(value);
}

/**
 * `xenscope events | head -1`: once the reader has what it wants it closes the pipe, and the next
 * write fails with EPIPE. That is the reader's choice, not an error of ours: end quietly with exit
 * 0, as `git log | head` and most Unix tools do, instead of an unhandled 'error' stack. Installed
 * once in main.ts, so it covers every command (stderr too, for `2>&1 | head`).
 */
export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(EXIT.ok);
      throw err;
    });
}

/** Runs a command body and maps errors to the exit codes that never change. */
export async function runCommand(body: () => Promise<number>): Promise<never> {
  let code: number;
  try {
    code = await body();
  } catch (err) {
    code = reportError(err);
  }
  // Piped stdout is asynchronous: exiting before it drains would cut the output short.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`xenscope: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof InputError) {
    const where = err.file ? `${err.file}${err.line ? `:${err.line}` : ''}: ` : '';
    process.stderr.write(`xenscope: ${where}${err.message}\n`);
    return EXIT.input;
  }
  if (err instanceof XenscopeError) {
    process.stderr.write(`xenscope: ${err.message}\n`);
    return EXIT.input;
  }
  process.stderr.write(
    `xenscope: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return 70;
}

/** Left-aligned text table; numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells
    .map((r, ri) =>
      r
        .map((c, i) => {
          const num = ri > 0 && typeof rows[ri - 1]?.[i] === 'number';
          return num ? c.padStart(widths[i]!) : c.padEnd(widths[i]!);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
