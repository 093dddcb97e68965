/**
 * How fast the embedded store takes samples: ≥ 1,050,000 generated samples (50 domains × 14
 * series, 5 s apart) appended into a fresh temporary DuckDB file, in batches of several sizes.
 * Each figure covers open, migration, every append and the closing checkpoint, so it is what an
 * import actually waits for. Prints a table and writes bench/results/store-append.json.
 *
 *   npx tsx bench/store-append.bench.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metric, Resource, Sample, SeriesKey } from '../src/model/index.js';
import { openStore } from '../src/store/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const DOMAINS = 50;
const STEPS = 1500;
const T0 = Date.UTC(2026, 4, 17, 0, 0, 0);

const PER_DOMAIN: readonly [Resource, string, Metric][] = [
  ['cpu', '', 'cpu_ratio'],
  ['mem', '', 'mem_kib'],
  ...(
    [
      'vbd_rd_reqs_per_s',
      'vbd_wr_reqs_per_s',
      'vbd_rd_sect_per_s',
      'vbd_wr_sect_per_s',
      'vbd_oo_reqs_per_s',
      'vbd_flush_reqs_per_s',
    ] as const
  ).map((m): [Resource, string, Metric] => ['vbd', 'xvda', m]),
  ...(
    [
      'vif_rx_bytes_per_s',
      'vif_tx_bytes_per_s',
      'vif_rx_pkts_per_s',
      'vif_tx_pkts_per_s',
      'vif_rx_drops_per_s',
      'vif_tx_drops_per_s',
    ] as const
  ).map((m): [Resource, string, Metric] => ['vif', 'net0', m]),
];

/** One key object per series, as ingest passes them; samples in time order, one iteration at a time. */
function generate(): Sample[] {
  const keys: SeriesKey[] = [];
  for (let d = 0; d < DOMAINS; d++) {
    for (const [resource, device, metric] of PER_DOMAIN) {
      keys.push({ host: 'bench-host', domain: `dom${String(d).padStart(2, '0')}`, resource, device, metric });
    }
  }
  const samples: Sample[] = [];
  let seed = 42;
  for (let step = 0; step < STEPS; step++) {
    const ts = T0 + step * 5000;
    for (const key of keys) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      samples.push({ ts, key, value: (seed / 2 ** 32) * 1000 });
    }
  }
  return samples;
}

interface Run {
  readonly batch: number;
  readonly samples: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** CPU seconds of the whole process (DuckDB's worker threads included): the figure a busy host distorts least. */
  readonly cpuSeconds: number;
  readonly fileMiB: number;
  readonly peakRssMiB: number;
}

async function run(samples: readonly Sample[], batch: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-bench-'));
  const path = join(dir, 'bench.duckdb');
  try {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const store = openStore(path);
    for (let i = 0; i < samples.length; i += batch) await store.appendSamples(samples.slice(i, i + batch));
    const { samples: stored } = await store.counts();
    await store.close();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    if (stored !== samples.length) throw new Error(`stored ${stored} of ${samples.length} samples`);
    return {
      batch,
      samples: samples.length,
      seconds: Math.round(seconds * 1000) / 1000,
      samplesPerSecond: Math.round(samples.length / seconds),
      cpuSeconds: Math.round((used.user + used.system) / 1000) / 1000,
      fileMiB: Math.round((statSync(path).size / 2 ** 20) * 10) / 10,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Warm-up: load the native driver and let the JIT see the append path once, so the figures
// measure appending rather than process start.
{
  const warm = openStore(':memory:');
  await warm.appendSamples(generate().slice(0, 20_000));
  await warm.close();
}

const samples = generate();
const loadBefore = loadavg()[0]!;
const runs: Run[] = [];
for (const batch of [100_000, 10_000, samples.length]) runs.push(await run(samples, batch));
const loadAfter = loadavg()[0]!;

const header = ['batch', 'samples', 'seconds', 'samples/s', 'CPU s', 'file MiB', 'peak RSS MiB'];
const rows = runs.map((r) =>
  [
    r.batch,
    r.samples,
    r.seconds.toFixed(3),
    r.samplesPerSecond,
    r.cpuSeconds.toFixed(3),
    r.fileMiB,
    r.peakRssMiB,
  ].map((v) => v.toLocaleString('en-US')),
);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(
  `store append: ${DOMAINS} domains × ${PER_DOMAIN.length} series × ${STEPS} steps into DuckDB (${availableParallelism()} CPUs)`,
);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(
  `load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after: a busy host inflates seconds, not CPU s`,
);

const duckdbVersion = (
  JSON.parse(
    readFileSync(join(here, '..', 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8'),
  ) as { version: string }
).version;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'store-append.json'),
  `${JSON.stringify(
    {
      bench: 'store-append',
      date: new Date().toISOString(),
      node: process.version,
      duckdbNodeApi: duckdbVersion,
      cpus: availableParallelism(),
      loadAverage: { before: loadBefore, after: loadAfter },
      cpuModel: cpus()[0]?.model ?? null,
      series: DOMAINS * PER_DOMAIN.length,
      runs,
    },
    null,
    2,
  )}\n`,
);
