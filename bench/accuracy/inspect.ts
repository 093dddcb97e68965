/** Prints one cached suite entry's investigation next to its truth (for reading failures, not tuning). */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { investigate } from '../../src/analyze/index.js';
import { openStore } from '../../src/store/index.js';

const id = process.argv[2]!;
const dir = join(process.argv[3] ?? join(tmpdir(), 'xenscope-accuracy-cache'), id);
const truth = JSON.parse(readFileSync(join(dir, 'tree', 'truth.json'), 'utf8'));
const store = await openStore(`duckdb:${join(dir, 'store.duckdb')}`);
const r = await investigate(store, {});
await store.close();
for (const v of r.victims) {
  console.log(v.domain, v.explanation);
  for (const s of v.suspects.slice(0, 4))
    console.log(
      `  ${s.rank} ${s.domain} ${s.device} ${s.metric} score ${s.score} ${s.support.hits}/${s.support.n} q ${s.q} ${s.direction} ${s.confirmed ? 'CONFIRMED' : ''} lead ${s.leadSeconds?.median} shared ${s.shared}`,
    );
  for (const i of v.incidents) {
    const t = truth.incidents.find(
      (x: { victim: string; ts: string }) =>
        x.victim === v.domain && Math.abs(Date.parse(x.ts) - i.ts) <= 120_000,
    );
    console.log(
      ` ${new Date(i.ts).toISOString()} truth ${t ? t.causes.map((c: { domain: string; resource: string }) => `${c.domain}/${c.resource}`).join(',') || 'none' : 'NOT IN TRUTH'} lag ${t?.lagSeconds}`,
    );
    for (const s of i.suspects.slice(0, 2))
      console.log(
        `    ${s.rank} ${s.domain} ${s.device} ${s.metric} ${s.score} ${s.direction} ${s.confirmed ? 'CONFIRMED' : ''}`,
      );
  }
}
