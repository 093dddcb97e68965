/**
 * Lists, for every cached suite entry (or those whose id starts with a prefix), the incidents
 * xenscope got wrong: a top (domain, resource) that is not a true cause, and any confirmed suspect
 * of an incident without a cause. For reading failures, not for tuning.
 *
 *   npx tsx bench/accuracy/misses.ts [ID-PREFIX] [--cache DIR] [--all]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { investigate } from '../../src/analyze/index.js';
import type { Truth } from '../../src/lab/index.js';
import { openStore } from '../../src/store/index.js';

const args = process.argv.slice(2);
const cacheAt = args.indexOf('--cache');
const cache = cacheAt >= 0 ? args[cacheAt + 1]! : join(tmpdir(), 'xenscope-accuracy-cache');
const showAll = args.includes('--all');
const prefix = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--cache');

for (const id of readdirSync(cache).sort()) {
  if (prefix && !id.startsWith(prefix)) continue;
  const truth = JSON.parse(readFileSync(join(cache, id, 'tree', 'truth.json'), 'utf8')) as Truth;
  const store = await openStore(`duckdb:${join(cache, id, 'store.duckdb')}`);
  const t0 = performance.now();
  const result = await investigate(store, {});
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  const lines = [`${id} ${seconds.toFixed(1)} s`];
  for (const v of result.victims) {
    for (const inc of v.incidents) {
      const t = truth.incidents.find(
        (x) => x.victim === v.domain && Math.abs(Date.parse(x.ts) - inc.ts) <= 120_000,
      );
      const causes = t ? t.causes.map((c) => `${c.domain}/${c.resource}`) : ['NOT-IN-TRUTH'];
      const confirmed = inc.suspects
        .filter((s) => s.confirmed)
        .map((s) => `${s.domain}/${s.resource}/${s.metric}`);
      const top = inc.suspects[0] ? `${inc.suspects[0].domain}/${inc.suspects[0].resource}` : '-';
      const right = causes.length === 0 ? confirmed.length === 0 : causes.includes(top);
      if (!right || showAll)
        lines.push(
          `   ${v.domain} ${new Date(inc.ts).toISOString()} truth=[${causes}] top=${top} confirmed=[${confirmed}]`,
        );
    }
  }
  console.log(lines.join('\n'));
}
