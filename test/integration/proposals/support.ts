/** Config DB and analysis-run rows for the proposal integration tests, written as the trading system (or a person) would. */
import { type Kysely, sql } from 'kysely';
import { after, before, beforeEach } from 'node:test';
import type { Finding } from '../../../src/analysis/findings.js';
import { loadLiveConfigs } from '../../../src/db/repositories/config-store.js';
import { jsonb, storeProposals } from '../../../src/db/repositories/proposals.js';
import type { Database } from '../../../src/db/schema.js';
import type { TargetType } from '../../../src/proposals/target-types.js';
import { generateProposals } from '../../../src/proposals/generate.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { diagnostics, STRATEGY, testPolicy } from '../../unit/proposals/fixtures.js';

/**
 * Writes a config version and points the target at it, like a hand edit in the config DB: the
 * version number follows the target's latest. Returns the new version id.
 */
export async function putConfig(db: Kysely<Database>, targetType: TargetType, targetId: string, config: unknown, createdBy = 'ops'): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('config_versions')
      .select((eb) => eb.fn.max('version_no').as('n'))
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    const versionNo = Number(latest?.n ?? 0) + 1;
    const id = `cv-${targetType}-${targetId}-${versionNo}`;
    const current = await trx
      .selectFrom('config_targets')
      .select('current_version_id')
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    await trx
      .insertInto('config_versions')
      .values({
        config_version_id: id,
        target_type: targetType,
        target_id: targetId,
        version_no: versionNo,
        config_json: jsonb(config),
        created_by: createdBy,
        parent_version_id: current?.current_version_id ?? null,
      })
      .execute();
    await trx
      .insertInto('config_targets')
      .values({ target_type: targetType, target_id: targetId, current_version_id: id })
      .onConflict((oc) => oc.columns(['target_type', 'target_id']).doUpdateSet({ current_version_id: id, updated_at: new Date() }))
      .execute();
    return id;
  });
}

/** An analysis run row (proposals reference their run). */
export async function createRun(db: Kysely<Database>, runId: string): Promise<void> {
  const now = new Date();
  await db
    .insertInto('meta_analysis_runs')
    .values({ run_id: runId, as_of: now, window_start: new Date(now.getTime() - 90 * 86_400_000), window_end: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Generates proposals from findings against the database's live configs and stores them under a run; returns the stored ids. */
export async function propose(db: Kysely<Database>, runId: string, findings: Finding[]): Promise<string[]> {
  await createRun(db, runId);
  const drafts = generateProposals(diagnostics(findings), await loadLiveConfigs(db), testPolicy(), { runId, now: new Date() });
  const stored = await storeProposals(db, runId, drafts);
  return [...stored.created, ...stored.existing];
}

/** The live config_json of a target. */
export async function liveConfigOf(db: Kysely<Database>, targetType: TargetType, targetId: string): Promise<{ id: string; config: unknown }> {
  const row = await db
    .selectFrom('config_targets as t')
    .innerJoin('config_versions as v', 'v.config_version_id', 't.current_version_id')
    .select(['v.config_version_id', 'v.config_json'])
    .where('t.target_type', '=', targetType)
    .where('t.target_id', '=', targetId)
    .executeTakeFirstOrThrow();
  return { id: row.config_version_id, config: row.config_json };
}

export async function countRows(db: Kysely<Database>, table: 'config_versions' | 'config_change_log' | 'meta_controller_config_proposals'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Empties the config DB and Kronos' proposal tables, for a test that starts from nothing. */
export async function resetTables(db: Kysely<Database>): Promise<void> {
  await sql`TRUNCATE config_versions, config_targets, config_change_log, meta_controller_config_proposals, meta_proposal_events, meta_analysis_runs, meta_verifications`.execute(
    db,
  );
}

/**
 * Registers the hooks of a test file that works on one throwaway database whose config DB holds only
 * the live STRATEGY_CONFIG `momentum` (version 1) at the start of every test.
 */
export function databasePerFile(): Pick<TestDatabase, 'db' | 'url'> {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(async () => {
    await testDb.drop();
  });
  beforeEach(async () => {
    await resetTables(testDb.db);
    await putConfig(testDb.db, 'STRATEGY_CONFIG', 'momentum', STRATEGY);
  });
  return {
    get db() {
      return testDb.db;
    },
    get url() {
      return testDb.url;
    },
  };
}

const DAY_MS = 86_400_000;

/** `count` trades of a strategy opened evenly over [start, start + days), returns alternating mean ± 0.002. */
export async function insertTrades(db: Kysely<Database>, strategyId: string, start: Date, days: number, mean: number, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => {
    const opened = new Date(start.getTime() + (i * days * DAY_MS) / count);
    const ret = mean + (i % 2 === 0 ? 0.002 : -0.002);
    return {
      trade_id: `${strategyId}-${start.toISOString()}-${i}`,
      strategy_id: strategyId,
      instrument_id: `i${i % 7}`,
      side: 'LONG',
      opened_at: opened,
      closed_at: new Date(opened.getTime() + DAY_MS),
      notional: 10_000,
      pnl: ret * 10_000,
      return_pct: ret,
    };
  });
  await db.insertInto('trades').values(rows).execute();
}
