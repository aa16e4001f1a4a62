/** The world's small tables as rows, in the column order of tables.ts. */
import { type Row, TABLES, type TableSpec } from './tables.js';
import type { World } from './world/build-world.js';
import type { ConfigVersion } from './world/config-version.js';
import { MARKET } from './world/regimes.js';

/**
 * Every small table with its rows: regimes, profiles, universes, the config DB, black swans.
 *
 * @example
 * for (const [table, rows] of worldRows(world)) await writer.write(table, rows);
 */
export function worldRows(world: World): [TableSpec, Row[]][] {
  const snapshots = [...world.universes.values()].flatMap((timeline) => timeline.entries().map((e) => e.value));
  const versions = world.configs.versions;
  const latest = new Map<string, ConfigVersion>();
  for (const version of versions) {
    const key = `${version.target_type}|${version.target_id}`;
    const seen = latest.get(key);
    if (!seen || seen.version_no < version.version_no) latest.set(key, version);
  }
  return [
    [TABLES.regime_history, world.regimes.map((r) => [r.regime_id, MARKET, r.label, r.start, r.end, r.features])],
    [
      TABLES.company_profile_versions,
      world.instruments.flatMap((instrument) =>
        instrument.profiles.entries().map(({ value: p }) => [p.profile_version_id, p.instrument_id, p.sector, p.version_no, p.created_at, p.attributes]),
      ),
    ],
    [TABLES.sector_profile_versions, world.sectorProfiles.map((p) => [p.sector_profile_version_id, p.sector, p.version_no, p.created_at, p.attributes])],
    [TABLES.universe_snapshots, snapshots.map((s) => [s.universe_id, s.name, s.as_of, s.rules, s.config_version_id])],
    [TABLES.universe_members, snapshots.flatMap((s) => s.members.map((m) => [s.universe_id, m.instrument.instrument_id, m.instrument.sector, m.weight]))],
    [
      TABLES.config_versions,
      versions.map((v) => [
        v.config_version_id,
        v.target_type,
        v.target_id,
        v.version_no,
        v.config_json,
        v.created_at,
        v.created_by,
        null,
        v.parent_version_id,
      ]),
    ],
    [TABLES.config_targets, [...latest.values()].map((v) => [v.target_type, v.target_id, v.config_version_id, v.created_at])],
    [
      TABLES.config_change_log,
      versions.map((v) => [
        `chg-${v.config_version_id}`,
        v.target_type,
        v.target_id,
        v.parent_version_id,
        v.config_version_id,
        'MANUAL',
        null,
        v.created_by,
        'HUMAN',
        v.reason,
        v.created_at,
      ]),
    ],
    [TABLES.black_swan_events, world.events.map((e) => [e.event_id, e.detected_at, e.resolved_at, e.severity, e.kind, e.description, e.regime_id, e.affected])],
    [
      TABLES.emergency_sop_executions,
      world.executions.map((x) => [
        x.execution_id,
        x.event_id,
        x.sop_template_id,
        x.sop_version_id,
        x.strategy_id,
        x.triggered_at,
        x.completed_at,
        x.actions,
        x.exposure_before,
        x.exposure_after,
        x.pnl_during_event,
        x.counterfactual_pnl,
        x.time_to_action_s,
      ]),
    ],
  ];
}
