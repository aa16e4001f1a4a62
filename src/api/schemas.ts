/**
 * The shapes of the API's requests and answers, as zod schemas: requests are validated with them and the
 * OpenAPI description is generated from all of them.
 */
import { z } from 'zod';
import { PROPOSAL_STATUSES } from '../proposals/statuses.js';
import { TARGET_TYPES } from '../proposals/target-types.js';

export const errorSchema = z.object({
  error: z.string().describe('stable code: unauthorized, bad_request, not_found, refused, not_pending, payload_too_large, …'),
  message: z.string().describe('one line for people'),
});

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export const proposalListQuery = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES).optional(),
  target_type: z.enum(TARGET_TYPES).optional(),
  target_id: z.string().min(1).max(200).optional(),
  q: z.string().trim().max(200).optional().describe('text to find in the proposal id, target or kind (case-insensitive)'),
  sort: z.enum(['confidence', 'age']).default('confidence').describe('confidence: most confident first; age: oldest first'),
  order: z.enum(['desc', 'asc']).default('desc').describe('asc reverses the sort'),
  ...pageQuery,
});

export const analysisRunListQuery = z.strictObject({ status: z.string().min(1).max(40).optional(), ...pageQuery });

export const proposalParams = z.object({ id: z.string().min(1).max(200) });
export const runParams = z.object({ id: z.string().min(1).max(200) });

/** What a person sends with approve, reject or revert; the approver is the caller's identity, never a field. */
export const decisionBody = z.strictObject({
  reason: z.string().trim().min(1, 'give a reason').max(2_000),
});

export const analysisTriggerBody = z
  .strictObject({
    as_of: z.iso.datetime({ offset: true }).optional().describe('end of the analysis window (default: now)'),
    window_days: z.number().int().min(1).max(3_650).optional().describe('length of the window in days (default: 90)'),
  })
  .optional();

const timestamp = z.union([z.string(), z.date()]);

