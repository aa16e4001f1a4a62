/**
 * Risk overrides, per strategy and rule (risk_reason): how often the rule overrode Assessment, what the
 * decisions it blocked or resized went on to do (forward_return) against those Risk approved, and the
 * PnL it took away (forward return × notional removed). The comparison is made within each regime and
 * pooled, so a rule that fires in bad regimes is not blamed for the regime; decisions of one day share
 * its market move, so the day is the unit of independence.
 */
import type { Aggregates, OverrideCell } from '../aggregates.js';
import { type ClusterRecord, clusteredTest, sumsByCluster } from '../stats/cluster-robust.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { momentMean, momentVariance } from './moments.js';

const SECTION = 'risk_overrides';
type ForwardSums = { n: number; sum: number; sum_sq: number };

function sums(cells: readonly OverrideCell[]): ForwardSums {
  return cells.reduce((acc, c) => ({ n: acc.n + c.n_forward, sum: acc.sum + c.sum_forward, sum_sq: acc.sum_sq + c.sum_sq_forward }), {
    n: 0,
    sum: 0,
    sum_sq: 0,
  });
}

const byDay = (cells: readonly OverrideCell[]): ClusterRecord[] =>
  cells.map((c) => ({ cluster: c.day, n: c.n_forward, sum: c.sum_forward, sum_sq: c.sum_sq_forward }));

/**
 * Regime-stratified difference of mean forward returns, overridden − approved, clustered by day: per
 * regime with at least MIN_SAMPLE.stratumDecisions decisions on each side (a thinner stratum has no
 * reliable mean on that side and stays out), d_r = mean_o,r − mean_a,r, pooled with weights n_o,r:
 * θ = Σ_r w_r·(μ_o,r − μ_a,r)/Σw, a contrast of group means tested with the CR2 variance over days.
 */
function stratifiedGap(overridden: readonly OverrideCell[], approved: readonly OverrideCell[]) {
  const labels = [...new Set(overridden.map((c) => c.regime_label))].sort();
  const strata = labels
    .map((label) => ({ label, o: overridden.filter((c) => c.regime_label === label), a: approved.filter((c) => c.regime_label === label) }))
    .filter(({ o, a }) => sums(o).n >= MIN_SAMPLE.stratumDecisions && sums(a).n >= MIN_SAMPLE.stratumDecisions);
  const weight = strata.reduce((w, { o }) => w + sums(o).n, 0);
  const columns = sumsByCluster(strata.flatMap(({ o, a }) => [byDay(o), byDay(a)]));
  const terms = strata.flatMap(({ o }, i) => {
    const w = sums(o).n / weight;
    return [
      { coefficient: w, sums: columns[2 * i] },
      { coefficient: -w, sums: columns[2 * i + 1] },
    ];
  });
  return { terms, regimes: strata.map((s) => s.label), left_out: labels.filter((l) => !strata.some((s) => s.label === l)) };
}

/**
 * @example
 * const cells = riskOverridesSection(aggregates);
 */
export function riskOverridesSection(agg: Aggregates): DiagnosticCell[] {
  const pairs = new Map<string, { strategy: string; rule: string }>();
  for (const c of agg.overrides) {
    if (c.rule_id !== null && c.risk_action !== 'APPROVED') pairs.set(`${c.strategy_id}\u0000${c.rule_id}`, { strategy: c.strategy_id, rule: c.rule_id });
  }
  return [...pairs.values()]
    .sort((a, b) => (a.strategy + a.rule < b.strategy + b.rule ? -1 : 1))
    .map(({ strategy, rule }) => {
      const overridden = agg.overrides.filter((c) => c.strategy_id === strategy && c.rule_id === rule && c.risk_action !== 'APPROVED');
      const approved = agg.overrides.filter((c) => c.strategy_id === strategy && c.risk_action === 'APPROVED');
      const o = sums(overridden);
      const a = sums(approved);
      const all = agg.overrides.filter((c) => c.strategy_id === strategy).reduce((s, c) => s + c.n, 0);
      const base = makeCell({
        section: SECTION,
        kind: 'OVERRIDE_RULE_DESTROYS_VALUE',
        subject: { rule_id: rule, strategy_id: strategy },
        metric: 'forward_return_gap',
        n: o.n,
        value: momentMean(o),
        baseline: momentMean(a),
        regimes_covered: [...new Set(overridden.map((c) => c.regime_label))].sort(),
        extra: {
          overrides: overridden.reduce((s, c) => s + c.n, 0),
          blocked: overridden.filter((c) => c.risk_action === 'BLOCKED').reduce((s, c) => s + c.n, 0),
          resized: overridden.filter((c) => c.risk_action === 'RESIZED').reduce((s, c) => s + c.n, 0),
          override_rate: all > 0 ? overridden.reduce((s, c) => s + c.n, 0) / all : null,
          forgone_pnl: overridden.reduce((s, c) => s + c.forgone_pnl, 0),
          approved_n: a.n,
        },
      });
      if (o.n < MIN_SAMPLE.decisions || a.n < MIN_SAMPLE.decisions) {
        return insufficient(base, `fewer than ${MIN_SAMPLE.decisions} overridden or approved decisions with a forward return`);
      }
      const gap = stratifiedGap(overridden, approved);
      if (gap.terms.length === 0) return insufficient(base, `no regime with ${MIN_SAMPLE.stratumDecisions} decisions on each side`);
      // The rule destroys value when what it stopped did better than what it let through.
      const test = clusteredTest(gap.terms, 0, 'greater');
      if (test.clusters < MIN_SAMPLE.clusters) return insufficient(base, `fewer than ${MIN_SAMPLE.clusters} days (the clusters of the variance)`);
      if (!Number.isFinite(test.p)) return insufficient(base, 'the decisions of a side of a regime fell on one day');
      return {
        ...base,
        status: 'tested',
        effect: test.estimate,
        ci: test.ci,
        p: test.p,
        regimes_covered: gap.regimes,
        extra: { ...base.extra, days: test.clusters, df: test.df, regimes_left_out: gap.left_out.join(',') },
      };
    });
}
