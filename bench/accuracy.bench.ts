/**
 * `npm run bench:accuracy` (tsx bench/accuracy.bench.ts): runs the frozen suite
 * (bench/suite/accuracy-suite.json) through lab generate → import → each method, and prints per
 * incident AC@1, AC@3, Avg@5 at the domain and (domain, resource) levels, the lead-time error, the
 * false-discovery rate on no-cause incidents, and seconds per investigation; writes
 * bench/results/accuracy.json, and every incident's score per method (with its suite entry) to
 * bench/results/accuracy-incidents.jsonl, for reading where a method is right or wrong.
 *
 *   npx tsx bench/accuracy.bench.ts [--limit N] [--cache DIR] [--only xenscope,BARO]
 *
 * Generated trees and stores are cached (default: $TMPDIR/xenscope-accuracy-cache), so a second
 * run only re-runs the methods.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  investigateBaro,
  investigateCpi2,
  investigateLuo,
  investigateNetdataKs2,
  investigateNetdataVolume,
  investigateNSigma,
  investigateRandom,
} from '../src/analyze/baselines/index.js';
import { type InvestigateResult, investigate } from '../src/analyze/index.js';
import { allParsers, LINE_CLAIM_ORDER } from '../src/formats/index.js';
import { importPaths } from '../src/ingest/index.js';
import { generateLab, type Truth } from '../src/lab/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { type IncidentScore, scoreRun } from './accuracy/score.js';
import type { SuiteEntry } from './suite/make-suite.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Method {
  readonly name: string;
  readonly run: (store: Store) => Promise<InvestigateResult>;
}

/** Every method takes the same store and answers in the same shape. */
const METHODS: readonly Method[] = [
  { name: 'xenscope', run: (s) => investigate(s, {}) },
  { name: 'random', run: (s) => investigateRandom(s, {}) },
  { name: 'BARO', run: (s) => investigateBaro(s, {}) },
  { name: 'NSigma', run: (s) => investigateNSigma(s, {}) },
  { name: 'Netdata KS2', run: (s) => investigateNetdataKs2(s, {}) },
  { name: 'Netdata volume', run: (s) => investigateNetdataVolume(s, {}) },
  { name: 'CPI2', run: (s) => investigateCpi2(s, {}) },
  { name: 'Luo KDD14', run: (s) => investigateLuo(s, {}) },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function prepare(entry: SuiteEntry, cache: string): Promise<{ db: string; truth: Truth }> {
  const dir = join(cache, entry.id);
  const tree = join(dir, 'tree');
  const db = join(dir, 'store.duckdb');
  const done = join(dir, 'imported');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    const { id: _id, scenario, ...params } = entry;
    await generateLab({ scenario, ...params, out: tree });
    const store = await openStore(`duckdb:${db}`);
    try {
      await importPaths([tree], { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER }, store, allParsers);
    } finally {
      await store.close();
    }
    writeFileSync(done, '');
  }
  return { db, truth: JSON.parse(readFileSync(join(tree, 'truth.json'), 'utf8')) as Truth };
}

