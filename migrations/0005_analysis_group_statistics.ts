/**
 * Multi-column distinct-count statistics on the columns the analysis groups trades and decisions by.
 * Without them PostgreSQL multiplies the columns' distinct counts, expects about as many groups as rows,
 * and neither aggregates in parallel nor in a hash table; with them (filled by ANALYZE, or autovacuum)
 * it knows there are a few thousand groups.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE STATISTICS trades_analysis_groups (ndistinct)
      ON strategy_id, strategy_config_version_id, regime_id, sector, universe_id, prompt_template_id, agent_graph_version
      FROM trades;
    CREATE STATISTICS pipeline_decisions_analysis_groups (ndistinct)
      ON strategy_id, regime_id, assessment_action, risk_action, risk_reason, prompt_template_id, agent_graph_version, assessment_error
      FROM pipeline_decisions;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP STATISTICS trades_analysis_groups, pipeline_decisions_analysis_groups;`.execute(db);
}
