/** `xenscope lab generate | list`: the simulated Xen host (src/lab). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { generateLab, runLive, SCENARIO_NAMES, SCENARIOS } from '../lab/index.js';
import { UsageError } from '../model/index.js';
import {
  EXIT,
  formatOption,
  type GlobalOptions,
  jsonOption,
  outputFormat,
  runCommand,
  table,
} from './common.js';

interface GenerateFlags extends GlobalOptions {
  scenario: string;
  seed: string;
  out: string;
  days?: string;
  domains?: string;
  interval?: string;
  host?: string;
}

export function registerLab(program: Command): void {
  const lab = program
    .command('lab')
    .description('the simulated Xen host: real-format evidence plus ground truth');
  lab
    .command('list')
    .description('list the scenarios')
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((flags: GlobalOptions) =>
      runCommand(async () => {
        if (outputFormat(flags) === 'json') {
          process.stdout.write(
            `${JSON.stringify(SCENARIOS.map((s) => ({ name: s.name, summary: s.summary, defaults: s.defaults })))}\n`,
          );
        } else {
          process.stdout.write(
            `${table(
              ['scenario', 'what happens'],
              SCENARIOS.map((s) => [s.name, s.summary]),
            )}\n`,
          );
        }
        return EXIT.ok;
      }),
    );
  lab
    .command('generate')
    .description(
      'write a simulated host’s evidence (xentop, xl logs, consoles, xenstored, kern.log, configs) and truth.json',
    )
    .requiredOption('--scenario <name>', `one of ${SCENARIO_NAMES.join(', ')}`)
    .option('--seed <n>', 'random seed (the same seed gives byte-identical output)', '1')
    .requiredOption('--out <dir>', 'directory to write the dom0 tree into')
    .option('--days <d>', 'simulated days (fractions allowed)')
    .option('--domains <k>', 'guests on the host (3 to 60)')
    .option('--interval <s>', 'sampling interval in seconds')
    .option('--host <name>', 'the simulated dom0’s host name')
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((flags: GenerateFlags) => runCommand(() => runGenerate(flags)));
  lab
    .command('live')
    .description(
      'keep a simulated dom0 tree (proc/, sys/, var/log/, bin/xentop, bin/xl) up to date in real time, faults included',
    )
    .requiredOption('--root <dir>', 'the tree to keep up to date (created if missing)')
    .option('--scenario <name>', `one of ${SCENARIO_NAMES.join(', ')}`, 'story')
    .option('--seed <n>', 'random seed', '1')
    .option('--domains <k>', 'guests on the simulated host', '6')
    .option('--interval <s>', 'seconds between steps', '1')
    .option('--fault-after <s>', 'seconds until the first fault episode starts', '20')
    .option('--duration <s>', 'stop after this many seconds (default: until interrupted)')
    .action((flags: LiveFlags) => runCommand(() => runLiveCommand(flags)));
}

interface LiveFlags {
  root: string;
  scenario: string;
  seed: string;
  domains: string;
  interval: string;
  faultAfter: string;
  duration?: string;
}

async function runLiveCommand(flags: LiveFlags): Promise<number> {
  if (!SCENARIO_NAMES.includes(flags.scenario as (typeof SCENARIO_NAMES)[number]))
    throw new UsageError(`--scenario ${flags.scenario}: expected one of ${SCENARIO_NAMES.join(', ')}`);
  const duration = numberFlag('--duration', flags.duration, false);
  let handle: Awaited<ReturnType<typeof runLive>>;
  try {
    handle = await runLive({
      root: resolve(flags.root),
      scenario: flags.scenario,
      seed: numberFlag('--seed', flags.seed, true)!,
      domains: numberFlag('--domains', flags.domains, true)!,
      intervalSeconds: numberFlag('--interval', flags.interval, true)!,
      faultAfterSeconds: numberFlag('--fault-after', flags.faultAfter, false)!,
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  process.stderr.write(
    `lab live: ${flags.scenario} in ${handle.root} (bin/xentop, bin/xl, proc/, sys/, var/log/); Ctrl-C stops\n`,
  );
  const stop = () => void handle.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await handle.done;
  process.stderr.write(
    `lab live: stopped after ${handle.steps} steps, ${handle.truth().incidents.length} incidents\n`,
  );
  return EXIT.ok;
}

function numberFlag(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0)
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a ${integer ? 'whole ' : ''}number ≥ 0`);
  return n;
}

async function runGenerate(flags: GenerateFlags): Promise<number> {
  if (!SCENARIO_NAMES.includes(flags.scenario as (typeof SCENARIO_NAMES)[number]))
    throw new UsageError(`--scenario ${flags.scenario}: expected one of ${SCENARIO_NAMES.join(', ')}`);
  const seed = numberFlag('--seed', flags.seed, true)!;
  let summary: Awaited<ReturnType<typeof generateLab>>;
  try {
    summary = await generateLab({
      scenario: flags.scenario,
      seed,
      out: resolve(flags.out),
      ...(flags.host ? { host: flags.host } : {}),
      days: numberFlag('--days', flags.days, false),
      domains: numberFlag('--domains', flags.domains, true),
      intervalSeconds: numberFlag('--interval', flags.interval, true),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  if (outputFormat(flags) === 'json') {
    const { truth: _truth, ...rest } = summary;
    process.stdout.write(`${JSON.stringify(rest)}\n`);
  } else {
    process.stdout.write(
      `${summary.scenario} (seed ${summary.seed}): host ${summary.host}, ${summary.domains} domains, ${summary.start} → ${summary.end} every ${summary.intervalSeconds} s\n` +
        `${summary.incidents} incidents; wrote ${summary.files.length} files, ${summary.lines} lines, ${(summary.bytes / 1048576).toFixed(1)} MiB to ${summary.out}\n` +
        `ground truth: ${resolve(summary.out, 'truth.json')}\n`,
    );
  }
  return EXIT.ok;
}
