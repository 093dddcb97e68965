/** `xenscope import PATH...`: parse what a host left behind and store it. */
import type { Command } from 'commander';
import { allParsers, LINE_CLAIM_ORDER } from '../formats/index.js';
import { type FileReport, type ImportReport, importPaths } from '../ingest/index.js';
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

  if (outputFormat(flags) === 'json') process.stdout.write(`${JSON.stringify(toJson(report))}\n`);
  else process.stdout.write(toText(report, tz));
  // Success is storing something, or finding it all stored before (re-import adds nothing).
  if (report.files.some((f) => f.status === 'imported' || f.status === 'already-imported')) return EXIT.ok;
  throw new InputError(nothingStored(report.files));
}

/**
 * The one line that says why an import stored nothing: a recognised file's reason first (what
 * would make it store something), else why the first path could not be read at all.
 */
function nothingStored(files: readonly FileReport[]): string {
  if (files.length === 0) return 'no files found';
  const recognised = files.filter((f) => f.status === 'nothing-stored');
  const pick = recognised[0] ?? files[0]!;
  const what = recognised.length > 0 ? 'nothing stored' : 'nothing readable';
  const more = (recognised.length > 0 ? recognised.length : files.length) - 1;
  const others = more > 0 ? ` (and ${more} more ${more === 1 ? 'file' : 'files'} that stored nothing)` : '';
  return `${what}: ${pick.path}: ${pick.reason ?? pick.status}${others}`;
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
      diagnostics: f.diagnostics.map((d) => ({
        line: d.line,
        code: d.code,
        message: d.message,
        count: d.count,
      })),
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
  // The note says why a file is not simply imported (or what to know about it), on its own row.
  const rows = r.files.map((f) => [
    f.path,
    f.format ?? '-',
    f.status,
    f.lines,
    f.records,
    f.skipped,
    f.reason ?? '',
  ]);
  let out = `${table(['file', 'format', 'status', 'lines', 'records', 'skipped', 'note'], rows)}\n\n`;
  out += `host ${r.host}: stored ${r.samples} samples, ${r.events} events, ${r.configs} configs`;
  out += r.from !== null && r.to !== null ? ` from ${toIso(r.from)} to ${toIso(r.to)}\n` : '\n';
  if (tz === 'UTC' && r.events + r.samples > 0) out += 'zone-less stamps were read as UTC (--tz to change)\n';
  if (r.bootTime)
    out += `boot time ${toIso(r.bootTime.ts)} (${r.bootTime.source === 'option' ? '--boot-time' : 'derived from lines with wall and uptime stamps'})\n`;
  for (const f of r.files) {
    let shown = 0;
    for (const d of f.diagnostics) {
      const n = d.count;
      shown += n;
      if (d.line === 0) {
        // About the whole file: no line to name. The table's note already shows a lone reason.
        if (d.message === f.reason) continue;
        const times = n > 1 && !d.message.startsWith(`${n} `) ? ` (${n} times)` : '';
        out += `${f.path}: ${d.code}: ${d.message}${times}\n`;
      } else out += `${f.path}:${d.line}: ${d.code}: ${d.message}${n > 1 ? ` (${n} lines like this)` : ''}\n`;
    }
    if (f.skipped > shown) out += `${f.path}: … and ${f.skipped - shown} more skipped lines\n`;
  }
  return out;
}
