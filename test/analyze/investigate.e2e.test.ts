/**
 * End to end: the real Xen 4.17 capture through the CLI, and lab scenarios generated, imported
 * (`importPaths`) and investigated, checked against the lab's truth.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { investigate } from '../../src/analyze/index.js';
import { allParsers, LINE_CLAIM_ORDER } from '../../src/formats/index.js';
import { importPaths } from '../../src/ingest/index.js';
import { generateLab, type Truth } from '../../src/lab/index.js';
import { openStore } from '../../src/store/index.js';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath } from '../helpers/shared.js';

describe('investigate on the real capture (xen-4.17-lab)', () => {
  const db = tempDb();
  const imported = xenscope([
    'import',
    labPath('var-log-xen'),
    '--boot-time',
    '2026-11-26T12:26:05Z',
    '--db',
    db,
  ]);

  it('finds the two self-inflicted crashes at the right times and establishes no cause', () => {
    expect(imported.code, imported.stderr).toBe(0);
    const r = xenscope(['investigate', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.victims.map((v: { domain: string; incidents: { ts: string }[] }) => [
        v.domain,
        v.incidents.map((i) => i.ts),
      ]),
    ).toEqual([
      ['domu1', ['2026-11-26T12:28:08Z']],
      ['domu2', ['2026-11-26T12:29:20Z']],
    ]);
    for (const v of out.victims) {
      expect(Object.keys(v)).toEqual(['host', 'domain', 'incidents', 'suspects', 'explanation']);
      expect(v.explanation).toContain('No cause could be established');
      expect(v.suspects.filter((s: { confirmed: boolean }) => s.confirmed)).toEqual([]);
      expect(v.incidents[0].evidence.map((e: { source: string }) => e.source)).toEqual(['console', 'xl']);
      expect(v.incidents[0].evidence[0].message).toContain(
        'Kernel panic - not syncing: sysrq triggered crash',
      );
    }
  });

  it('prints the explanation as text and honours --domain', () => {
    const r = xenscope(['investigate', '--db', db, '--domain', 'domu2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('domu2 crashed once');
    expect(r.stdout).toContain('No cause could be established');
    expect(r.stdout).not.toContain('domu1');
  });

  it('writes self-contained Markdown and HTML reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-report-'));
    const r = xenscope(['investigate', '--db', db, '--md', join(dir, 'r.md'), '--html', join(dir, 'r.html')]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('Kernel panic - not syncing');
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain('## domu1 on localhost');
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a bad time with exit 2', () => {
    expect(xenscope(['investigate', '--db', db, '--since', 'yesterday-ish']).code).toBe(2);
  });
});

async function labRun(scenario: string, seed: number) {
  const dir = mkdtempSync(join(tmpdir(), `xenscope-inv-${scenario}-`));
  const summary = await generateLab({
    scenario,
    seed,
    out: join(dir, 'tree'),
    days: 0.25,
    domains: 8,
    incidents: 4,
  });
  const store = await openStore(`duckdb:${join(dir, 'store.duckdb')}`);
  try {
    await importPaths(
      [join(dir, 'tree')],
      { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER },
      store,
      allParsers,
    );
    return { truth: summary.truth as Truth, result: await investigate(store, {}), dir };
  } finally {
    await store.close();
  }
}

describe('lab generate → import → investigate', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const [scenario, seed] of [
    ['noisy-disk', 11],
    ['net-flood', 12],
  ] as const) {
    it(`${scenario}: every true incident is found and its antagonist ranked first`, async () => {
      const { truth, result, dir } = await labRun(scenario, seed);
      dirs.push(dir);
      const incidents = result.victims.flatMap((v) => v.incidents.map((i) => ({ v: v.domain, i })));
      expect(truth.incidents.length).toBeGreaterThan(0);
      let right = 0;
      for (const t of truth.incidents) {
        const found = incidents.find(
          (x) => x.v === t.victim && Math.abs(x.i.ts - Date.parse(t.ts)) <= 120_000,
        );
        expect(found, `${t.victim} at ${t.ts}`).toBeDefined();
        const top = found!.i.suspects[0];
        if (top && t.causes.some((c) => c.domain === top.domain && c.resource === top.resource)) right++;
      }
      expect(right / truth.incidents.length).toBeGreaterThanOrEqual(0.75);
    }, 240_000);
  }

  it('no-cause: no suspect is confirmed', async () => {
    const { truth, result, dir } = await labRun('no-cause', 13);
    dirs.push(dir);
    expect(truth.incidents.every((i) => i.causes.length === 0)).toBe(true);
    expect(result.victims.length).toBeGreaterThan(0);
    for (const v of result.victims) expect(v.suspects.filter((s) => s.confirmed)).toEqual([]);
  }, 240_000);
});
