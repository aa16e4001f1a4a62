/**
 * What a proposal changes, read from its configs rather than from anything a model says: the proposal's
 * own diff (src/proposals/diff.ts, list items named by rule id as on the review page), each entry with its
 * direction. The prompt shows these and the grounding check holds a rationale's stated direction against them.
 */
import { type Direction, changeDirection } from '../proposals/change-direction.js';
import { diffConfigs } from '../proposals/diff.js';
import { isJsonObject } from './json-path.js';

export interface ConfigChange {
  /** Where in the config, as in the diff: `entry_threshold`, `override_rules[rule_id=max_sector].enabled`. */
  path: string;
  /** The live value (null when the key is new). */
  from: unknown;
  /** The proposed value (null when the key goes away). */
  to: unknown;
  direction: Direction;
}

/**
 * The config inside a snapshot column: snapshots carry the live config beside its version id, as
 * `{config_version_id, version_no, config_json}`, with a null config for a target that does not exist yet
 * (read as empty); a bare config is taken as it is.
 *
 * @example
 * configOf({ config_version_id: 'cv-7', version_no: 7, config_json: { entry_threshold: 0.55 } }) // { entry_threshold: 0.55 }
 */
export function configOf(snapshot: unknown): unknown {
  if (isJsonObject(snapshot) && 'config_json' in snapshot) return snapshot.config_json ?? {};
  return snapshot;
}

/**
 * The changes from the live config in a snapshot to the proposed config, in the diff's path order.
 *
 * @example
 * configChanges({ config_json: { entry_threshold: 0.55 } }, { entry_threshold: 0.6 })
 * // [{ path: 'entry_threshold', from: 0.55, to: 0.6, direction: 'increase' }]
 */
export function configChanges(snapshot: unknown, proposed: unknown): ConfigChange[] {
  return diffConfigs(configOf(snapshot), configOf(proposed)).map((entry) => ({
    path: entry.path,
    from: entry.from ?? null,
    to: entry.to ?? null,
    direction: changeDirection(entry),
  }));
}

/**
 * The directions a truthful rationale may state for these changes of a target.
 *
 * @example
 * allowedDirections('STRATEGY_CONFIG', [{ path: 'entry_threshold', from: 0.55, to: 0.6, direction: 'increase' }])
 * // Set { 'increase' }
 */
export function allowedDirections(targetType: string, changes: ConfigChange[]): Set<Direction> {
  const directions = new Set(changes.map((change) => change.direction));
  if (targetType === 'EXPERIMENT') directions.add('experiment');
  return directions;
}