interface Summary {
  incidents: number;
  found: number;
  ac1Domain: number;
  ac3Domain: number;
  avg5Domain: number;
  ac1Resource: number;
  ac3Resource: number;
  avg5Resource: number;
  leadWithin20: number | null;
  confirmedRight: number;
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

function summarise(scores: readonly IncidentScore[]): Summary {
  const leads = scores.map((s) => s.leadError).filter((x): x is number => x !== null);
  return {
    incidents: scores.length,
    found: scores.filter((s) => s.found).length,
    ac1Domain: mean(scores.map((s) => s.acDomain[0]!)),
    ac3Domain: mean(scores.map((s) => s.acDomain[2]!)),
    avg5Domain: mean(scores.map((s) => mean(s.acDomain))),
    ac1Resource: mean(scores.map((s) => s.acResource[0]!)),
    ac3Resource: mean(scores.map((s) => s.acResource[2]!)),
    avg5Resource: mean(scores.map((s) => mean(s.acResource))),
    leadWithin20: leads.length === 0 ? null : leads.filter((e) => e <= 0.2).length / leads.length,
    confirmedRight: leads.length,
  };
}

async function main(): Promise<void> {
  const suite = JSON.parse(readFileSync(join(here, 'suite', 'accuracy-suite.json'), 'utf8')) as SuiteEntry[];
  const limit = arg('--limit') !== undefined ? Number(arg('--limit')) : suite.length;
  const cache = arg('--cache') ?? join(tmpdir(), 'xenscope-accuracy-cache');
  const entries = suite.slice(0, limit);
  const only = arg('--only')?.split(',');
  const methods = only ? METHODS.filter((m) => only.includes(m.name)) : METHODS;
  const perMethod = new Map<string, { scores: IncidentScore[]; seconds: number[] }>(
    methods.map((m) => [m.name, { scores: [], seconds: [] }]),
  );
  const perIncident: (IncidentScore & { entry: string; method: string })[] = [];
  for (const [i, entry] of entries.entries()) {
    const { db, truth } = await prepare(entry, cache);
    for (const m of methods) {
      const t0 = performance.now();
      const store = await openStore(`duckdb:${db}`);
      let result: InvestigateResult;
      try {
        result = await m.run(store);
      } finally {
        await store.close();
      }
      const acc = perMethod.get(m.name)!;
      acc.seconds.push((performance.now() - t0) / 1000);
      const scores = scoreRun(truth, result);
      acc.scores.push(...scores);
      // Per incident, for reading where a method is right or wrong (not for tuning).
      for (const sc of scores) perIncident.push({ entry: entry.id, method: m.name, ...sc });
    }
    process.stderr.write(`\r${i + 1}/${entries.length} ${entry.id}        `);
  }
  process.stderr.write('\n');

  const out: Record<string, unknown> = {
    suite: 'bench/suite/accuracy-suite.json',
    entries: entries.length,
    methods: {},
  };
  const rows: string[][] = [];
  for (const m of methods) {
    const { scores, seconds } = perMethod.get(m.name)!;
    const withCause = scores.filter((s) => s.causes > 0);
    const noCause = scores.filter((s) => s.causes === 0);
    const cells = [...new Set(withCause.map((s) => s.cell))].sort();
    const byCell = Object.fromEntries(
      cells.map((c) => [c, summarise(withCause.filter((s) => s.cell === c))]),
    );
    const overall = summarise(withCause);
    const fdrNoCause =
      noCause.length === 0 ? null : noCause.filter((s) => s.confirmed > 0).length / noCause.length;
    const confirmed = scores.reduce((a, s) => a + s.confirmed, 0);
    const falseShare = confirmed === 0 ? null : scores.reduce((a, s) => a + s.falseConfirmed, 0) / confirmed;
    const secs = [...seconds].sort((a, b) => a - b);
    (out.methods as Record<string, unknown>)[m.name] = {
      overall,
      byCell,
      noCauseIncidents: noCause.length,
      fdrNoCause,
      falseShareOfConfirmed: falseShare,
      secondsPerInvestigation: { median: secs[secs.length >> 1] ?? null, max: secs[secs.length - 1] ?? null },
    };
    const f = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
    rows.push([
      m.name,
      String(overall.incidents),
      f(overall.ac1Domain),
      f(overall.ac3Domain),
      f(overall.avg5Domain),
      f(overall.ac1Resource),
      f(overall.ac3Resource),
      f(overall.avg5Resource),
      f(overall.leadWithin20),
      f(fdrNoCause),
      f(falseShare),
      f(secs[secs.length >> 1] ?? null),
      cells.map((c) => `${c} ${f(byCell[c]!.ac1Resource)}`).join(', '),
    ]);
  }
  const header = [
    'method',
    'incidents',
    'AC@1 d',
    'AC@3 d',
    'Avg@5 d',
    'AC@1 d,r',
    'AC@3 d,r',
    'Avg@5 d,r',
    'lead ±20%',
    'FDR no-cause',
    'false/confirmed',
    's/inv',
    'AC@1 d,r by cell',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log([header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'));
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'accuracy.json'), `${JSON.stringify(out, null, 2)}\n`);
  writeFileSync(
    join(here, 'results', 'accuracy-incidents.jsonl'),
    perIncident.map((r) => JSON.stringify(r)).join('\n') + (perIncident.length > 0 ? '\n' : ''),
  );
}

await main();
