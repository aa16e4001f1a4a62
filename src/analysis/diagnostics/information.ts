/**
 * Information-theoretic and robustness diagnostics of the window: how much of the evidence comes from
 * one regime (bias-corrected, normalised regime entropy) and how dispersed the market was; how each
 * strategy's mean return spreads across regimes; and which config knobs matter (knob-information.ts).
 */
import type { Aggregates } from '../aggregates.js';
import { millerMadowEntropy } from '../stats/entropy.js';
import { type DiagnosticCell, makeCell } from './cell.js';
import { knobInformationCells } from './knob-information.js';
import { momentMean } from './moments.js';

const SECTION = 'information';

/** Miller–Madow entropy of counts over ln K, K the number of labels that could occur (at least 2). */
function normalisedEntropy(counts: number[], labels: number): number {
  return millerMadowEntropy(counts) / Math.log(Math.max(2, labels));
}

/** Regime entropy of the window's days and of each strategy's trades, and the window's dispersion. */
function regimeCoverage(agg: Aggregates): DiagnosticCell[] {
  const labels = agg.regimes.map((r) => r.label);
  const dayCounts = labels.map((label) => agg.active_days.filter((d) => agg.day_regimes[d] === label).length);
  const hours = agg.regimes.reduce((s, r) => s + r.hours, 0);
  const timeWeighted = (feature: string) => {
    const weighted = agg.regimes.filter((r) => feature in r.features);
    const w = weighted.reduce((s, r) => s + r.hours, 0);
    return w > 0 ? weighted.reduce((s, r) => s + r.hours * r.features[feature], 0) / w : null;
  };
  const window = makeCell({
    section: SECTION,
    subject: { scope: 'window' },
    metric: 'regime_entropy',
    n: dayCounts.reduce((s, c) => s + c, 0),
    value: normalisedEntropy(dayCounts, labels.length),
    effect: normalisedEntropy(dayCounts, labels.length),
    regimes_covered: labels,
    extra: {
      dispersion: timeWeighted('dispersion'),
      realized_vol: timeWeighted('realized_vol'),
      avg_correlation: timeWeighted('avg_correlation'),
      ...Object.fromEntries(agg.regimes.map((r) => [`share_${r.label}`, hours > 0 ? r.hours / hours : null])),
    },
  });
  const strategies = agg.performance.filter((c) => c.dimension === 'strategy_regime');
  const byStrategy = [...new Set(strategies.map((c) => c.key.strategy_id))].sort();
  return [
    window,
    ...byStrategy.map((strategy) => {
      const cells = strategies.filter((c) => c.key.strategy_id === strategy);
      const counts = cells.map((c) => c.moments.n);
      const means = cells.filter((c) => c.moments.n > 0).map((c) => momentMean(c.moments));
      const grand = means.reduce((s, m) => s + m, 0) / means.length;
      const std = Math.sqrt(means.reduce((s, m) => s + (m - grand) ** 2, 0) / Math.max(1, means.length - 1));
      const entropy = normalisedEntropy(counts, labels.length);
      return makeCell({
        section: SECTION,
        subject: { strategy_id: strategy },
        metric: 'regime_spread',
        n: counts.reduce((s, c) => s + c, 0),
        value: std,
        effect: std,
        regimes_covered: cells.map((c) => c.key.regime_label).sort(),
        extra: {
          evidence_entropy: entropy,
          worst_regime_mean: Math.min(...means),
          best_regime_mean: Math.max(...means),
          range: Math.max(...means) - Math.min(...means),
          coefficient_of_variation: grand !== 0 ? std / Math.abs(grand) : null,
          sign_consistency: means.length > 0 ? Math.max(means.filter((m) => m > 0).length, means.filter((m) => m < 0).length) / means.length : null,
        },
      });
    }),
  ];
}

/**
 * @example
 * const cells = informationSection(aggregates, 7);
 */
export function informationSection(agg: Aggregates, seed: number): DiagnosticCell[] {
  return [...regimeCoverage(agg), ...knobInformationCells(agg, seed)];
}
