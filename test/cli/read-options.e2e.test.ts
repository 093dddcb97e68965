/**
 * The options every read command shares, run as a user would: impossible `--since`/`--until`
 * dates are usage errors (exit 2), a `--db` that does not exist is refused (exit 3) and never
 * created, `--store clickhouse://…` is a usage error that `--help` does not offer as working, and
 * no command at all is a usage error too.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath } from '../helpers/shared.js';

const READ_COMMANDS = ['events', 'investigate', 'topology'] as const;

describe('--since and --until refuse impossible dates', () => {
  const db = tempDb();
  const imported = xenscope(['import', labPath('var-log-xen'), '--db', db]);

  it('imports the lab logs the cases run against', () => {
    expect(imported.code, imported.stderr).toBe(0);
  });

  const cases: [command: string, flag: string, value: string, reason: RegExp][] = [
    ['events', '--since', '2026-13-45', /month 13 is not 1–12/],
    ['events', '--since', '2026-02-30', /February 2026 has days 1–28, not 30/],
    ['events', '--until', '2026-11-26T99:99Z', /hour 99 is not 0–23/],
    ['events', '--until', '2026-11-26T12:60:00Z', /minute 60 is not 0–59/],
    ['events', '--since', '2026-11-26T12:00:61Z', /second 61 is not 0–60/],
    ['investigate', '--since', '2026-02-30', /February 2026 has days 1–28, not 30/],
    ['investigate', '--until', '2026-11-26T25:00:00Z', /hour 25 is not 0–23/],
    ['investigate', '--until', '2026-11-26T24:00:00Z', /hour 24 is not 0–23 \(write 00:00 of the next day\)/],
  ];
  for (const [command, flag, value, reason] of cases)
    it(`${command} ${flag} ${value} exits 2 naming the flag, the field and the expected form`, () => {
      const r = xenscope([command, '--db', db, flag, value]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`xenscope: ${flag} "${value}": `);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).toContain('expected ISO 8601 (2026-11-26T12:00:00Z) or a relative time (-2h)');
    });

  it('still refuses text that is no time at all, as before', () => {
    const r = xenscope(['events', '--db', db, '--since', 'garbage']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'xenscope: --since "garbage": expected ISO 8601 (2026-11-26T12:00:00Z) or a relative time (-2h)\n',
    );
  });

  it('still takes valid dates, leap days and a leap second', () => {
    const r = xenscope([
      'events',
      '--db',
      db,
      '--kind',
      'panic',
      '--since',
      '2024-02-29',
      '--until',
      '2026-11-26T23:59:60Z',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('a read command with a --db that does not exist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-missing-'));

  for (const command of READ_COMMANDS)
    it(`${command} exits 3, names the file, says to import first, and creates nothing`, () => {
      const db = join(dir, `${command}.duckdb`);
      const r = xenscope([command, '--db', db]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `xenscope: ${db}: no store here (the file does not exist); run \`xenscope import PATH...\` first to create it, or give --db the store you imported into\n`,
      );
      expect(existsSync(db)).toBe(false);
      expect(existsSync(`${db}.wal`)).toBe(false);
    });

  it('is refused the same way through --store duckdb:FILE', () => {
    const db = join(dir, 'store-url.duckdb');
    const r = xenscope(['events', '--store', `duckdb:${db}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`xenscope: ${db}: no store here`);
    expect(existsSync(db)).toBe(false);
  });

  it('is still created by import, and then read', () => {
    const db = join(dir, 'made-by-import.duckdb');
    const imp = xenscope(['import', labPath('var-log-xen', 'console', 'guest-domu1.log'), '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    const r = xenscope(['events', '--db', db, '--kind', 'panic']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2026-11-26T12:28:08Z +localhost {2}domu1 .* panic .*Kernel panic/);
  });
});

describe('--store clickhouse://', () => {
  for (const command of [...READ_COMMANDS, 'import'])
    it(`${command} --help does not offer it as working`, () => {
      const r = xenscope([command, '--help']);
      expect(r.code).toBe(0);
      const help = r.stdout.replace(/\s+/g, ' ');
      expect(help).toContain('--store <url> store URL: duckdb:FILE (default ./xenscope.duckdb); a');
      expect(help).toContain('ClickHouse store is not available yet');
      expect(help).not.toContain('clickhouse://');
    });

  it('is refused as a usage error (exit 2), like an unknown scheme', () => {
    const r = xenscope(['events', '--store', 'clickhouse://localhost:8123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'xenscope: --store: the ClickHouse store is not available in this xenscope yet (clickhouse://localhost:8123); use --db FILE for the embedded store\n',
    );
    expect(xenscope(['events', '--store', 'postgres://x']).code).toBe(2);
  });
});

describe('xenscope without a command', () => {
  it('prints the help on stderr and exits 2, a usage error; --help and --version exit 0', () => {
    const none = xenscope([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: xenscope');
    expect(xenscope(['lab']).code).toBe(2);
    expect(xenscope(['--help']).code).toBe(0);
    expect(xenscope(['lab', '--help']).code).toBe(0);
    expect(xenscope(['--version']).code).toBe(0);
  });
});
