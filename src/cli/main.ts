#!/usr/bin/env node
/** The `xenscope` command: thin wiring of the library; every command lives in its own file. */
import { Command } from 'commander';
import { EXIT, endQuietlyWhenOutputCloses } from './common.js';
import { registerDemo } from './demo.js';
import { registerEvents } from './events.js';
import { registerImport } from './import.js';
import { registerLab } from './lab.js';
import { registerTopology } from './topology.js';

endQuietlyWhenOutputCloses();

const program = new Command()
  .name('xenscope')
  .description('Why did my Xen domain crash? Collects dom0 evidence, explains crashes, audits configs.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride((err) => {
    // `--help` and `--version` asked for; `commander.help` is the help shown for no command at
    // all (or a group without its subcommand), which is a usage error like any missing argument.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(EXIT.ok);
    process.exit(EXIT.usage);
  });

registerImport(program);
registerEvents(program);
(await import('./investigate.js')).registerInvestigate(program);
registerTopology(program);
(await import('./audit.js')).registerAudit(program);
registerLab(program);
registerDemo(program);

await program.parseAsync(process.argv);
