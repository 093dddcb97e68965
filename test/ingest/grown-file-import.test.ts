/**
 * Re-importing files that grew stores only what was appended (design.md: identity is the file's
 * content fingerprint and byte offset). The strongest check: a lab host's logs and xentop capture
 * imported while half written and again when complete leave exactly what one import of the
 * complete files leaves, events with their true line numbers, counters continued without a gap.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allParsers, LINE_CLAIM_ORDER } from '../../src/formats/index.js';
import { type ImportReport, importPaths } from '../../src/ingest/index.js';
import { generateLab } from '../../src/lab/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** The files a running host appends to; the rest (configs, captures of one moment) stay as they are. */
const GROWING = [
  'var/log/kern.log',
  'var/log/xen/xenstored-access.log',
  'var/log/xen/xl-web02.log',
  'var/log/xen/console/guest-web02.log',
  'var/log/xen/console/guest-db01.log',
  'var/log/xen/console/guest-web01.log',
  'captures/xentop.txt',
];

async function withStore<T>(db: string, f: (s: Store) => Promise<T>): Promise<T> {
  const store = openStore(`duckdb:${db}`);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

function importInto(db: string, paths: string[]): Promise<ImportReport> {
  return withStore(db, (s) =>
    importPaths(paths, { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER }, s, allParsers),
  );
}

/** Everything a store holds, as sorted text rows: events with their file and line, samples. */
async function contents(db: string): Promise<{ events: string[]; samples: string[] }> {
  return withStore(db, async (s) => {
    const events = (await s.queryEvents({})).map((e) =>
      [e.ts, e.tsSource, e.host, e.domain, e.source, e.kind, e.severity, e.message, e.file, e.line].join('|'),
    );
    const samples: string[] = [];
    for (const w of await s.readSeries({}, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)) {
      const k = w.key;
      for (let i = 0; i < w.ts.length; i++)
        samples.push(`${k.domain}|${k.resource}|${k.device}|${k.metric}|${w.ts[i]}|${w.values[i]}`);
    }
    return { events: events.sort(), samples: samples.sort() };
  });
}

/** The stamp a log line starts with (every lab log has one), to the second, in UTC. */
const STAMP = /^\[?(\d{4})-?(\d\d)-?(\d\d)[ T](\d\d):?(\d\d):?(\d\d)/;

function stampOf(line: string): number | null {
  const m = STAMP.exec(line);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
}

/** The lines written up to `t`: what a log held at that moment. */
function upTo(text: string, t: number): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => (stampOf(l) ?? Number.NEGATIVE_INFINITY) > t);
  return `${lines.slice(0, i).join('\n')}\n`;
}

/**
 * A xentop capture at `t`, as a block-buffered capture loop leaves it: the iteration after `t`
 * begun (its date, header and first row) and cut inside its next line.
 */
function xentopAt(text: string, t: number): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^\d{4}-\d\d-\d\dT/.test(l) && stampOf(l)! > t);
  return `${lines.slice(0, i + 3).join('\n')}\n${lines[i + 3]!.slice(0, 30)}`;
}

describe('a lab host imported half written, then complete', () => {
  let dir = '';
  let full: { events: string[]; samples: string[] };
  let grown: { events: string[]; samples: string[] };
  let second: ImportReport;
  let third: ImportReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xenscope-grown-'));
    const tree = join(dir, 'tree');
    await generateLab({ scenario: 'story', seed: 3, out: tree, days: 0.05, domains: 4 });
    // One import of the complete files.
    await importInto(join(dir, 'full.duckdb'), [tree]);
    full = await contents(join(dir, 'full.duckdb'));
    // The same tree imported at 00:30, while the growing files held what was written by then, and
    // again when complete. The xl log has no stamps: it held the lines placed up to then.
    const t = Date.parse('2026-05-11T00:30:00Z');
    const saved = join(dir, 'saved');
    cpSync(tree, saved, { recursive: true });
    for (const f of GROWING) {
      const text = readFileSync(join(saved, f), 'utf8');
      if (f.endsWith('xentop.txt')) writeFileSync(join(tree, f), xentopAt(text, t));
      else if (f.endsWith('xl-web02.log')) {
        const placed = (await withStore(join(dir, 'full.duckdb'), (s) => s.queryEvents({ until: t + 1000 })))
          .filter((e) => e.file.endsWith(f))
          .map((e) => e.line);
        writeFileSync(
          join(tree, f),
          `${text
            .split('\n')
            .slice(0, Math.max(...placed))
            .join('\n')}\n`,
        );
      } else writeFileSync(join(tree, f), upTo(text, t));
    }
    const db = join(dir, 'grown.duckdb');
    await importInto(db, [tree]);
    cpSync(saved, tree, { recursive: true });
    second = await importInto(db, [tree]);
    grown = await contents(db);
    third = await importInto(db, [tree]);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports each grown file as imported with the lines appended since', () => {
    for (const f of GROWING) {
      const r = second.files.find((x) => x.path.endsWith(f));
      expect(r, f).toBeDefined();
      expect(r!.status, f).toBe('imported');
      expect(r!.appended, f).toBeDefined();
      expect(r!.reason, f).toMatch(/^appended since the last import: \d+ new lines \(from line \d+\)$/);
      expect(r!.appended!.newLines, f).toBe(r!.lines - r!.appended!.fromLine + 1);
      expect(r!.appended!.previousPath, f).toBe(r!.path);
    }
    const xentop = second.files.find((x) => x.path.endsWith('xentop.txt'))!;
    // Cut inside a line: that line is read again whole.
    const t = Date.parse('2026-05-11T00:30:00Z');
    const cutLine = xentopAt(readFileSync(join(dir, 'saved', 'captures/xentop.txt'), 'utf8'), t).split(
      '\n',
    ).length;
    expect(xentop.appended!.fromLine).toBe(cutLine);
    const unchanged = second.files.filter(
      (x) => !GROWING.some((f) => x.path.endsWith(f)) && x.format !== null,
    );
    expect(unchanged.length).toBeGreaterThan(3);
    expect(unchanged.every((x) => x.status === 'already-imported')).toBe(true);
  });

  it('leaves exactly the events and samples of one import of the complete files', () => {
    expect(full.events.length).toBeGreaterThan(500);
    expect(full.samples.length).toBeGreaterThan(10_000);
    // xentop's counters and gauges are among them (mem_kib comes from xentop alone).
    expect(full.samples.filter((x) => x.includes('|mem|')).length).toBeGreaterThan(1000);
    expect(grown.events).toEqual(full.events);
    expect(grown.samples).toEqual(full.samples);
  });

  it('adds nothing when the complete files are imported once more', () => {
    expect(third.events).toBe(0);
    expect(third.samples).toBe(0);
    expect(third.files.filter((f) => f.format !== null).every((f) => f.status === 'already-imported')).toBe(
      true,
    );
  });
});