export const proposalSummarySchema = z.object({
  proposal_id: z.string(),
  created_at: timestamp,
  target_type: z.string(),
  target_id: z.string(),
  kind: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  confidence: z.number(),
  auto_applicable: z.boolean(),
  analysis_run_id: z.string().nullable(),
  proposed_by: z.string(),
  decided_by: z.string().nullable(),
  decided_at: timestamp.nullable(),
  applied_at: timestamp.nullable(),
  applied_by: z.string().nullable(),
  changed_paths: z.array(z.string()).describe('config paths the proposal changes'),
  expected_money_per_week: z
    .number()
    .nullable()
    .describe('expected gain in account currency per week at the recent activity (evidence_json.impact_estimate); null when not estimated'),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const proposalPageSchema = page(proposalSummarySchema);

const decisionSchema = z.object({
  action: z.string().describe('approve, reject, auto-apply, expire, supersede (or revert)'),
  by: z.string(),
  reason: z.string(),
  via: z.string().describe('update, signal or timer'),
  at: z.string(),
});

/** The approval workflow's `status` query (the fields a reviewer needs; the workflow may add more). */
const workflowStatusSchema = z.object({
  status: z.enum(PROPOSAL_STATUSES),
  phase: z.string().describe('REVIEW, APPLYING, EVALUATION, REVERTING, VERIFYING or CLOSED'),
  reviewDeadline: z.string().describe('when the review window ends: then auto-apply or expire'),
  waitingForPerson: z.string().optional().describe('the review window ended on inconclusive evidence: why the proposal waits for a person instead of expiring'),
  evaluationDeadline: z.string().optional().describe('until when an applied change can be reverted'),
  decision: decisionSchema.optional(),
  revertRequest: decisionSchema.optional(),
  applyResult: z.object({ outcome: z.string(), reason: z.string() }).optional().describe('APPLIED, ALREADY_APPLIED, CONFLICT or REFUSED, and why'),
  revertResult: z.object({ outcome: z.string(), reason: z.string() }).optional().describe('REVERTED, ALREADY_REVERTED, CONFLICT or REFUSED, and why'),
  refusalCount: z.number().int(),
});

export const proposalDetailSchema = z.object({
  proposal: z.record(z.string(), z.unknown()).describe('every column of meta_controller_config_proposals'),
  events: z.array(z.record(z.string(), z.unknown())).describe('the audit trail: its newest 200 events, oldest first'),
  workflow: workflowStatusSchema.nullable().describe('the approval workflow, or null when it cannot be reached'),
});

export const decisionResultSchema = z.object({
  proposal_id: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  by: z.string().describe('the identity of the bearer token'),
  workflow: workflowStatusSchema,
});

const runSummarySchema = z.object({
  run_id: z.string(),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
  as_of: timestamp,
  window_start: timestamp,
  window_end: timestamp,
  status: z.string(),
  stage: z.string(),
  trigger: z.string(),
  summary_json: z.unknown(),
  error: z.string().nullable(),
});

export const runPageSchema = page(runSummarySchema);
export const runDetailSchema = runSummarySchema.extend({ data_quality_json: z.unknown(), diagnostics_json: z.unknown() });

export const analysisStartedSchema = z.object({
  analysis_run_id: z.string().describe('the analysis run id, which is also the workflow id'),
});

const barSchema = z.object({
  label: z.string(),
  value: z.number(),
  low: z.number().nullable().optional(),
  high: z.number().nullable().optional(),
  n: z.number().nullable().optional(),
  highlight: z.boolean().optional(),
  note: z.string().optional(),
});

export const evidencePanelsSchema = z.object({
  panels: z.array(
    z.object({
      title: z.string(),
      subtitle: z.string().optional(),
      kind: z.enum(['bars', 'series']).optional(),
      unit: z.enum(['fraction', 'number']).optional(),
      reference: z.number().nullable().optional(),
      bars: z.array(barSchema),
    }),
  ),
});

export const similarQuery = z.strictObject({
  target: z.string().min(1).max(200).optional().describe('one strategy: STRATEGY_CONFIG:<strategy_id> or EXPERIMENT:<strategy_id> (default: every strategy)'),
  k: z.coerce.number().int().min(1).max(500).default(20).describe('how many neighbours'),
  as_of: z.iso.datetime({ offset: true }).optional().describe('look as of this time (default: now)'),
});

const similarEpisodeSchema = z.object({
  episode_id: z.string(),
  strategy_id: z.string(),
  config_version_id: z.string(),
  config_key: z.string(),
  regime_label: z.string().nullable(),
  period_start: z.string(),
  n: z.number(),
  mean_return: z.number(),
  se_mean_return: z.number().nullable(),
  sharpe: z.number().nullable(),
  se_sharpe: z.number().nullable(),
  hit_rate: z.number().nullable(),
  se_hit_rate: z.number().nullable(),
  max_drawdown: z.number(),
  distance: z.number().describe("distance to today's environment in the standardised space"),
});

export const proposalSimilarQuery = z.strictObject({
  k: z.coerce.number().int().min(1).max(500).default(20).describe('how many neighbours'),
});

const configRoleSchema = z.enum(['proposed', 'live', 'other']).describe("the episode's config: the proposal's, the live one, or another");

const configOutcomeSchema = z.object({
  config_key: z.string(),
  config_version_id: z.string(),
  episodes: z.number(),
  trades: z.number(),
  mean_return: z.number(),
  nearest_distance: z.number(),
});

export const proposalSimilarSchema = z.object({
  as_of: z.string().describe('the proposal was made then: its conditions, and no episode after them'),
  k: z.number(),
  strategy_id: z.string(),
  now: z.object({
    episode_id: z.string(),
    strategy_id: z.string(),
    period_start: z.string(),
    regime_label: z.string().nullable(),
    x: z.number(),
    y: z.number(),
  }),
  proposed_config_key: z.string().nullable(),
  live_config_key: z.string().nullable(),
  neighbours: z.array(similarEpisodeSchema.extend({ role: configRoleSchema })),
  proposed: configOutcomeSchema.nullable().describe('the proposed config among the neighbours; null when it did not run in them'),
  live: configOutcomeSchema.nullable(),
  projection: z.object({
    explained: z.array(z.number()).describe("share of the episodes' variance along each axis (the first two principal components)"),
    episodes: z.array(
      z.object({
        episode_id: z.string(),
        config_key: z.string(),
        role: configRoleSchema,
        n: z.number(),
        mean_return: z.number(),
        neighbour: z.boolean(),
        x: z.number(),
        y: z.number(),
      }),
    ),
  }),
});

export const similarSchema = z.object({
  as_of: z.string(),
  k: z.number(),
  strategy_id: z.string().nullable(),
  now: z.object({ episode_id: z.string(), strategy_id: z.string(), period_start: z.string(), regime_label: z.string().nullable() }),
  neighbours: z.array(similarEpisodeSchema),
  configs: z.array(
    z.object({
      strategy_id: z.string(),
      config_key: z.string(),
      config_version_id: z.string(),
      live: z.boolean(),
      episodes: z.number(),
      trades: z.number(),
      mean_return: z.number(),
      nearest_distance: z.number(),
    }),
  ),
  space: z.array(z.object({ feature: z.string(), weight: z.number() })),
});
