/**
 * `xenscope demo`: generates the lab's `story` scenario, imports it into an embedded store,
 * investigates the crashes and writes the HTML report. It is the project's main job in one command.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { chartData, investigate } from '../analyze/index.js';
import { allParsers, LINE_CLAIM_ORDER } from '../formats/index.js';
import { importPaths } from '../ingest/index.js';
import { generateLab } from '../lab/index.js';
import { renderHtml } from '../report/html.js';
import { renderText } from '../report/text.js';
import { openStore } from '../store/index.js';
import { EXIT, runCommand } from './common.js';
import { importProgressBar } from './progress.js';

interface DemoFlags {
  out: string;
  seed: string;
  db?: string;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'generate the lab’s story scenario, import it, investigate its crashes and write the HTML report',
    )
    .option('--out <dir>', 'where the simulated host’s files go', './xenscope-demo')
    .option('--seed <n>', 'lab seed', '1')
    .option('--db <file>', 'store file (default: <out>/xenscope.duckdb)')
    .action((flags: DemoFlags) => runCommand(() => runDemo(flags)));
}

async function runDemo(flags: DemoFlags): Promise<number> {
  const out = resolve(flags.out);
  const evidence = join(out, 'host');
  const db = flags.db ?? join(out, 'xenscope.duckdb');
  await rm(evidence, { recursive: true, force: true });
  if (!flags.db) await rm(db, { force: true });
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`1/3 generating the lab's "story" scenario into ${evidence}`);
  // One day keeps the demo to a minute or two; `xenscope lab generate --days` makes longer ones.
  const lab = await generateLab({ scenario: 'story', seed: Number(flags.seed) || 1, out: evidence, days: 1 });
  say(
    `    ${lab.domains} domains on host ${lab.host}, ${lab.start} → ${lab.end}, ${lab.incidents} incidents (truth: ${join(evidence, 'truth.json')})`,
  );
  say(`2/3 importing into ${db}`);
  const store = await openStore(`duckdb:${db}`);
  const bar = importProgressBar();
  try {
    const report = await importPaths(
      [evidence],
      { tz: 'UTC', lineClaimOrder: LINE_CLAIM_ORDER, onProgress: (p) => bar.update(p) },
      store,
      allParsers,
    );
    bar.stop();
    const skipped = report.files.reduce((s, f) => s + f.skipped, 0);
    say(
      `    ${report.samples} samples, ${report.events} events, ${report.configs} configs; ${skipped} lines skipped`,
    );
    say('3/3 investigating the crashes');
    const result = await investigate(store, {});
    const reportFile = join(out, 'report.html');
    await writeFile(reportFile, renderHtml(result, await chartData(store, result)));
    process.stdout.write(`\n${renderText(result)}\n`);
    say(`HTML report with charts: ${reportFile}`);
    say(`the truth to compare with: ${join(evidence, 'truth.json')}`);
  } finally {
    bar.stop();
    await store.close();
  }
  say(`explore: npx xenscope events --db ${db} --kind crash panic; npx xenscope topology --db ${db}`);
  return EXIT.ok;
}
