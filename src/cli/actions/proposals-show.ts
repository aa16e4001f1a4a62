/**
 * `kronos proposals show`: one proposal from PostgreSQL (change, rationale, audit events) with its
 * approval workflow's live state, or why that state is unavailable.
 */
import { ConfigError } from '../../config.js';
import { listProposalEvents } from '../../db/read-model.js';
import { getProposal } from '../../db/repositories/proposals.js';
import { describeImpactEstimate, storedImpactEstimate } from '../../proposals/impact-estimate.js';
import { proposalStatus } from '../../temporal/proposal-client.js';
import { withDatabase } from '../database.js';
import { withTemporalClient } from '../temporal-client.js';

export interface ProposalShowOptions {
  json?: boolean;
}

async function liveApprovalState(proposalId: string) {
  try {
    return await withTemporalClient((client) => proposalStatus(client, proposalId));
  } catch (err) {
    return { unavailable: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

export async function showProposal(proposalId: string, opts: ProposalShowOptions): Promise<void> {
  const found = await withDatabase({}, async (db) => {
    const proposal = await getProposal(db, proposalId);
    return proposal && { proposal, events: await listProposalEvents(db, proposalId) };
  });
  if (!found) throw new ConfigError(`no proposal ${proposalId}; list them with \`npx kronos proposals list\``);
  const approval = await liveApprovalState(proposalId);
  if (opts.json) {
    console.log(JSON.stringify({ ...found, approval }, null, 2));
    return;
  }
  const p = found.proposal;
  console.log(`proposal ${p.proposal_id}: ${p.status} — ${p.kind} on ${p.target_type} ${p.target_id}`);
  console.log(
    `confidence ${p.confidence.toFixed(3)}, auto-applicable ${p.auto_applicable ? 'yes' : 'no'}, proposed by ${p.proposed_by} at ${p.created_at.toISOString()}`,
  );
  if (p.decided_by) console.log(`decided by ${p.decided_by}: ${p.decision_reason ?? ''}`);
  const estimate = storedImpactEstimate(p.evidence_json);
  console.log('\nexpected impact:');
  if (!estimate) console.log('  nothing live to move (no estimate)');
  else for (const line of [...describeImpactEstimate(estimate), ...estimate.basis]) console.log(`  ${line}`);
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
}
