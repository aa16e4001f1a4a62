/**
 * A readable, path-level diff between two configs, for reviewers and for deciding which fields a
 * proposal touches. Objects recurse (`sizing.lambda`); lists of objects with a `rule_id` are matched
 * by it (`override_rules[rule_id=max_sector].enabled`); other lists are compared whole, with the
 * items added and removed listed.
 */

export interface DiffEntry {
  path: string;
  op: 'add' | 'remove' | 'replace';
  from?: unknown;
  to?: unknown;
  /** For lists of plain values: what the change adds and removes. */
  added?: unknown[];
  removed?: unknown[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values always serialise alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function keyedByRuleId(list: unknown[]): Map<string, unknown> | null {
  const byId = new Map<string, unknown>();
  for (const item of list) {
    if (!isPlainObject(item) || typeof item.rule_id !== 'string' || byId.has(item.rule_id)) return null;
    byId.set(item.rule_id, item);
  }
  return byId;
}

function diffLists(path: string, from: unknown[], to: unknown[], out: DiffEntry[]): void {
  const fromById = keyedByRuleId(from);
  const toById = keyedByRuleId(to);
  if (fromById && toById && (from.length > 0 || to.length > 0)) {
    for (const [id, item] of fromById) diffValues(`${path}[rule_id=${id}]`, item, toById.get(id), out);
    for (const [id, item] of toById) if (!fromById.has(id)) diffValues(`${path}[rule_id=${id}]`, undefined, item, out);
    return;
  }
  const removed = from.filter((item) => !to.some((other) => sameValue(item, other)));
  const added = to.filter((item) => !from.some((other) => sameValue(item, other)));
  out.push({ path, op: 'replace', from, to, added, removed });
}

function diffValues(path: string, from: unknown, to: unknown, out: DiffEntry[]): void {
  if (sameValue(from, to)) return;
  if (from === undefined) {
    out.push({ path, op: 'add', to });
  } else if (to === undefined) {
    out.push({ path, op: 'remove', from });
  } else if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const key of keys) diffValues(path ? `${path}.${key}` : key, from[key], to[key], out);
  } else if (Array.isArray(from) && Array.isArray(to)) {
    diffLists(path, from, to, out);
  } else {
    out.push({ path, op: 'replace', from, to });
  }
}

/**
 * The changes that turn `from` into `to`, one entry per changed leaf path, in path order.
 *
 * @example
 * diffConfigs({ blocked_regimes: [], entry_threshold: 0.5 }, { blocked_regimes: ['CRISIS'], entry_threshold: 0.5 });
 * // [{ path: 'blocked_regimes', op: 'replace', from: [], to: ['CRISIS'], added: ['CRISIS'], removed: [] }]
 */
export function diffConfigs(from: unknown, to: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  diffValues('', from, to, out);
  return out;
}

/** The top-level config keys a diff touches (`override_rules[rule_id=x].enabled` → `override_rules`). */
export function changedFields(diff: DiffEntry[]): string[] {
  return [...new Set(diff.map((d) => d.path.split(/[.[]/)[0]))].sort();
}
