/**
 * Post-apply verification against the database: the metric of an applied proposal's expected impact
 * is summarised in SQL over the evaluation period before and after the apply, judged, and stored in
 * meta_verifications (predicted against realised). A change that made things worse gets a REVERT
 * proposal. The track record per proposal kind feeds the auto-apply decision.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type ExpectedImpact, expectedImpactSchema, type ImpactScope } from '../../proposals/expected-impact.js';
import { type AutoApplyFacts, parseDurationMs, type TrackRecord } from '../../proposals/policy-rules.js';
import type { Policy } from '../../proposals/policy.js';
import {
  type AppliedProposal,
  storedRealisedSchema,
  DEFAULT_VERIFICATION_SETTINGS,
  judgeVerification,
  type RealisedEffect,
  revertDraft,
  type SampleSummary,
  type VerificationOutcome,
  type VerificationSettings,
  verificationWindows,
} from '../../proposals/verification.js';
import type { Database } from '../schema.js';
import type { TargetType } from '../../proposals/target-types.js';
import { ProposalNotFoundError } from '../../proposals/errors.js';
import { parseStored } from '../stored-json.js';
import { getProposal, insertDrafts, jsonb, proposalSnapshot, recordProposalEvent, revertedBefore } from './proposals.js';

export interface VerificationResult {
  proposalId: string;
  /** NOT_DUE: the evaluation period has not passed; NOT_APPLICABLE: not applied, or nothing live to measure. */
  outcome: VerificationOutcome | 'NOT_DUE' | 'NOT_APPLICABLE';
  reason: string;
  dueAt: string | null;
  predicted: ExpectedImpact | null;
  realised: RealisedEffect | null;
  /** The REVERT proposal created for a WORSE outcome (null when none could be made). */
  revertProposalId: string | null;
}

/** Where each metric's rows live: table, time column, value expression, and the scope columns it can filter on. */
const METRIC_SOURCES: Record<Exclude<ExpectedImpact['metric'], 'none'>, { table: string; time: string; value: string; scopes: (keyof ImpactScope)[] }> = {
  mean_return: { table: 'trades', time: 'opened_at', value: 'return_pct', scopes: ['strategy_id', 'universe_id'] },
  mean_abs_pnl: { table: 'trades', time: 'opened_at', value: 'abs(pnl)', scopes: ['strategy_id', 'universe_id'] },
  error_rate: {
    table: 'pipeline_decisions',
    time: 'decided_at',
    value: 'CASE WHEN assessment_error IS NULL THEN 0.0 ELSE 1.0 END',
    scopes: ['strategy_id', 'prompt_template_id'],
  },
  loss_avoided: {
    table: 'emergency_sop_executions',
    time: 'triggered_at',
    value: '(pnl_during_event - counterfactual_pnl)',
    scopes: ['strategy_id', 'sop_template_id'],
  },
};

/** Count, mean and sample variance of the impact's metric over [start, end), finite values only, computed in PostgreSQL. */
async function summarise(db: Kysely<Database>, impact: ExpectedImpact, start: Date, end: Date): Promise<SampleSummary> {
  if (impact.metric === 'none') return { n: 0, mean: null, variance: null };
  const source = METRIC_SOURCES[impact.metric];
  const value = sql.raw(source.value);
  const filters: RawBuilder<unknown>[] = [
    sql`${sql.ref(source.time)} >= ${start}`,
    sql`${sql.ref(source.time)} < ${end}`,
    sql`${value} IS NOT NULL`,
    sql`${value} NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`,
  ];
  for (const [column, values] of Object.entries(impact.scope) as [keyof ImpactScope, string[] | undefined][]) {
    if (!values || values.length === 0) continue;
    if (!source.scopes.includes(column)) throw new Error(`metric ${impact.metric} cannot be scoped by ${column}`);
    filters.push(sql`${sql.ref(column)} IN (${sql.join(values)})`);
  }
  const { rows } = await sql<{ n: number; mean: number | null; variance: number | null }>`
    SELECT count(*)::int AS n, avg(${value})::float8 AS mean, var_samp(${value})::float8 AS variance
    FROM ${sql.table(source.table)}
    WHERE ${sql.join(filters, sql` AND `)}`.execute(db);
  return rows[0];
}

