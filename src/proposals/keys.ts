/**
 * The deterministic keys of a proposal. The proposal id comes from the analysis run and the dedupe
 * key, so an activity that stores the same drafts again (a retry) finds its own rows.
 */
import { createHash } from 'node:crypto';
import type { TargetType } from './target-types.js';
import { canonicalJson, type DiffEntry } from './diff.js';

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Same change to the same target from the same base version → same key.
 *
 * @example
 * dedupeKey('REGIME_FILTER', 'STRATEGY_CONFIG', 'momentum', 'cv-12', proposed);
 * // 'REGIME_FILTER:STRATEGY_CONFIG:momentum@cv-12:3f1c…'
 */
export function dedupeKey(kind: string, targetType: TargetType, targetId: string, baseVersionId: string | null, proposed: unknown): string {
  return `${kind}:${targetType}:${targetId}@${baseVersionId ?? 'none'}:${digest(canonicalJson(proposed), 16)}`;
}

/**
 * Same change to the same target whatever the base version: the changed paths with their new values
 * (for lists, the items added and removed), so a change reverted once is recognised when proposed again.
 *
 * @example
 * changeKey('STRATEGY_CONFIG', 'momentum', diffConfigs(live, proposed));
 */
export function changeKey(targetType: TargetType, targetId: string, diff: DiffEntry[]): string {
  const signature = diff.map((d) => (d.added || d.removed ? { path: d.path, added: d.added, removed: d.removed } : { path: d.path, op: d.op, to: d.to }));
  return `${targetType}:${targetId}:${digest(canonicalJson(signature), 16)}`;
}

/**
 * The proposal id for a draft stored by an analysis run (or by a verification, with its own run key).
 *
 * @example
 * proposalIdFor('run-2024-06-03', draft.dedupe_key); // 'prp_5e0b…'
 */
export function proposalIdFor(runId: string, dedupeKeyValue: string): string {
  return `prp_${digest(`${runId}\u0000${dedupeKeyValue}`, 24)}`;
}
