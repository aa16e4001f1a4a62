/**
 * Post-apply verification against the database: the metric of an applied proposal's expected impact,
 * and its guardrail metrics, are averaged per day in SQL over the evaluation period before the apply
 * and the days after it so far, judged by the sequential test, and stored in meta_verifications
 * (predicted against realised) once concluded. A change that made things worse gets a REVERT proposal
 * at once. The track record per proposal kind feeds the auto-apply decision.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type ExpectedImpact, expectedImpactSchema, type ImpactScope } from '../../proposals/expected-impact.js';
import { type AutoApplyFacts, parseDurationMs, type TrackRecord } from '../../proposals/policy-rules.js';
import type { Policy } from '../../proposals/policy.js';
import {
  type AppliedProposal,
  type BucketSeries,
  storedRealisedSchema,
  DEFAULT_VERIFICATION_SETTINGS,
  type GuardrailSeries,
  judgeSequential,
  type RealisedEffect,
  revertDraft,
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
  /** NOT_DUE: nothing concluded yet and the evaluation period has not passed; NOT_APPLICABLE: not applied, or nothing live to measure. */
  outcome: VerificationOutcome | 'NOT_DUE' | 'NOT_APPLICABLE';
  reason: string;
  dueAt: string | null;
  predicted: ExpectedImpact | null;
  realised: RealisedEffect | null;
  /** The REVERT proposal created for a WORSE outcome (null when none could be made). */
  revertProposalId: string | null;
}

interface MetricSource {
  table: string;
  time: string;
  /** The per-row value, and how a bucket (day) aggregates it. */
  value: string;
  aggregate: 'avg' | 'sum';
  scopes: (keyof ImpactScope)[];
}

const TRADES = { table: 'trades', time: 'opened_at', scopes: ['strategy_id', 'universe_id'] as (keyof ImpactScope)[] };
const DECISIONS = { table: 'pipeline_decisions', time: 'decided_at', scopes: ['strategy_id', 'prompt_template_id'] as (keyof ImpactScope)[] };
const ERROR_VALUE = 'CASE WHEN assessment_error IS NULL THEN 0.0 ELSE 1.0 END';

/** Where each metric's rows live: table, time column, value expression, and the scope columns it can filter on. */
const METRIC_SOURCES: Record<Exclude<ExpectedImpact['metric'], 'none'>, MetricSource> = {
  mean_return: { ...TRADES, value: 'return_pct', aggregate: 'avg' },
  mean_abs_pnl: { ...TRADES, value: 'abs(pnl)', aggregate: 'avg' },
  error_rate: { ...DECISIONS, value: ERROR_VALUE, aggregate: 'avg' },
  loss_avoided: {
    table: 'emergency_sop_executions',
    time: 'triggered_at',
    value: '(pnl_during_event - counterfactual_pnl)',
    aggregate: 'avg',
    scopes: ['strategy_id', 'sop_template_id'],
  },
};

/**
 * The guardrails watched beside the primary metric, from the data-contract tables: the day's P&L
 * (a falling one is the drawdown), the day's traded notional (exposure) and the assessment error rate.
 */
const GUARDRAIL_SOURCES: (MetricSource & { metric: string; harm: GuardrailSeries['harm'] })[] = [
  { ...TRADES, metric: 'daily_pnl', value: 'pnl', aggregate: 'sum', harm: 'decrease' },
  { ...TRADES, metric: 'daily_exposure', value: 'notional', aggregate: 'sum', harm: 'increase' },
  { ...DECISIONS, metric: 'error_rate', value: ERROR_VALUE, aggregate: 'avg', harm: 'increase' },
];

/** The bucket (day) values of a metric over [start, end), finite values only, buckets with rows, computed in PostgreSQL. */
async function bucketSeries(db: Kysely<Database>, source: MetricSource, scope: ImpactScope, start: Date, end: Date, bucketMs: number): Promise<BucketSeries> {
  if (end <= start) return [];
  const value = sql.raw(source.value);
  const filters: RawBuilder<unknown>[] = [
    sql`${sql.ref(source.time)} >= ${start}`,
    sql`${sql.ref(source.time)} < ${end}`,
    sql`${value} IS NOT NULL`,
    sql`${value} NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`,
  ];
  for (const [column, values] of Object.entries(scope) as [keyof ImpactScope, string[] | undefined][]) {
    if (!values || values.length === 0) continue;
    if (!source.scopes.includes(column)) throw new Error(`metric ${source.value} of ${source.table} cannot be scoped by ${column}`);
    filters.push(sql`${sql.ref(column)} IN (${sql.join(values)})`);
  }
  const aggregate = source.aggregate === 'sum' ? sql`sum(${value})` : sql`avg(${value})`;
  // Buckets are aligned on the epoch, so daily buckets are UTC calendar days.
  const bucket = sql`floor(extract(epoch FROM ${sql.ref(source.time)}) * 1000 / ${bucketMs})`;
  const { rows } = await sql<{ value: number }>`
    SELECT ${bucket} AS bucket, ${aggregate}::float8 AS value
    FROM ${sql.table(source.table)}
    WHERE ${sql.join(filters, sql` AND `)}
    GROUP BY bucket
    ORDER BY bucket`.execute(db);
  return rows.map((r) => r.value);
}

