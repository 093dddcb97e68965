/**
 * `npm run bench:ingest`: lines/s parsed (and classified) per format, records/s stored end to end
 * through `import` into DuckDB, and peak memory at two input sizes (is it flat as input grows?).
 * Each measurement runs in its own process. Prints a table; writes bench/results/ingest.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);

// Measure the code as it ships (bundled like dist/, no tsx keep-names wrappers on hot paths).
const bundle = join(here, 'results', 'ingest-measure.mjs');
await build({
  entryPoints: [join(here, 'ingest', 'measure.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundle,
  packages: 'external',
  logLevel: 'error',
});

function measure(mode: string, n: number): Record<string, number | string> {
  const out = execFileSync(process.execPath, [bundle, mode, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const rows: Record<string, number | string>[] = [];
for (const mode of ['parse-syslog', 'parse-xentop', 'import-syslog', 'import-xentop']) {
  for (const n of [Math.round(LINES / 4), LINES]) rows.push(measure(mode, n));
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const table = rows.map((r) => {
  const s = Number(r.seconds);
  return {
    mode: r.mode,
    lines: fmt(Number(r.lines)),
    'lines/s': fmt(Number(r.lines) / s),
    'domain rows/s': r.domainRows ? fmt(Number(r.domainRows) / s) : '',
    // Parse rows only: without the first 4 MiB chunk, where the JIT is still compiling the parser.
    'warm /s': r.warmSeconds ? fmt(Number(r.warmRows || r.warmLines) / Number(r.warmSeconds)) : '',
    'stored/s': r.stored !== undefined ? fmt(Number(r.stored) / s) : '',
    'samples/s': r.samples ? fmt(Number(r.samples) / s) : '',
    seconds: s.toFixed(2),
    // On a shared, loaded machine wall time lies: the same work per CPU second of the timed part.
    'timed CPU s': Number(r.timedCpuSeconds).toFixed(2),
    'per CPU s': fmt(Number(r.domainRows || r.stored || r.lines) / Number(r.timedCpuSeconds)),
    'process CPU s': Number(r.cpuSeconds).toFixed(2),
    'peak RSS MiB': r.peakRssMiB,
  };
});
console.log(`ingest benchmark on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)})`);
console.log('per CPU s: domain rows (parse-xentop), records stored (import-*) or lines (parse-syslog)');
console.log('warm /s: domain rows or lines per second after the first 4 MiB chunk (the JIT warmed up)');
console.table(table);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'ingest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, loadavg: loadavg()[0], rows }, null, 2)}\n`,
);
