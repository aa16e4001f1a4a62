/**
 * The winner's curse, corrected before anything is ranked: each finding kind's shrinkage prior is
 * fitted on every tested cell of that kind in the run (findings and the cells that did not pass alike),
 * so a finding's effect is pulled towards what cells of its kind typically show (stats/normal-shrinkage).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { DiagnosticsResult } from '../analysis/findings.js';
import { fitShrinkagePrior, type ShrinkagePrior } from '../analysis/stats/normal-shrinkage.js';
import { allCells } from './diagnostic-cells.js';
import type { EvidenceFinding } from './evidence.js';

/** Largest signal-to-noise ratio read from a p-value: p = 0 (an exhausted permutation test) counts as z = 8. */
const MAX_Z = 8;

/**
 * The standard error of an effect: from its interval (half-width over the interval level's z), else
 * from its two-sided p-value (|effect| / z); NaN when neither gives one.
 *
 * @example
 * effectStandardError({ effect: -0.01, ci: [-0.0149, -0.0051], ci_level: 0.95, p: 0.0001 }); // ≈ 0.0025
 */
export function effectStandardError(f: Pick<EvidenceFinding, 'effect' | 'ci' | 'ci_level'> & { p: number | null }): number {
  // An interval may be absent (null after JSON) when the test gives none, e.g. a permutation test.
  const [low, high] = (f.ci ?? []) as (number | null)[];
  const halfWidth = typeof low === 'number' && typeof high === 'number' ? (high - low) / 2 : NaN;
  const zLevel = normalQuantile((1 + f.ci_level) / 2, 0, 1);
  if (halfWidth > 0 && Number.isFinite(halfWidth) && zLevel > 0) return halfWidth / zLevel;
  const p = f.p;
  if (typeof p === 'number' && p >= 0 && p < 1 && f.effect !== 0 && Number.isFinite(f.effect))
    return Math.abs(f.effect) / Math.min(MAX_Z, normalQuantile(1 - p / 2, 0, 1));
  return NaN;
}

/**
 * The shrinkage prior of each finding kind in a run, fitted on its tested cells (null for a kind with
 * too few cells to fit one: its findings keep their raw effect).
 *
 * @example
 * kindPriors(result).STRATEGY_LOSES_IN_REGIME; // { k: 12, mean: 0.0004, tau2: 1.1e-5, meanVariance: 2e-7 }
 */
export function kindPriors(result: Pick<DiagnosticsResult, 'diagnostics' | 'findings'>): Record<string, ShrinkagePrior | null> {
  const byKind = new Map<string, { effects: number[]; ses: number[] }>();
  for (const cell of allCells(result.diagnostics)) {
    // A non-finite effect is stored as null.
    if (cell.status !== 'tested' || cell.kind === null || typeof cell.effect !== 'number') continue;
    const se = effectStandardError(cell);
    const entry = byKind.get(cell.kind) ?? { effects: [], ses: [] };
    entry.effects.push(cell.effect);
    entry.ses.push(se);
    byKind.set(cell.kind, entry);
  }
  const kinds = new Set([...byKind.keys(), ...result.findings.map((f) => f.kind)]);
  return Object.fromEntries(
    [...kinds].sort().map((kind) => {
      const cells = byKind.get(kind);
      return [kind, cells ? fitShrinkagePrior(cells.effects, cells.ses) : null];
    }),
  );
}
