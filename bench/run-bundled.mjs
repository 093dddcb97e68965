#!/usr/bin/env node
/**
 * Runs a benchmark on the code as it ships: bundled by esbuild like dist/, not through tsx, whose
 * keep-names wrappers add a call to every local function on hot paths. The bundle is written
 * beside the source (so the bench's own relative paths still hold) and removed afterwards.
 *   node bench/run-bundled.mjs bench/configs.bench.ts [args...]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
const outfile = entry.replace(/\.ts$/, '.bundled.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  packages: 'external',
  logLevel: 'warning',
});
try {
  const r = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(outfile, { force: true });
}