/** An expected impact verification can measure: a known metric with a scope and a well-formed evaluation period. */
function isMeasurable(impact: ExpectedImpact | null): impact is ExpectedImpact {
  return (
    typeof impact === 'object' &&
    impact !== null &&
    impact.metric in METRIC_SOURCES &&
    typeof impact.scope === 'object' &&
    impact.scope !== null &&
    typeof impact.evaluation_period === 'string' &&
    parseDurationMs(impact.evaluation_period) !== null
  );
}

function result(proposalId: string, outcome: VerificationResult['outcome'], reason: string, rest: Partial<VerificationResult> = {}): VerificationResult {
  return { proposalId, outcome, reason, dueAt: null, predicted: null, realised: null, revertProposalId: null, ...rest };
}

async function storedVerification(db: Kysely<Database>, proposalId: string): Promise<VerificationResult | undefined> {
  const row = await db.selectFrom('meta_verifications').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
  if (!row) return undefined;
  const at = (field: string) => ({ table: 'meta_verifications', id: proposalId, field });
  const realised = parseStored(storedRealisedSchema, row.realised_json, at('realised_json'));
  return result(proposalId, row.outcome as VerificationOutcome, 'verified before', {
    predicted: parseStored(expectedImpactSchema, row.predicted_json, at('predicted_json')),
    realised,
    revertProposalId: realised.revert_proposal_id,
  });
}

/**
 * Verifies an applied proposal once its evaluation period (from its expected impact) has passed
 * at `asOf`: the metric over the period after the apply against the same length before it. The
 * outcome is stored once (a second call returns it); WORSE also stores a REVERT proposal from the
 * live version the apply created back to the proposal's snapshot (when that version is still live).
 *
 * @example
 * const v = await verifyAppliedProposal(db, id, { asOf: new Date(), policy: loadPolicy() });
 * if (v.outcome === 'WORSE') console.log(`revert proposed: ${v.revertProposalId}`);
 */
