/**
 * `kronos proposals list [--status S] [--target-type T] [--target-id I] [--json]` and
 * `kronos proposals show ID [--json]`: proposals as PostgreSQL has them, with the approval workflow's
 * live state (deadlines, refusals) when Temporal is reachable.
 */
import { type Command, Option } from 'commander';
// Plain lists of values (their modules import nothing), needed here for --status and --target-type choices.
import { PROPOSAL_STATUSES } from '../../proposals/statuses.js';
import { TARGET_TYPES } from '../../proposals/target-types.js';
import type { ProposalListOptions } from '../actions/proposals-list.js';
import type { ProposalShowOptions } from '../actions/proposals-show.js';

export function registerProposalCommands(program: Command): void {
  const proposals = program.command('proposals').description('proposed config changes');
  proposals
    .command('list')
    .description('proposals, most confident first')
    .addOption(new Option('--status <status>', 'only this status').choices(PROPOSAL_STATUSES))
    .addOption(new Option('--target-type <type>', 'only this target type').choices(TARGET_TYPES))
    .option('--target-id <id>', 'only this target id')
    .option('--json', 'print JSON')
    .action(async (opts: ProposalListOptions) => {
      // Its own action: listing reads PostgreSQL only, so it does not load the Temporal client.
      const { printProposalList } = await import('../actions/proposals-list.js');
      await printProposalList(opts);
    });
  proposals
    .command('show <proposal-id>')
    .description('one proposal: the change, its evidence, rationale, audit events and approval state')
    .option('--json', 'print JSON')
    .action(async (proposalId: string, opts: ProposalShowOptions) => {
      const { showProposal } = await import('../actions/proposals-show.js');
      await showProposal(proposalId, opts);
    });
}
