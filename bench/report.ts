/** How every benchmark ends: a two-column table on stdout and its JSON in bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

export function reportBench(
  title: string,
  rows: readonly (readonly [string, string])[],
  name: string,
  json: unknown,
): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(title);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  const file = join(RESULTS, `${name}.json`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`  wrote ${file}`);
}
