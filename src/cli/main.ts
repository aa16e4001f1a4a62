/**
 * The `kronos` command. commands/ declares each subcommand with its options and help (loaded on every
 * run, since commander needs them to parse); actions/ holds what each one runs, imported only when it
 * runs, so that a command loads the Temporal SDK, the database driver or the analysis only if it uses them.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { formatCliError } from './errors.js';

const program = new Command('kronos')
  .description("Kronos: analyses the trading system's history and proposes reviewed, revertible config changes")
  // Options after a subcommand are that subcommand's: `kronos temporal` passes them all to the Temporal CLI.
  .enablePositionalOptions()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  console.error(`kronos: ${formatCliError(err)}`);
  process.exit(1);
}
