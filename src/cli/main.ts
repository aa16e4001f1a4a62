/** The `kronos` command: each subcommand lives in its own file under commands/. */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { formatCliError } from './errors.js';

const program = new Command('kronos')
  .description('Kronos: analyses the trading system\'s history and proposes reviewed, revertible config changes')
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  console.error(`kronos: ${formatCliError(err)}`);
  process.exit(1);
}
