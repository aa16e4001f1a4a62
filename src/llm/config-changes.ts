/**
 * What a proposal changes, read from its configs rather than from anything a model says: the leaf-level
 * differences between the live config (the snapshot) and the proposed one, each with its direction. The
 * grounding check holds a rationale's stated direction against these.
 */
import { isJsonObject, itemPath, propertyPath } from './json-path.js';

/**
 * How a change moves a setting: numbers `increase`/`decrease`; booleans `enable`/`disable`; a string or a
 * changed type `replace`; a key or list members that appear `add`, that disappear `remove`; a proposal to
 * run an EXPERIMENT rather than change live config `experiment`.
 */
export const DIRECTIONS = ['increase', 'decrease', 'enable', 'disable', 'replace', 'add', 'remove', 'experiment'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface ConfigChange {
  /** Where in the config, e.g. `entry_threshold`, `override_rules[1].enabled`, `blocked_regimes`. */
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
 * Every leaf that differs between two configs. Objects are compared key by key, lists of objects item by
 * item; a list of plain values (regime labels, sectors) is one change, `add` or `remove` by membership.
 *
 * @example
 * diffConfigs({ entry_threshold: 0.55, blocked_regimes: [] }, { entry_threshold: 0.6, blocked_regimes: ['CRISIS'] })
 * // [{ path: 'entry_threshold', from: 0.55, to: 0.6, direction: 'increase' },
 * //  { path: 'blocked_regimes', from: [], to: ['CRISIS'], direction: 'add' }]
 */
export function diffConfigs(current: unknown, proposed: unknown, path = ''): ConfigChange[] {
  if (isJsonObject(current) && isJsonObject(proposed)) {
    const keys = [...new Set([...Object.keys(current), ...Object.keys(proposed)])];
    return keys.flatMap((key) => diffConfigs(current[key], proposed[key], propertyPath(path, key)));
  }
  if (Array.isArray(current) && Array.isArray(proposed) && [...current, ...proposed].some(isJsonObject)) {
    const length = Math.max(current.length, proposed.length);
    return Array.from({ length }, (_, i) => diffConfigs(current[i], proposed[i], itemPath(path, i))).flat();
  }
  if (sameJson(current, proposed)) return [];
  return [{ path, from: current ?? null, to: proposed ?? null, direction: directionOf(current, proposed) }];
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

function directionOf(from: unknown, to: unknown): Direction {
  if (from === undefined || from === null) return 'add';
  if (to === undefined || to === null) return 'remove';
  if (typeof from === 'number' && typeof to === 'number') return to > from ? 'increase' : 'decrease';
  if (typeof from === 'boolean' && typeof to === 'boolean') return to ? 'enable' : 'disable';
  if (Array.isArray(from) && Array.isArray(to)) return membershipDirection(from, to);
  return 'replace';
}

function membershipDirection(from: unknown[], to: unknown[]): Direction {
  const before = new Set(from.map((item) => JSON.stringify(item)));
  const after = new Set(to.map((item) => JSON.stringify(item)));
  const added = [...after].some((item) => !before.has(item));
  const removed = [...before].some((item) => !after.has(item));
  if (added && !removed) return 'add';
  if (removed && !added) return 'remove';
  return 'replace';
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
