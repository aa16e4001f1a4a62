/**
 * The live config DB as the proposal rules see it: every target's current version, which of them do
 * not validate, and the few lookups rules need (plain JSON, so it can be logged or passed around).
 */
import { z } from 'zod';
import type { TargetType } from './target-types.js';

/** A config version: the revert point a proposal stores as its snapshot. */
export interface ConfigSnapshot {
  /** null only for an EXPERIMENT target that does not exist yet. */
  config_version_id: string | null;
  version_no: number;
  config_json: unknown;
}

/** A stored snapshot (current_config_snapshot_json) as {@link snapshotOf} writes it. */
export const configSnapshotSchema: z.ZodType<ConfigSnapshot> = z.object({
  config_version_id: z.string().nullable(),
  version_no: z.number(),
  config_json: z.json(),
});

export interface LiveConfig extends ConfigSnapshot {
  target_type: TargetType;
  target_id: string;
  config_version_id: string;
  /** Why the live config fails its schema; such a config is reported and never edited by a proposal. */
  error?: string;
}

export interface LiveConfigs {
  targets: LiveConfig[];
  /** universe_id (as trades and decisions carry it) → the UNIVERSE_RULES target_id (the universe name). */
  universe_targets: Record<string, string>;
  /** Earlier versions of SOP_TEMPLATE targets, by config_version_id, for roll-backs to a previous version. */
  history: Record<string, LiveConfig>;
}

/**
 * The live config of one target, or undefined.
 *
 * @example
 * const risk = findLive(live, 'RISK_CONFIG', 'momentum');
 */
export function findLive(live: LiveConfigs, targetType: TargetType, targetId: string): LiveConfig | undefined {
  return live.targets.find((t) => t.target_type === targetType && t.target_id === targetId);
}

/** The live targets whose config does not validate. */
export function invalidLiveConfigs(live: LiveConfigs): LiveConfig[] {
  return live.targets.filter((t) => t.error !== undefined);
}

/** The snapshot stored with a proposal: the version it was computed against, or "no target yet". */
export function snapshotOf(target: LiveConfig | undefined): ConfigSnapshot {
  if (!target) return { config_version_id: null, version_no: 0, config_json: null };
  return { config_version_id: target.config_version_id, version_no: target.version_no, config_json: target.config_json };
}
