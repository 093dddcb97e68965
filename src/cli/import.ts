/** `xenscope import PATH...`: parse what a host left behind and store it. */
import type { Command } from 'commander';
import { allParsers, LINE_CLAIM_ORDER } from '../formats/index.js';
import { type ImportReport, importPaths } from '../ingest/index.js';
import { InputError, toIso, UsageError } from '../model/index.js';
import {
  dbOption,
  EXIT,
  formatOption,
  type GlobalOptions,
  jsonOption,
  openStoreFrom,
  outputFormat,
  parseIntOption,
  parseTimeOption,
  parseTzOption,
  runCommand,
  storeOption,
  table,
} from './common.js';
import { importProgressBar } from './progress.js';

interface ImportFlags extends GlobalOptions {
  host?: string;
  tz?: string;
  year?: string;
  bootTime?: string;
  start?: string;
  interval?: string;
  inputFormat?: string;
  progress?: boolean;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('parse files a Xen host left behind (logs, captures, configs) into the store')
    .argument('<paths...>', 'files, directories, .gz/.xz/.bz2/.zst files or tarballs')
    .option('--host <name>', 'host the files belong to (default: from an `xl info` among them, else syslog)')
    .option('--tz <zone>', 'IANA zone of zone-less stamps (xenconsoled, RFC 3164 syslog, dmesg -T)', 'UTC')
    .option('--year <yyyy>', 'year of RFC 3164 syslog stamps (default: the file’s modification year)')
    .option(
      '--boot-time <time>',
      'dom0 boot time for uptime-stamped sources (default: derived from kern.log/syslog)',
    )
    .option('--start <time>', 'time of the first iteration of captures without time (xentop, sysfs dumps)')
    .option('--interval <seconds>', 'seconds between iterations of such captures')
    .option('--input-format <name>', `force one format: ${allParsers.map((p) => p.id).join(', ')}`)
    .option('--no-progress', 'no progress bar')
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((paths: string[], flags: ImportFlags) => runCommand(() => runImport(paths, flags)));
}

async function runImport(paths: string[], flags: ImportFlags): Promise<number> {
  const tz = parseTzOption(flags.tz);
  const year = parseIntOption('--year', flags.year, 1970);
  const intervalSeconds = parseIntOption('--interval', flags.interval, 1);
  const start = parseTimeOption('--start', flags.start, tz);
  const bootTime = parseTimeOption('--boot-time', flags.bootTime, tz);
  if (flags.inputFormat && !allParsers.some((p) => p.id === flags.inputFormat))
    throw new UsageError(
      `--input-format ${flags.inputFormat}: expected one of ${allParsers.map((p) => p.id).join(', ')}`,
    );
  if ((start === undefined) !== (intervalSeconds === undefined) && start !== undefined)
    throw new UsageError('--start needs --interval (seconds between iterations)');

  const store = await openStoreFrom(flags);
  const bar = flags.progress === false ? null : importProgressBar();
  let report: ImportReport;
  try {
    report = await importPaths(
      paths,
      {
        tz,
        lineClaimOrder: LINE_CLAIM_ORDER,
        ...(flags.host ? { host: flags.host } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(bootTime !== undefined ? { bootTime } : {}),
        ...(start !== undefined ? { start } : {}),
        ...(intervalSeconds !== undefined ? { intervalSeconds } : {}),
        ...(flags.inputFormat ? { inputFormat: flags.inputFormat } : {}),
        ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      },
      store,
      allParsers,
    );
  } finally {
    bar?.stop();
    await store.close();
  }

  const stored = report.samples + report.events + report.configs;
  const readable = report.files.some((f) => f.status === 'imported' || f.status === 'already-imported');
  if (outputFormat(flags) === 'json') process.stdout.write(`${JSON.stringify(toJson(report))}\n`);
  else process.stdout.write(toText(report, tz));
  for (const p of report.problems) process.stderr.write(`xenscope: ${p.path}: ${p.message}\n`);
  if (!readable && stored === 0) {
    const first = report.problems[0] ?? report.files.find((f) => f.reason);
    throw new InputError(
      report.files.length === 0 && report.problems.length === 0
        ? 'no files found'
        : 'nothing readable: no file in a recognised format',
      first && 'path' in first ? { file: first.path } : {},
    );
  }
  return EXIT.ok;
}

function toJson(r: ImportReport) {
  return {
    host: r.host,
    files: r.files.map((f) => ({
      path: f.path,
      format: f.format,
      status: f.status,
      lines: f.lines,
      records: f.records,
      skipped: f.skipped,
      diagnostics: f.diagnostics,
      ...(f.reason ? { reason: f.reason } : {}),
      ...(f.appended ? { appended: f.appended } : {}),
    })),
    samples: r.samples,
    events: r.events,
    configs: r.configs,
    from: r.from === null ? null : toIso(r.from),
    to: r.to === null ? null : toIso(r.to),
    ...(r.bootTime ? { bootTime: { ts: toIso(r.bootTime.ts), source: r.bootTime.source } } : {}),
  };
}

function toText(r: ImportReport, tz: string): string {
  const rows = r.files.map((f) => [f.path, f.format ?? '-', f.status, f.lines, f.records, f.skipped]);
  let out = `${table(['file', 'format', 'status', 'lines', 'records', 'skipped'], rows)}\n\n`;
  out += `host ${r.host}: stored ${r.samples} samples, ${r.events} events, ${r.configs} configs`;
  out += r.from !== null && r.to !== null ? ` from ${toIso(r.from)} to ${toIso(r.to)}\n` : '\n';
  if (tz === 'UTC') out += 'zone-less stamps were read as UTC (--tz to change)\n';
  if (r.bootTime)
    out += `boot time ${toIso(r.bootTime.ts)} (${r.bootTime.source === 'option' ? '--boot-time' : 'derived from lines with wall and uptime stamps'})\n`;
  const withDiags = r.files.filter((f) => f.diagnostics.length > 0 || f.reason);
  for (const f of withDiags) {
    if (f.reason && (f.status !== 'imported' || f.appended)) out += `${f.path}: ${f.reason}\n`;
    let shown = 0;
    for (const d of f.diagnostics) {
      const n = d.count ?? 1;
      shown += n;
      out += `${f.path}:${d.line}: ${d.code}: ${d.message}${n > 1 ? ` (${n} lines like this)` : ''}\n`;
    }
    if (f.skipped > shown) out += `${f.path}: … and ${f.skipped - shown} more skipped lines\n`;
  }
  return out;
}
