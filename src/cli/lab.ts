/** `xenscope lab generate | list`: the simulated Xen host (src/lab). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SCENARIOS, SCENARIO_NAMES, generateLab } from '../lab/index.js';
import { UsageError } from '../model/index.js';
import { EXIT, type GlobalOptions, formatOption, jsonOption, outputFormat, runCommand, table } from './common.js';

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
  const lab = program.command('lab').description('the simulated Xen host: real-format evidence plus ground truth');
  lab
    .command('list')
    .description('list the scenarios')
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((flags: GlobalOptions) =>
      runCommand(async () => {
        if (outputFormat(flags) === 'json') {
          process.stdout.write(`${JSON.stringify(SCENARIOS.map((s) => ({ name: s.name, summary: s.summary, defaults: s.defaults })))}\n`);
        } else {
          process.stdout.write(`${table(['scenario', 'what happens'], SCENARIOS.map((s) => [s.name, s.summary]))}\n`);
        }
        return EXIT.ok;
      }),
    );
  lab
    .command('generate')
    .description('write a simulated host’s evidence (xentop, xl logs, consoles, xenstored, kern.log, configs) and truth.json')
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
