/**
 * `kronos sign approve|reject|revert ID --by NAME --reason TEXT`: prints the signed decision as JSON, to
 * paste into the Temporal UI's Send a Signal / Send an Update dialog or pass to
 * `temporal workflow signal|update execute --input`. Nothing is sent.
 */
import type { Command } from 'commander';
import type { Decision } from '../actions/decisions.js';
import type { SignOptions } from '../actions/sign.js';

const ACTIONS: Decision[] = ['approve', 'reject', 'revert'];

export function registerSignCommands(program: Command): void {
  const sign = program.command('sign').description('print a signed decision to send through the Temporal UI or the temporal CLI (valid for 10 minutes, once)');
  for (const action of ACTIONS) {
    sign
      .command(`${action} <proposal-id>`)
      .description(`sign "${action}" of a proposal with the key of --by`)
      .requiredOption('--by <name>', 'who decides: the key KRONOS_KEYS_DIR/<name>.pem signs')
      .requiredOption('--reason <text>', 'why; kept in the audit log')
      .action(async (proposalId: string, opts: SignOptions) => {
        const { printSignedDecision } = await import('../actions/sign.js');
        printSignedDecision(action, proposalId, opts);
      });
  }
}
