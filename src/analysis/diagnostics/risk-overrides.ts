/**
 * Risk overrides, per strategy and rule (risk_reason): how often the rule overrode Assessment, what the
 * decisions it blocked or resized went on to do (forward_return) against those Risk approved, and the
 * PnL it took away (forward return × notional removed). The comparison is made within each regime and
 * pooled, so a rule that fires in bad regimes is not blamed for the regime.
 */
import type { Aggregates, OverrideCell } from '../aggregates.js';
import { normalPValue } from '../stats/alternative.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { momentMean, momentVariance } from './moments.js';

const SECTION = 'risk_overrides';
const Z_95 = 1.959963984540054;

type ForwardSums = { n: number; sum: number; sum_sq: number };

function sums(cells: readonly OverrideCell[]): ForwardSums {
  return cells.reduce((acc, c) => ({ n: acc.n + c.n_forward, sum: acc.sum + c.sum_forward, sum_sq: acc.sum_sq + c.sum_sq_forward }), { n: 0, sum: 0, sum_sq: 0 });
}

/**
 * Regime-stratified difference of mean forward returns, overridden − approved: per regime with at
 * least two decisions on each side, d_r = mean_o − mean_a with variance s_o²/n_o + s_a²/n_a; pooled
 * with weights n_o,r (the overridden decisions), z = Σw·d/√Σw²·v over Σw.
 */
function stratifiedGap(overridden: readonly OverrideCell[], approved: readonly OverrideCell[]): { effect: number; se: number; regimes: string[] } {
  const labels = [...new Set(overridden.map((c) => c.regime_label))].sort();
  let weight = 0;
  let weighted = 0;
  let variance = 0;
  const used: string[] = [];
  for (const label of labels) {
    const o = sums(overridden.filter((c) => c.regime_label === label));
    const a = sums(approved.filter((c) => c.regime_label === label));
    if (o.n < 2 || a.n < 2) continue;
    const d = momentMean(o) - momentMean(a);
    const v = momentVariance(o) / o.n + momentVariance(a) / a.n;
    weight += o.n;
    weighted += o.n * d;
    variance += o.n * o.n * v;
    used.push(label);
  }
  return { effect: weighted / weight, se: Math.sqrt(variance) / weight, regimes: used };
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
      if (!(gap.se > 0)) return insufficient(base, 'no regime with decisions on both sides');
      return {
        ...base,
        status: 'tested',
        effect: gap.effect,
        ci: [gap.effect - Z_95 * gap.se, gap.effect + Z_95 * gap.se],
        // The rule destroys value when what it stopped did better than what it let through.
        p: normalPValue(gap.effect / gap.se, 'greater'),
        regimes_covered: gap.regimes,
      };
    });
}
