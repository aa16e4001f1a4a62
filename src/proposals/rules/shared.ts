/** Small helpers the proposal rules share: locating targets, copying configs, bounded numeric moves. */
import type { Finding } from '../../analysis/findings.js';
import type { TargetType } from '../target-types.js';
import { findLive, type LiveConfig, type LiveConfigs } from '../live-configs.js';
import type { Located } from './rule.js';

/** A deep copy of a target's config_json as an object (empty for a target that does not exist yet). */
export function copyConfig(target: LiveConfig | undefined): Record<string, unknown> {
  const json = target?.config_json;
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? structuredClone(json as Record<string, unknown>) : {};
}

/** The live target a subject key names, or why there is none. */
export function locateExisting(finding: Finding, subjectKey: string, targetType: TargetType, live: LiveConfigs): Located {
  const id = finding.subject[subjectKey];
  if (!id) return { skip: `the finding names no ${subjectKey}` };
  if (!findLive(live, targetType, id)) return { skip: `there is no live ${targetType} for ${subjectKey} ${id}` };
  return { target_id: id };
}

/**
 * Moves `from` towards `to` by at most `maxRelative` of |from| (of 1 when `from` is 0), so one
 * proposal never changes a number by more than the policy allows.
 *
 * @example
 * boundedMove(0.5, 0.8, 0.25); // 0.625
 */
export function boundedMove(from: number, to: number, maxRelative: number): number {
  const limit = (from === 0 ? 1 : Math.abs(from)) * maxRelative;
  const step = Math.max(-limit, Math.min(limit, to - from));
  return Number((from + step).toPrecision(12));
}

/** A list of labels with `items` appended (keeping order, no duplicates), and which of them are new. */
function withItems(list: unknown, items: string[]): { list: string[]; added: string[] } {
  const current = Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  const added = [...new Set(items)].filter((item) => !current.includes(item)).sort();
  return { list: [...(Array.isArray(list) ? (list as string[]) : []), ...added], added };
}

export interface LabelsAdded {
  config: Record<string, unknown>;
  /** The labels the change adds (sorted). */
  added: string[];
  /** The findings behind the added labels. */
  basis: Finding[];
  /** Each added label with the loss its finding measured, e.g. "CRISIS (mean_return -0.80 %, n=400)". */
  losses: string;
}

/**
 * A target's config with the findings' `subjectKey` labels appended to its list `field` (a blocked
 * regime, an excluded sector), or null when every label is already there.
 *
 * @example
 * appendLabels(findings, target, 'blocked_regimes', 'regime_label')?.added; // ['CRISIS']
 */
export function appendLabels(findings: Finding[], target: LiveConfig | undefined, field: string, subjectKey: string): LabelsAdded | null {
  const config = copyConfig(target);
  const { list, added } = withItems(config[field], subjectValues(findings, subjectKey));
  if (added.length === 0) return null;
  config[field] = list;
  const basis = findings.filter((f) => added.includes(f.subject[subjectKey]));
  const losses = basis.map((f) => describeLoss(f.subject[subjectKey], f)).join(', ');
  return { config, added, basis, losses };
}

/** The distinct values of one subject key over some findings, sorted. */
export function subjectValues(findings: Finding[], key: string): string[] {
  return [...new Set(findings.map((f) => f.subject[key]).filter((v): v is string => typeof v === 'string' && v !== ''))].sort();
}

/**
 * The UNIVERSE_RULES target a finding is about: the universe its `universe_id` belongs to, or the
 * only universe there is when the finding names none.
 */
export function locateUniverse(finding: Finding, live: LiveConfigs): Located {
  const universes = live.targets.filter((t) => t.target_type === 'UNIVERSE_RULES');
  const universeId = finding.subject.universe_id;
  if (universeId) {
    const targetId = live.universe_targets[universeId] ?? (universes.some((u) => u.target_id === universeId) ? universeId : undefined);
    return targetId ? { target_id: targetId } : { skip: `no live UNIVERSE_RULES for universe ${universeId}` };
  }
  if (universes.length === 1) return { target_id: universes[0].target_id };
  return { skip: `the finding names no universe and there are ${universes.length} UNIVERSE_RULES targets` };
}

/** The universe_id values (as trades carry them) that belong to a UNIVERSE_RULES target. */
export function universeIdsOf(live: LiveConfigs, targetId: string): string[] {
  const ids = Object.entries(live.universe_targets)
    .filter(([, target]) => target === targetId)
    .map(([id]) => id);
  return ids.length > 0 ? ids.sort() : [targetId];
}

/** A cell's label with the loss its finding measured: "CRISIS (mean_return -0.80 %, n=400)". */
export function describeLoss(label: string, f: Finding): string {
  return `${label} (${f.metric} ${percent(f.value)}, n=${f.n})`;
}

/** A return as a percentage with two decimals: 0.0123 → "1.23 %". */
export function percent(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
