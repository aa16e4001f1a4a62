/**
 * `kronos proposals list [--status S] [--target-type T] [--target-id I] [--json]` and
 * `kronos proposals show ID [--json]`: proposals as PostgreSQL has them, with the approval workflow's
 * live state (deadlines, refusals) when Temporal is reachable.
 */
import { type Command, Option } from 'commander';
import { listProposalSummaries } from '../../api/read-model.js';
import { ConfigError } from '../../config.js';
import { PROPOSAL_STATUSES, type ProposalStatus, TARGET_TYPES, type TargetType } from '../../db/schema.js';
import { proposalStatus } from '../../temporal/proposal-client.js';
import { withDatabase } from '../database.js';
import { formatTable } from '../table.js';
import { withTemporalClient } from '../temporal-client.js';

const LIST_LIMIT = 500;

async function liveApprovalState(proposalId: string) {
  try {
    return await withTemporalClient((client) => proposalStatus(client, proposalId));
  } catch (err) {
    return { unavailable: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

export function registerProposalCommands(program: Command): void {
  const proposals = program.command('proposals').description('proposed config changes');
  proposals
    .command('list')
    .description('proposals, most confident first')
    .addOption(new Option('--status <status>', 'only this status').choices(PROPOSAL_STATUSES))
    .addOption(new Option('--target-type <type>', 'only this target type').choices(TARGET_TYPES))
    .option('--target-id <id>', 'only this target id')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: ProposalStatus; targetType?: TargetType; targetId?: string; json?: boolean }) => {
      const page = await withDatabase({}, (db) =>
        listProposalSummaries(db, { status: opts.status, targetType: opts.targetType, targetId: opts.targetId, sort: 'confidence', order: 'desc', limit: LIST_LIMIT, offset: 0 }),
      );
      if (opts.json) {
        console.log(JSON.stringify(page.items, null, 2));
        return;
      }
      if (page.items.length === 0) {
        console.log('no proposals match');
        return;
      }
      const rows = page.items.map((p) => [
        p.proposal_id,
        p.status,
        p.target_type,
        p.target_id,
        p.kind,
        p.confidence.toFixed(2),
        p.auto_applicable ? 'yes' : 'no',
        p.created_at.toISOString().slice(0, 16).replace('T', ' '),
      ]);
      console.log(formatTable(['ID', 'STATUS', 'TARGET TYPE', 'TARGET', 'KIND', 'CONF', 'AUTO', 'CREATED (UTC)'], rows));
      if (page.total > page.items.length) console.log(`… ${page.total - page.items.length} more; narrow with --status or --target-type`);
    });
  proposals
    .command('show <proposal-id>')
    .description('one proposal: the change, its evidence, rationale, audit events and approval state')
    .option('--json', 'print JSON')
    .action(async (proposalId: string, opts: { json?: boolean }) => {
      const found = await withDatabase({}, async (db) => {
        const proposal = await db.selectFrom('meta_controller_config_proposals').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
        const events = await db.selectFrom('meta_proposal_events').selectAll().where('proposal_id', '=', proposalId).orderBy('at').orderBy('event_id').execute();
        return proposal && { proposal, events };
      });
      if (!found) throw new ConfigError(`no proposal ${proposalId}; list them with \`kronos proposals list\``);
      const approval = await liveApprovalState(proposalId);
      if (opts.json) {
        console.log(JSON.stringify({ ...found, approval }, null, 2));
        return;
      }
      const p = found.proposal;
      console.log(`proposal ${p.proposal_id}: ${p.status} — ${p.kind} on ${p.target_type} ${p.target_id}`);
      console.log(`confidence ${p.confidence.toFixed(3)}, auto-applicable ${p.auto_applicable ? 'yes' : 'no'}, proposed by ${p.proposed_by} at ${p.created_at.toISOString()}`);
      if (p.decided_by) console.log(`decided by ${p.decided_by}: ${p.decision_reason ?? ''}`);
      console.log('\nchange:');
      console.log(JSON.stringify(p.diff_json, null, 2));
      console.log('\nrationale:');
      console.log(p.rationale_text ?? p.deterministic_rationale_text ?? '(none yet)');
      if ('unavailable' in approval) console.log(`\napproval workflow: ${approval.unavailable}`);
      else {
        console.log(`\napproval workflow: ${approval.status}, ${approval.phase.toLowerCase()}; review until ${approval.reviewDeadline}`);
        for (const r of approval.refusals) console.log(`  refused ${r.action} by ${r.by} at ${r.at}: ${r.reason}`);
      }
      if (found.events.length) {
        console.log('\nevents:');
        for (const e of found.events) console.log(`  ${e.at.toISOString()} ${e.kind}${e.actor ? ` by ${e.actor}` : ''}`);
      }
    });
}
