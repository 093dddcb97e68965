import { openStore } from '../../src/store/index.js';
async function main() {
const store = await openStore(`duckdb:/tmp/inv/nd7/store.duckdb`);
const r = await store.timeRange(); console.log(r);
let t0 = Date.now();
const all = await store.readSeries({ host: 'xen-lab-01' }, -Infinity, Infinity);
console.log('all', Date.now() - t0, all.length, all.reduce((s, w) => s + w.ts.length, 0));
t0 = Date.now();
for (let i = 0; i < 20; i++) { const a = r.from! + 3600_000 + i * 1800_000; const w = await store.readSeries({ host: 'xen-lab-01' }, a, a + 1800_000); if (i==0) console.log(w.length, w[0]!.ts.length); }
console.log('20 windows', Date.now() - t0);
t0 = Date.now();
const ev = await store.queryEvents({ host: 'xen-lab-01' }); console.log('events', ev.length, Date.now() - t0);
const kinds = new Map<string, number>(); for (const e of ev) kinds.set(`${e.domain}:${e.kind}:${e.source}`, (kinds.get(`${e.domain}:${e.kind}:${e.source}`) ?? 0) + 1);
console.log(kinds);
await store.close();
}
main();
