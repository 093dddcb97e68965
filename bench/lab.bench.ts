/**
 * Lab generation speed: 2 days × 50 domains × 5 s (the design's target: under a minute on a
 * 2-core machine). Prints a table and writes bench/results/lab.json. Figures, not assertions.
 *
 *   npx tsx bench/lab.bench.ts [--days D] [--domains K] [--interval S] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLab } from '../src/lab/index.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const days = flag('days', 2);
const domains = flag('domains', 50);
const intervalSeconds = flag('interval', 5);
const out = mkdtempSync(join(tmpdir(), 'xenscope-lab-bench-'));

const t0 = performance.now();
const summary = await generateLab({ scenario: 'story', seed: 1, out, days, domains, intervalSeconds });
const seconds = (performance.now() - t0) / 1000;
if (!process.argv.includes('--keep')) rmSync(out, { recursive: true, force: true });

const rows = [
  ['config', `${days} d × ${domains} domains × ${intervalSeconds} s`],
  ['steps', String(summary.steps)],
  ['seconds', seconds.toFixed(1)],
  ['bytes written', `${summary.bytes} (${(summary.bytes / 1e6).toFixed(0)} MB)`],
  ['lines', String(summary.lines)],
  ['MB/s', (summary.bytes / 1e6 / seconds).toFixed(1)],
  ['incidents', String(summary.incidents)],
  ['cpus', `${cpus().length} × ${cpus()[0]?.model ?? '?'}`],
];
const w = Math.max(...rows.map((r) => r[0]!.length));
console.log('lab generate (scenario story, seed 1)');
for (const [k, v] of rows) console.log(`  ${k!.padEnd(w)}  ${v}`);
for (const f of summary.files.filter((x) => x.bytes > 1_000_000)) {
  console.log(
    `    ${f.path.padEnd(32)} ${(f.bytes / 1e6).toFixed(0).padStart(6)} MB ${String(f.lines).padStart(9)} lines`,
  );
}

const results = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(results, { recursive: true });
writeFileSync(
  join(results, 'lab.json'),
  `${JSON.stringify(
    {
      bench: 'lab',
      scenario: 'story',
      seed: 1,
      days,
      domains,
      intervalSeconds,
      steps: summary.steps,
      seconds: Number(seconds.toFixed(2)),
      bytes: summary.bytes,
      lines: summary.lines,
      incidents: summary.incidents,
      node: process.version,
      cpus: cpus().length,
    },
    null,
    2,
  )}\n`,
);