export async function verifyAppliedProposal(
  db: Kysely<Database>,
  proposalId: string,
  { asOf, policy, settings = DEFAULT_VERIFICATION_SETTINGS }: { asOf: Date; policy: Policy; settings?: VerificationSettings },
): Promise<VerificationResult> {
  const stored = await storedVerification(db, proposalId);
  if (stored) return stored;
  const p = await getProposal(db, proposalId);
  if (!p) throw new ProposalNotFoundError(proposalId);
  const predicted = p.expected_impact_json as ExpectedImpact | null;
  if (p.status !== 'APPLIED' || !p.applied_at) return result(proposalId, 'NOT_APPLICABLE', `the proposal is ${p.status}, not applied`);
  if (predicted?.metric === 'none') return result(proposalId, 'NOT_APPLICABLE', 'nothing live to measure (an experiment)', { predicted });
  if (!isMeasurable(predicted)) return result(proposalId, 'NOT_APPLICABLE', 'the proposal states no measurable expected impact', { predicted });
  const windows = verificationWindows(p.applied_at, predicted.evaluation_period);
  if (asOf < windows.dueAt) return result(proposalId, 'NOT_DUE', `the evaluation period ends at ${windows.dueAt.toISOString()}`, { dueAt: windows.dueAt.toISOString(), predicted });
  const before = await summarise(db, predicted, windows.before.start, windows.before.end);
  const after = await summarise(db, predicted, windows.after.start, windows.after.end);
  const { outcome, realised } = judgeVerification(predicted, before, after, settings);
  return db.transaction().execute(async (trx) => {
    let revertProposalId: string | null = null;
    if (outcome === 'WORSE') {
      const live = await trx
        .selectFrom('config_targets as t')
        .innerJoin('config_versions as v', 'v.config_version_id', 't.current_version_id')
        .select(['v.config_version_id', 'v.version_no', 'v.config_json', 'v.proposal_id'])
        .where('t.target_type', '=', p.target_type)
        .where('t.target_id', '=', p.target_id)
        .executeTakeFirst();
      if (live?.proposal_id === proposalId) {
        const original: AppliedProposal = {
          proposal_id: p.proposal_id,
          target_type: p.target_type as TargetType,
          target_id: p.target_id,
          kind: p.kind,
          current_config_snapshot_json: proposalSnapshot(p),
          expected_impact_json: predicted,
        };
        const draft = revertDraft(original, live, realised, policy);
        const stored = await insertDrafts(trx, { analysisRunId: null, idSeed: `verification:${proposalId}` }, [draft]);
        revertProposalId = stored.created[0] ?? stored.existing[0] ?? null;
      }
    }
    const inserted = await trx
      .insertInto('meta_verifications')
      .values({
        proposal_id: proposalId,
        kind: p.kind,
        evaluated_at: asOf,
        predicted_json: jsonb(predicted),
        realised_json: jsonb({ ...realised, revert_proposal_id: revertProposalId }),
        outcome,
        revert_proposed: revertProposalId !== null,
      })
      .onConflict((oc) => oc.column('proposal_id').doNothing())
      .returning('proposal_id')
      .executeTakeFirst();
    if (!inserted) return (await storedVerification(trx, proposalId)) as VerificationResult;
    await recordProposalEvent(trx, proposalId, 'VERIFIED', { detail: { outcome, revert_proposal_id: revertProposalId } });
    const reason = outcome === 'WORSE' && revertProposalId === null ? 'worse, but the target changed since the apply: no revert proposed' : `realised ${outcome}`;
    return result(proposalId, outcome, reason, { dueAt: windows.dueAt.toISOString(), predicted, realised, revertProposalId });
  });
}

/**
 * The verified record of a proposal kind: verdicts (IMPROVED, NO_CHANGE, WORSE), improvements, hit rate.
 *
 * @example
 * await trackRecord(db, 'REGIME_FILTER'); // { verified: 12, improved: 9, hit_rate: 0.75 }
 */
export async function trackRecord(db: Kysely<Database>, kind: string): Promise<TrackRecord> {
  const row = await db
    .selectFrom('meta_verifications')
    .select([
      sql<number>`count(*) FILTER (WHERE outcome IN ('IMPROVED', 'NO_CHANGE', 'WORSE'))::int`.as('verified'),
      sql<number>`count(*) FILTER (WHERE outcome = 'IMPROVED')::int`.as('improved'),
    ])
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return { verified: row.verified, improved: row.improved, hit_rate: row.verified > 0 ? row.improved / row.verified : null };
}

/**
 * Everything autoApplyDecision needs about a stored proposal: its confidence and guardrail verdict,
 * whether the same change was reverted before, its kind's track record, and, for an SOP template,
 * the black-swan severity behind it (unknown counts as the highest, 5).
 *
 * @example
 * const facts = await autoApplyFacts(db, id);
 * autoApplyDecision(policyForTarget(policy, 'RISK_CONFIG'), facts, facts.severity);
 */
export async function autoApplyFacts(db: Kysely<Database>, proposalId: string): Promise<AutoApplyFacts & { severity: number | null }> {
  const p = await getProposal(db, proposalId);
  if (!p) throw new ProposalNotFoundError(proposalId);
  const severity = (p.evidence_json as { severity?: unknown } | null)?.severity;
  return {
    confidence: p.confidence,
    autoApplicable: p.auto_applicable,
    revertedBefore: await revertedBefore(db, p.change_key, proposalId),
    trackRecord: await trackRecord(db, p.kind),
    severity: (p.target_type as TargetType) === 'SOP_TEMPLATE' ? (typeof severity === 'number' ? severity : 5) : null,
  };
}
