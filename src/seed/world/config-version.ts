/** One version of one config target in the seeded config DB. */
import type { TargetType } from '../../proposals/target-types.js';

export interface ConfigVersion {
  config_version_id: string;
  target_type: TargetType;
  target_id: string;
  version_no: number;
  config_json: Record<string, unknown>;
  created_at: number;
  created_by: string;
  parent_version_id: string | null;
  /** Why it changed: the config_change_log reason. */
  reason: string;
}
