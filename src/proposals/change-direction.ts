/**
 * How one entry of a config diff moves its setting, in the words a reviewer (and a rationale) uses. The
 * grounding check holds a model's stated direction against these.
 */
import type { DiffEntry } from './diff.js';

/**
 * Numbers `increase`/`decrease`; booleans `enable`/`disable`; a string or a changed type `replace`; a key or
 * list members that appear `add`, that disappear `remove`; a proposal to run an EXPERIMENT rather than change
 * live config `experiment`.
 */
export const DIRECTIONS = ['increase', 'decrease', 'enable', 'disable', 'replace', 'add', 'remove', 'experiment'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * The direction of one diff entry.
 *
 * @example
 * changeDirection({ path: 'entry_threshold', op: 'replace', from: 0.55, to: 0.6 }) // 'increase'
 * changeDirection({ path: 'blocked_regimes', op: 'replace', from: [], to: ['CRISIS'], added: ['CRISIS'], removed: [] }) // 'add'
 */
export function changeDirection(entry: DiffEntry): Direction {
  const { from, to } = entry;
  if (entry.op === 'add' || from === null) return 'add';
  if (entry.op === 'remove' || to === null) return 'remove';
  if (entry.added && entry.removed) {
    if (entry.added.length > 0 && entry.removed.length === 0) return 'add';
    if (entry.removed.length > 0 && entry.added.length === 0) return 'remove';
    return 'replace';
  }
  if (typeof from === 'number' && typeof to === 'number') return to > from ? 'increase' : 'decrease';
  if (typeof from === 'boolean' && typeof to === 'boolean') return to ? 'enable' : 'disable';
  return 'replace';
}
