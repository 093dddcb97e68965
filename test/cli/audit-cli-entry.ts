/**
 * `xenscope audit` alone, for the e2e test: the same wiring as src/cli/main.ts, without loading the
 * other commands (so a half-edited module elsewhere cannot fail the audit's tests).
 */
import { Command } from 'commander';
import { registerAudit } from '../../src/cli/audit.js';
import { EXIT } from '../../src/cli/common.js';

const program = new Command().name('xenscope').exitOverride((err) => {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') process.exit(EXIT.ok);
  process.exit(EXIT.usage);
});
registerAudit(program);
await program.parseAsync(process.argv);
