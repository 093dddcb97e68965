/** `xenscope investigate`: finds crash incidents and explains them; text, JSON, Markdown, HTML. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { chartData, type InvestigateProgress, investigate } from '../analyze/index.js';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderText } from '../report/text.js';
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

interface InvestigateFlags extends GlobalOptions {
  host?: string;
  domain?: string;
  since?: string;
  until?: string;
  md?: string;
  html?: string;
  progress?: boolean;
  threads?: string;
}

export function registerInvestigate(program: Command): void {
  program
    .command('investigate')
    .description('finds every crash incident and explains what caused it')
    .option('--host <name>', 'only this host')
    .option('--domain <name>', 'only crashes of this domain')
    .option('--since <time>', 'crashes from this time (ISO 8601 or relative, e.g. -7d)')
    .option('--until <time>', 'crashes up to this time')
    .option('--md <file>', 'also write a Markdown report with charts')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--no-progress', 'no progress line on stderr')
    .option('--threads <n>', 'threads that score the nulls (default: every core, at most 8; same result)')
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((flags: InvestigateFlags) => runCommand(() => runInvestigate(flags)));
}

/** A progress line on stderr, only on a terminal and only once the work has taken a second. */
function progressLine(enabled: boolean): { update(p: InvestigateProgress): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let shown = false;
  return {
    update(p) {
      if (Date.now() - started < 1000) return;
      shown = true;
      process.stderr.write(`\r\x1b[Kinvestigate: ${p.phase} ${p.done}/${p.total}`);
    },
    stop() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

async function runInvestigate(flags: InvestigateFlags): Promise<number> {
  const since = parseTimeOption('--since', flags.since);
  const until = parseTimeOption('--until', flags.until);
  const threads = parseIntOption('--threads', flags.threads, 1);
  const store = await openStoreFrom(flags, { mustExist: true });
  const bar = progressLine(flags.progress !== false);
  let result: Awaited<ReturnType<typeof investigate>>;
  try {
    result = await investigate(store, {
      ...(flags.host ? { host: flags.host } : {}),
      ...(flags.domain ? { domain: flags.domain } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(threads !== undefined ? { threads } : {}),
      onProgress: (p) => bar.update(p),
    });
    // Reports chart the series around each incident: read them while the store is open.
    if (flags.md || flags.html) {
      const charts = await chartData(store, result);
      if (flags.md) writeFileSync(flags.md, renderMarkdown(result, charts));
      if (flags.html) writeFileSync(flags.html, renderHtml(result, charts));
    }
  } finally {
    bar.stop();
    await store.close();
  }
  if (outputFormat(flags) === 'json') process.stdout.write(`${JSON.stringify(toJson(result))}\n`);
  else {
    process.stdout.write(renderText(result));
    for (const f of [flags.md, flags.html]) if (f) process.stdout.write(`wrote ${f}\n`);
  }
  return EXIT.ok;
}
