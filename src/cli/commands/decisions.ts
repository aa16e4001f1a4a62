/**
 * `kronos approve|reject|revert ID --by NAME --reason TEXT`: a person's decision on a proposal, sent as
 * its approval workflow's update, so the policy's checks (approvers, four-eyes, state) apply; signed with
 * the user's key of that name when one exists (`kronos keys create`). A refusal is printed as one line
 * (`kronos: refused: …`).
 */
import type { Command } from 'commander';
import type { Decision, DecisionOptions } from '../actions/decisions.js';

const DECISIONS: Array<{ name: Decision; description: string }> = [
  { name: 'approve', description: 'approve a pending proposal; waits until it is applied (or found in conflict)' },
  { name: 'reject', description: 'reject a pending proposal' },
  { name: 'revert', description: 'revert an applied proposal during its evaluation period' },
];

export function registerDecisionCommands(program: Command): void {
  for (const { name, description } of DECISIONS) {
    program
      .command(`${name} <proposal-id>`)
      .description(description)
      .requiredOption('--by <name>', "who decides (checked against the policy's approvers; signed with KRONOS_KEYS_DIR/<name>.pem when it exists)")
      .requiredOption('--reason <text>', 'why; kept in the audit log')
      .option('--json', "print the approval workflow's status as JSON")
      .action(async (proposalId: string, opts: DecisionOptions) => {
        const { decide } = await import('../actions/decisions.js');
        await decide(name, proposalId, opts);
      });
  }
}
