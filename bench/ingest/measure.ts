/**
 * One measurement, run in its own process so that its peak memory is its own:
 *   tsx bench/ingest/measure.ts parse-syslog N | parse-xentop N | import-syslog N | import-xentop N
 * Prints one JSON line.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allParsers, LINE_CLAIM_ORDER } from '../../src/formats/index.js';
import { syslogFormat } from '../../src/formats/syslog.js';
import { xentopFormat } from '../../src/formats/xentop.js';
import { importPaths } from '../../src/ingest/index.js';
import { classify } from '../../src/logs/index.js';
import type { LineFormat, ParseResult } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { writeSyslog, writeXentop } from './generate-inputs.js';

const T0 = Date.UTC(2026, 4, 17, 0, 0, 0);
const [mode, nText] = process.argv.slice(2);
const n = Number(nText);
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);

function elapsed(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** CPU seconds (user + system) since `start`: on a shared, loaded machine wall time lies. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/**
 * The parser's synchronous core (lines → records → classified), timed alone: the input is written
 * to a file first and read back in 4 MiB chunks split into lines as import's line reader does, so
 * neither generating the lines nor collecting the generator's garbage lands in the timed part.
 */
async function parseCore(kind: 'syslog' | 'xentop', classifyLogs: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-bench-'));
  const file = join(dir, 'input');
  try {
    if (kind === 'syslog') await writeSyslog(file, n, T0);
    else await writeXentop(file, Math.ceil(n / 151), 50, T0);
    const format = (kind === 'syslog' ? syslogFormat : xentopFormat) as unknown as LineFormat;
    const state = format.open({ file: 'bench', host: 'bench', tz: 'UTC', year: 2026 });
    const out: ParseResult[] = [];
    let lines = 0;
    let records = 0;
    let domainRows = 0;
    let seconds = 0;
    let timedCpuSeconds = 0;
    // The same figures without the first chunk: what a long import runs at once the JIT has
    // compiled the parser (the first 4 MiB also pay for tiering up, once per process).
    let warmLines = 0;
    let warmRows = 0;
    let warmSeconds = 0;
    let warmCpuSeconds = 0;
    let chunks = 0;
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(4 << 20);
    let carry = '';
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      const text = carry + buf.toString('utf8', 0, got);
      const cut = got === 0 ? text.length : text.lastIndexOf('\n') + 1;
      carry = text.slice(cut);
      const chunk = text.slice(0, cut).split('\n');
      if (chunk[chunk.length - 1] === '') chunk.pop();
      const t = process.hrtime.bigint();
      const c = process.cpuUsage();
      const linesBefore = lines;
      const rowsBefore = domainRows;
      for (const line of chunk) {
        lines++;
        state.line(line, lines, out);
        if (out.length === 0) continue;
        for (const r of out) {
          if (!r.ok) continue;
          records++;
          if (r.record.type === 'log' && classifyLogs) classify(r.record);
          if (r.record.type === 'domain') domainRows++;
        }
        out.length = 0;
      }
      const s = elapsed(t);
      const cpu = cpuSince(c);
      seconds += s;
      timedCpuSeconds += cpu;
      if (chunks++ > 0) {
        warmLines += lines - linesBefore;
        warmRows += domainRows - rowsBefore;
        warmSeconds += s;
        warmCpuSeconds += cpu;
      }
      if (got === 0) break;
    }
    closeSync(fd);
    state.end(out);
    return {
      lines,
      records,
      domainRows,
      seconds,
      timedCpuSeconds,
      warmLines,
      warmRows,
      warmSeconds,
      warmCpuSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importFile(kind: 'syslog' | 'xentop') {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-bench-'));
  try {
    const file = join(dir, kind === 'syslog' ? 'syslog' : 'xentop.txt');
    const lines =
      kind === 'syslog'
        ? await writeSyslog(file, n, T0)
        : await writeXentop(file, Math.ceil(n / 151), 50, T0);
    const store = await openStore(`duckdb:${join(dir, 'bench.duckdb')}`);
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    const report = await importPaths(
      [file],
      { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER },
      store,
      allParsers,
    );
    await store.close();
    const seconds = elapsed(t);
    // Includes DuckDB's own threads: the whole cost of an import, not just the JS side.
    const timedCpuSeconds = cpuSince(c);
    return {
      lines,
      records: report.files[0]!.records,
      stored: report.samples + report.events,
      samples: report.samples,
      events: report.events,
      seconds,
      timedCpuSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpuStart = process.cpuUsage();
let result: Record<string, unknown>;
if (mode === 'parse-syslog') result = await parseCore('syslog', true);
else if (mode === 'parse-xentop') result = await parseCore('xentop', false);
else if (mode === 'import-syslog') result = await importFile('syslog');
else if (mode === 'import-xentop') result = await importFile('xentop');
else throw new Error(`unknown mode ${mode}`);
clearInterval(sampler);
const cpu = process.cpuUsage(cpuStart);
result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
peakRss = Math.max(peakRss, process.memoryUsage.rss());
process.stdout.write(
  `${JSON.stringify({ mode, n, ...result, peakRssMiB: Math.round(peakRss / 1048576) })}\n`,
);
