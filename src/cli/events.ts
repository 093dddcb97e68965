/** `xenscope events`: the time-merged event timeline. */
import type { Command } from 'commander';
import {
  EVENT_KINDS,
  type EventKind,
  isMember,
  SEVERITIES,
  type Severity,
  toIso,
  UsageError,
} from '../model/index.js';
// Guest console text is attacker-controlled: never let it drive the terminal.
import { escapeControl } from '../report/escape.js';
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
  runCommand,
  storeOption,
} from './common.js';

/** Columns of the text timeline: a stamp with milliseconds, the longest event kind. */
const TIME_WIDTH = '2026-11-26T12:28:08.128Z'.length;
const KIND_WIDTH = Math.max(...EVENT_KINDS.map((k) => k.length));

interface EventsFlags extends GlobalOptions {
  host?: string;
  domain?: string;
  kind?: string[];
  since?: string;
  until?: string;
  minSeverity?: string;
  limit?: string;
  all?: boolean;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('the time-merged event timeline of the store')
    .option('--host <name>', 'only this host')
    .option('--domain <name>', 'only this domain')
    .option('--kind <kind...>', `only these kinds: ${EVENT_KINDS.join(', ')}`)
    .option('--since <time>', 'from this time (ISO 8601 or relative, e.g. -2h)')
    .option('--until <time>', 'up to this time')
    .option('--min-severity <level>', `least severity shown: ${SEVERITIES.join(', ')}`, 'info')
    .option('--all', 'every event, debug lines included (same as --min-severity debug)')
    .option('--limit <n>', 'at most this many events')
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((flags: EventsFlags) => runCommand(() => runEvents(flags)));
}

async function runEvents(flags: EventsFlags): Promise<number> {
  const kinds = flags.kind ?? [];
  for (const k of kinds)
    if (!isMember(EVENT_KINDS, k))
      throw new UsageError(`--kind ${k}: expected one of ${EVENT_KINDS.join(', ')}`);
  const minSeverity = flags.all ? 'debug' : (flags.minSeverity ?? 'info');
  if (!isMember(SEVERITIES, minSeverity))
    throw new UsageError(`--min-severity ${minSeverity}: expected one of ${SEVERITIES.join(', ')}`);
  const since = parseTimeOption('--since', flags.since);
  const until = parseTimeOption('--until', flags.until);
  const limit = parseIntOption('--limit', flags.limit, 1);
  const store = await openStoreFrom(flags, { mustExist: true });
  try {
    const events = await store.queryEvents({
      ...(flags.host ? { host: flags.host } : {}),
      ...(flags.domain ? { domain: flags.domain } : {}),
      ...(kinds.length > 0 ? { kinds: kinds as EventKind[] } : {}),
      minSeverity: minSeverity as Severity,
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    const json = outputFormat(flags) === 'json';
    const out: string[] = [];
    for (const e of events) {
      if (json) {
        out.push(
          JSON.stringify({
            ts: toIso(e.ts),
            tsSource: e.tsSource,
            host: e.host,
            domain: e.domain,
            source: e.source,
            kind: e.kind,
            severity: e.severity,
            template: e.template,
            message: e.message,
            file: e.file,
            line: e.line,
          }),
        );
      } else {
        const [first, ...rest] = e.message.split('\n');
        const more = rest.length > 0 ? ` (+${rest.length} lines)` : '';
        out.push(
          `${toIso(e.ts).padEnd(TIME_WIDTH)}  ${e.host}  ${(e.domain ?? '-').padEnd(12)} ${e.source.padEnd(10)} ${e.kind.padEnd(KIND_WIDTH)} ${e.severity.padEnd(8)} ${escapeControl(first ?? '')}${more}  [${e.tsSource}] ${e.file}:${e.line}`,
        );
      }
    }
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    else if (!json) process.stderr.write('no events match\n');
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