/** The guardrails that can be measured on the impact's scope, other than its own metric. */
function guardrailSources(impact: ExpectedImpact) {
  const primary = METRIC_SOURCES[impact.metric as keyof typeof METRIC_SOURCES];
  const scoped = Object.entries(impact.scope)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k]) => k as keyof ImpactScope);
  return GUARDRAIL_SOURCES.filter(
    (g) => !(g.table === primary.table && g.value === primary.value) && scoped.length > 0 && scoped.every((k) => g.scopes.includes(k)),
  );
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
 * One look of the sequential verification of an applied proposal at `asOf`: the metric's days after
 * the apply so far (up to the end of the evaluation period from its expected impact) against the same
 * length before it, and its guardrails. NOT_DUE while nothing is concluded and the period runs; a
 * conclusion (IMPROVED, WORSE, or at the period's end INCONCLUSIVE) is stored once (a second call
 * returns it); WORSE also stores a REVERT proposal from the live version the apply created back to
 * the proposal's snapshot (when that version is still live), at once, even before the period ends.
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
  const final = asOf >= windows.dueAt;
  // A look counts the buckets that have ended by then; the last one is read once the period is over.
  const lookedUntil = final ? windows.after.end : new Date(Math.floor(asOf.getTime() / windows.bucketMs) * windows.bucketMs);
  const series = (source: MetricSource) =>
    Promise.all([
      bucketSeries(db, source, predicted.scope, windows.before.start, windows.before.end, windows.bucketMs),
      bucketSeries(db, source, predicted.scope, windows.after.start, lookedUntil, windows.bucketMs),
    ]);
  const [before, after] = await series(METRIC_SOURCES[predicted.metric as keyof typeof METRIC_SOURCES]);
  const guardrails: GuardrailSeries[] = [];
  for (const g of guardrailSources(predicted)) {
    const [gBefore, gAfter] = await series(g);
    guardrails.push({ metric: g.metric, harm: g.harm, before: gBefore, after: gAfter });
  }
  const { outcome, realised } = judgeSequential(predicted, before, after, { final, guardrails, settings });
  const dueAt = windows.dueAt.toISOString();
  if (outcome === 'NOT_DUE') {
    return result(proposalId, 'NOT_DUE', `nothing concluded after ${realised.after.n} bucket(s) of the period; it ends at ${dueAt}`, {
      dueAt,
      predicted,
      realised,
    });
  }
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
    const when = realised.early ? `, concluded early after ${realised.looks} of the period's buckets` : '';
    const breached = realised.guardrails.filter((g) => g.breached).map((g) => g.metric);
    const why = breached.length ? ` (guardrail ${breached.join(', ')} breached)` : '';
    const reason =
      outcome === 'WORSE' && revertProposalId === null
        ? `worse${why}, but the target changed since the apply: no revert proposed`
        : `realised ${outcome}${why}${when}`;
    return result(proposalId, outcome, reason, { dueAt, predicted, realised, revertProposalId });
  });
}

/**
 * The verified record of a proposal kind: verdicts (IMPROVED, INCONCLUSIVE or the earlier NO_CHANGE, WORSE), improvements, hit rate.
 *
 * @example
 * await trackRecord(db, 'REGIME_FILTER'); // { verified: 12, improved: 9, hit_rate: 0.75 }
 */
export async function trackRecord(db: Kysely<Database>, kind: string): Promise<TrackRecord> {
  const row = await db
    .selectFrom('meta_verifications')
    .select([
      sql<number>`count(*) FILTER (WHERE outcome IN ('IMPROVED', 'INCONCLUSIVE', 'NO_CHANGE', 'WORSE'))::int`.as('verified'),
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
