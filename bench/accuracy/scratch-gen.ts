import { LINE_CLAIM_ORDER, allParsers } from '../../src/formats/index.js';
import { generateLab } from '../../src/lab/index.js';
import { importPaths } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
async function main() {
const [scenario, seed, out] = process.argv.slice(2);
const t0 = Date.now();
const s = await generateLab({ scenario: scenario!, seed: Number(seed), out: out!, days: 0.5, domains: 12 });
const t1 = Date.now();
const store = await openStore(`duckdb:${out}/store.duckdb`);
const r = await importPaths([out!], { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER }, store, allParsers);
const t2 = Date.now();
console.log('gen', t1 - t0, 'import', t2 - t1, r.samples, r.events, r.host);
const keys = await store.listSeries({});
console.log(keys.length);
const byM = new Map<string, number>();
for (const k of keys) byM.set(`${k.resource}/${k.metric}`, (byM.get(`${k.resource}/${k.metric}`) ?? 0) + 1);
console.log(byM);
console.log(keys.filter(k=>k.domain===s.truth.incidents[0]?.victim || k.domain==='' || k.domain==='Domain-0').map(k=>`${k.domain}|${k.resource}|${k.device}|${k.metric}`).join('\n'));
console.log(JSON.stringify(s.truth.incidents, null, 1));
const ev = await store.queryEvents({ kinds: ['crash','panic','watchdog','reboot'] });
for (const e of ev) console.log(new Date(e.ts).toISOString(), e.tsSource, e.domain, e.source, e.kind, e.message.slice(0,80));
await store.close();
}
main();
