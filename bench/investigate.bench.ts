/**
 * `npm run bench:investigate`: seconds for one `investigate` of a host of 50 domains × 7 days ×
 * 5 s (the Step 4 budget: ≤ 5 s end to end from the store). The lab's `story` scenario (seed 1) is
 * generated and imported once into a cached store (several minutes, ~3.3 GB of captures, deleted
 * after the import); later runs only investigate.
 *
 *   npm run bench:investigate [-- --cache DIR] [--threads N]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { investigate } from '../src/analyze/index.js';
import { allParsers, LINE_CLAIM_ORDER } from '../src/formats/index.js';
import { importPaths } from '../src/ingest/index.js';
import { generateLab } from '../src/lab/index.js';
import { openStore } from '../src/store/index.js';
import { reportBench } from './report.js';

const at = process.argv.indexOf('--cache');
const cache = at >= 0 ? process.argv[at + 1]! : join(tmpdir(), 'xenscope-investigate-cache');
const db = join(cache, 'store.duckdb');
const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(process.argv[threadsAt + 1]) : undefined;

if (!existsSync(db)) {
  const tree = join(cache, 'tree');
  mkdirSync(cache, { recursive: true });
  console.error('generating 50 domains × 7 days × 5 s (once) …');
  await generateLab({ scenario: 'story', seed: 1, days: 7, domains: 50, intervalSeconds: 5, out: tree });
  const store = await openStore(`duckdb:${db}`);
  try {
    await importPaths([tree], { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER }, store, allParsers);
  } finally {
    await store.close();
  }
  rmSync(tree, { recursive: true, force: true });
}

const phases: Record<string, number> = {};
const t0 = performance.now();
const c0 = process.cpuUsage();
const store = await openStore(`duckdb:${db}`);
const result = await investigate(store, {
  ...(threads !== undefined ? { threads } : {}),
  onProgress: (p) => {
    if (p.done === p.total) phases[p.phase] = (performance.now() - t0) / 1000;
  },
});
await store.close();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const v = result.victims[0];
reportBench(
  `investigate, 50 domains × 7 days × 5 s, on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)})`,
  [
    ['seconds (open store → result)', seconds.toFixed(2)],
    ['CPU seconds (all threads)', cpuSeconds.toFixed(2)],
    ['events read by', `${phases.events?.toFixed(2) ?? '?'} s`],
    ['series loaded by', `${phases.series?.toFixed(2) ?? '?'} s`],
    ['victims · incidents', `${result.victims.length} · ${v?.incidents.length ?? 0}`],
    ['target', '≤ 5 s'],
  ],
  'investigate',
  {
    date: new Date().toISOString(),
    loadavg: loadavg()[0],
    seconds,
    cpuSeconds,
    phases,
    explanation: v?.explanation,
  },
);
