/**
 * Proposals: list, show, and the three decisions. A decision is sent to the proposal's approval workflow as
 * an update with the authenticated caller as `by`, signed with the API's key when it has one, so the
 * workflow applies the same policy (allowed approvers, four-eyes, already decided, signed identities) as
 * for the CLI and the Temporal UI.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { getProposal } from '../../db/repositories/proposals.js';
import type { Database, ProposalRow } from '../../db/schema.js';
import { decisionPayload } from '../../proposals/signed-decision.js';
import {
  approveProposal,
  DecisionRefusedError,
  ProposalWorkflowNotFoundError,
  proposalStatus,
  rejectProposal,
  revertAppliedProposal,
} from '../../temporal/proposal-client.js';
import type { ApprovalStatus, DecisionPayload } from '../../workflows/approval-messages.js';
import { callerOf } from '../auth.js';
import { ApiError } from '../errors.js';
import { findingsIn, proposalPanels } from '../evidence-panels.js';
import { findingHistory, listProposalEvents, listProposalSummaries, siblingCells } from '../../db/read-model.js';
import {
  decisionBody,
  decisionResultSchema,
  errorSchema,
  evidencePanelsSchema,
  proposalDetailSchema,
  proposalListQuery,
  proposalPageSchema,
  proposalParams,
} from '../schemas.js';
import type { RouteDependencies } from '../route-dependencies.js';
import type { ZodApp } from '../zod-schemas.js';

type Decide = (client: Client, proposalId: string, request: DecisionPayload) => Promise<ApprovalStatus>;

const DECISIONS: Array<{ action: 'approve' | 'reject' | 'revert'; decide: Decide; summary: string }> = [
  { action: 'approve', decide: approveProposal, summary: 'Approve a pending proposal; answers once it is APPLIED or in CONFLICT' },
  { action: 'reject', decide: rejectProposal, summary: 'Reject a pending proposal' },
  { action: 'revert', decide: revertAppliedProposal, summary: 'Revert an applied proposal during its evaluation period' },
];

/** The proposal row, or a 404 naming the id. */
async function proposalOr404(db: Kysely<Database>, proposalId: string): Promise<ProposalRow> {
  const row = await getProposal(db, proposalId);
  if (!row) throw new ApiError(404, 'not_found', `no proposal ${proposalId}`);
  return row;
}

/** The workflow's refusal as a 409 carrying its reason; other failures unchanged. */
function asDecisionError(err: unknown, proposal: ProposalRow): unknown {
  if (err instanceof DecisionRefusedError) return new ApiError(409, 'refused', err.message);
  if (err instanceof ProposalWorkflowNotFoundError) {
    return new ApiError(409, 'not_pending', `proposal ${proposal.proposal_id} is ${proposal.status} and no approval workflow is waiting for a decision on it`);
  }
  return err;
}

export function registerProposalRoutes(app: ZodApp, deps: RouteDependencies): void {
  const security = [{ bearer: [] }];
  const errors = { 401: errorSchema, 404: errorSchema };

  app.get(
    '/proposals',
    {
      schema: {
        summary: 'List proposals (filter by status and target; sort by confidence or age)',
        tags: ['proposals'],
        security,
        querystring: proposalListQuery,
        response: { 200: proposalPageSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return listProposalSummaries(deps.db, {
        status: q.status,
        targetType: q.target_type,
        targetId: q.target_id,
        text: q.q,
        sort: q.sort,
        order: q.order,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/proposals/:id',
    {
      schema: {
        summary: 'One proposal: every column, its audit trail, and its approval workflow status',
        tags: ['proposals'],
        security,
        params: proposalParams,
        response: { 200: proposalDetailSchema, ...errors },
      },
    },
    async (request) => {
      const proposal = await proposalOr404(deps.db, request.params.id);
      const [events, workflow] = await Promise.all([
        listProposalEvents(deps.db, proposal.proposal_id),
        proposalStatus(deps.temporal, proposal.proposal_id).catch((err: unknown) => {
          request.log.warn({ proposalId: proposal.proposal_id, err: String(err) }, 'approval workflow status unavailable');
          return null;
        }),
      ]);
      return { proposal, events, workflow };
    },
  );

  app.get(
    '/proposals/:id/evidence',
    {
      schema: {
        summary: "The proposal's evidence as chart panels: effects with intervals, comparisons, the trend over runs",
        tags: ['proposals'],
        security,
        params: proposalParams,
        response: { 200: evidencePanelsSchema, ...errors },
      },
    },
    async (request) => {
      const proposal = await proposalOr404(deps.db, request.params.id);
      const findings = findingsIn(proposal.evidence_json);
      const runId = proposal.analysis_run_id;
      const [history, neighbours] = await Promise.all([
        findingHistory(
          deps.db,
          findings.map((f) => f.id),
        ),
        Promise.all(findings.map(async (f) => [f.id, runId ? await siblingCells(deps.db, runId, f) : []] as const)),
      ]);
      return { panels: proposalPanels(proposal.evidence_json, history, new Map(neighbours)) };
    },
  );

  for (const { action, decide, summary } of DECISIONS) {
    app.post(
      `/proposals/:id/${action}`,
      {
        schema: {
          summary,
          description:
            "The approver is the identity of the bearer token, signed with the API's key (KRONOS_API_SIGNING_KEY_FILE); the policy, signed identities and the four-eyes rule are applied by the approval workflow.",
          tags: ['proposals'],
          security,
          params: proposalParams,
          body: decisionBody,
          response: { 200: decisionResultSchema, 400: errorSchema, 409: errorSchema, 413: errorSchema, ...errors },
        },
      },
      async (request) => {
        const by = callerOf(request);
        const proposal = await proposalOr404(deps.db, request.params.id);
        let result: ApprovalStatus;
        try {
          const payload = decisionPayload(action, proposal.proposal_id, { by, reason: request.body.reason }, deps.signingKey);
          result = await decide(deps.temporal, proposal.proposal_id, payload);
        } catch (err) {
          throw asDecisionError(err, proposal);
        }
        request.log.info({ proposalId: proposal.proposal_id, action, by, status: result.status }, `proposal ${action} accepted`);
        return { proposal_id: proposal.proposal_id, status: result.status, by, workflow: result };
      },
    );
  }
}
