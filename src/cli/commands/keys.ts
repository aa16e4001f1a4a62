/**
 * `kronos keys create --as NAME [--signs-for NAMES]`: an Ed25519 key pair for signing decisions; the
 * private half stays in the user's keys directory, the public half is printed to register in the
 * approvers file.
 */
import type { Command } from 'commander';
import type { KeyCreateOptions } from '../actions/keys.js';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('signing keys of decisions (private keys in KRONOS_KEYS_DIR, else ~/.config/kronos/keys)');
  keys
    .command('create')
    .description('create the Ed25519 key of a name (file mode 0600) and print the entry to register in config/approvers.json')
    .requiredOption('--as <name>', 'whose key: the name its signatures prove (the `--by` of `kronos approve`)')
    .option('--signs-for <names>', 'a service key (the API\'s): comma-separated names it may sign for, or "*"')
    .action(async (opts: KeyCreateOptions) => {
      const { createKey } = await import('../actions/keys.js');
      createKey(opts);
    });
}
