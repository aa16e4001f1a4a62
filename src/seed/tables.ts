/**
 * The columns the generator writes, per table, in the order its rows list them, with how each value is
 * encoded. Row arrays follow these column lists (the generator builds them positionally for speed).
 */
import type { Database } from '../db/schema.js';

/** text: string; number: double precision; int: integer; bool; time: epoch milliseconds (timestamptz); json: any JSON value (jsonb). */
export type ColumnKind = 'text' | 'number' | 'int' | 'bool' | 'time' | 'json';
export type CellValue = string | number | boolean | null | object;
export type Row = CellValue[];

export interface TableSpec {
  name: keyof Database & string;
  columns: readonly (readonly [string, ColumnKind])[];
}

function table(name: keyof Database & string, columns: string): TableSpec {
  return {
    name,
    columns: columns
      .trim()
      .split(/\s*,\s*/)
      .map((entry) => {
        const [column, kind] = entry.split(':');
        return [column, kind as ColumnKind] as const;
      }),
  };
}

export const TABLES = {
  trades: table(
    'trades',
    `trade_id:text, decision_id:text, strategy_id:text, instrument_id:text, sector:text, side:text,
     opened_at:time, closed_at:time, quantity:number, entry_price:number, exit_price:number, notional:number,
     pnl:number, return_pct:number, fees:number, regime_id:text, universe_id:text, profile_version_id:text,
     strategy_config_version_id:text, risk_config_version_id:text, prompt_template_id:text, agent_graph_version:text`,
  ),
  pipeline_decisions: table(
    'pipeline_decisions',
    `decision_id:text, decided_at:time, strategy_id:text, instrument_id:text, sector:text, regime_id:text,
     universe_id:text, profile_version_id:text, strategy_config_version_id:text, risk_config_version_id:text,
     prompt_template_id:text, agent_graph_version:text, assessment_action:text, assessment_score:number,
     assessment_error:text, risk_action:text, risk_override:bool, risk_reason:text, proposed_notional:number,
     approved_notional:number, forward_return:number, trade_id:text`,
  ),
  positions: table(
    'positions',
    'position_id:text, strategy_id:text, instrument_id:text, as_of:time, quantity:number, market_value:number, unrealized_pnl:number',
  ),
  backtest_runs: table(
    'backtest_runs',
    `run_id:text, strategy_id:text, sleeve_id:text, config_version_id:text, config_json:json, universe_id:text,
     period_start:time, period_end:time, created_at:time, status:text, metrics_json:json`,
  ),
  backtest_trades: table(
    'backtest_trades',
    `run_id:text, trade_id:text, instrument_id:text, sector:text, side:text, opened_at:time, closed_at:time,
     notional:number, pnl:number, return_pct:number, regime_id:text`,
  ),
  company_profile_versions: table(
    'company_profile_versions',
    'profile_version_id:text, instrument_id:text, sector:text, version_no:int, created_at:time, attributes_json:json',
  ),
  sector_profile_versions: table(
    'sector_profile_versions',
    'sector_profile_version_id:text, sector:text, version_no:int, created_at:time, attributes_json:json',
  ),
  regime_history: table('regime_history', 'regime_id:text, market:text, label:text, started_at:time, ended_at:time, features_json:json'),
  universe_snapshots: table('universe_snapshots', 'universe_id:text, name:text, as_of:time, rules_json:json, config_version_id:text'),
  universe_members: table('universe_members', 'universe_id:text, instrument_id:text, sector:text, weight:number'),
  black_swan_events: table(
    'black_swan_events',
    'event_id:text, detected_at:time, resolved_at:time, severity:int, kind:text, description:text, regime_id:text, affected_json:json',
  ),
  emergency_sop_executions: table(
    'emergency_sop_executions',
    `execution_id:text, event_id:text, sop_template_id:text, sop_version_id:text, strategy_id:text, triggered_at:time,
     completed_at:time, actions_json:json, exposure_before:number, exposure_after:number, pnl_during_event:number,
     counterfactual_pnl:number, time_to_action_s:number`,
  ),
  config_versions: table(
    'config_versions',
    'config_version_id:text, target_type:text, target_id:text, version_no:int, config_json:json, created_at:time, created_by:text, proposal_id:text, parent_version_id:text',
  ),
  config_targets: table('config_targets', 'target_type:text, target_id:text, current_version_id:text, updated_at:time'),
  config_change_log: table(
    'config_change_log',
    'change_id:text, target_type:text, target_id:text, from_version_id:text, to_version_id:text, action:text, proposal_id:text, actor:text, actor_type:text, reason:text, changed_at:time',
  ),
} satisfies Record<string, TableSpec>;

/** Every table the seed writes (the inputs and the config DB): what `--reset` empties. */
export const SEEDED_TABLES: readonly string[] = Object.values(TABLES).map((t) => t.name);
