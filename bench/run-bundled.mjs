#!/usr/bin/env node
/**
 * Runs a benchmark on the code as it ships: bundled by esbuild like dist/, not through tsx, whose
 * keep-names wrappers add a call to every local function on hot paths. The bundle is written
 * beside the source (so the bench's own relative paths still hold) and removed afterwards, with
 * the null-score worker beside it, where `scoreNulls` looks for it (as in dist/).
 *   node bench/run-bundled.mjs bench/configs.bench.ts [args...]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
const outfile = entry.replace(/\.ts$/, '.bundled.mjs');
const worker = join(dirname(outfile), 'null-scores-worker.js');
const options = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};
await build({ ...options, entryPoints: [entry], outfile });
await build({ ...options, entryPoints: ['src/analyze/null-scores-worker.ts'], outfile: worker });
try {
  const r = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(outfile, { force: true });
  rmSync(worker, { force: true });
}
