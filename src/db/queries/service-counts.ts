/**
 * The counts behind the service's Prometheus metrics: proposals by status, applies and reverts from the
 * change log, how long analysis runs took, and how the rationales' model calls went.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/**
 * How many proposals are in each status (statuses without proposals are absent).
 *
 * @example
 * const counts = await proposalCountsByStatus(db); // Map { 'PENDING' => 3, 'APPLIED' => 1 }
 */
export async function proposalCountsByStatus(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('meta_controller_config_proposals')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status as string, Number(r.n)]));
}

/**
 * How many config changes of one action the change log holds, by any actor or by one actor type.
 *
 * @example
 * const autoApplies = await configChangeCount(db, 'APPLY', 'AUTO');
 */
export async function configChangeCount(db: Kysely<Database>, action: 'APPLY' | 'REVERT', actorType?: 'AUTO' | 'HUMAN'): Promise<number> {
  let query = db
    .selectFrom('config_change_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', action);
  if (actorType) query = query.where('actor_type', '=', actorType);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * The wall time of every finished analysis run, in seconds, with its final status.
 *
 * @example
 * for (const { status, seconds } of await finishedRunDurations(db)) console.log(status, seconds);
 */
export async function finishedRunDurations(db: Kysely<Database>): Promise<{ status: string; seconds: number }[]> {
  return db
    .selectFrom('meta_analysis_runs')
    .select(['status', sql<number>`extract(epoch from finished_at - started_at)::float8`.as('seconds')])
    .where('finished_at', 'is not', null)
    .execute();
}

const modelAsked = (db: Kysely<Database>) => db.selectFrom('meta_controller_config_proposals').where('rationale_model', 'is not', null);

/**
 * The latency of every recorded model call for a rationale, in milliseconds.
 *
 * @example
 * const latencies = await rationaleLatenciesMs(db);
 */
export async function rationaleLatenciesMs(db: Kysely<Database>): Promise<number[]> {
  const rows = await modelAsked(db).select('rationale_latency_ms').where('rationale_latency_ms', 'is not', null).execute();
  return rows.map((row) => row.rationale_latency_ms ?? 0);
}

/**
 * Rationales whose model call gave no usable answer, counted by rationale status and fallback reason;
 * `successStatuses` are the statuses that count as a usable answer.
 *
 * @example
 * const failures = await rationaleFailureCounts(db, ['LLM_GROUNDED']);
 */
export async function rationaleFailureCounts(db: Kysely<Database>, successStatuses: readonly string[]) {
  const reason = sql<string>`COALESCE(rationale_usage_json->'fallback'->>'reason', CASE WHEN rationale_status = 'LLM_UNGROUNDED' THEN 'UNGROUNDED' ELSE 'UNKNOWN' END)`;
  const rows = await modelAsked(db)
    .select(['rationale_status', reason.as('reason'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('rationale_status', 'not in', [...successStatuses])
    .groupBy(['rationale_status', reason])
    .execute();
  return rows.map((row) => ({ status: row.rationale_status ?? 'UNKNOWN', reason: row.reason, n: Number(row.n) }));
}
