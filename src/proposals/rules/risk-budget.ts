/**
 * When a strategy's live performance falls far below its backtest, its RISK_CONFIG.strategy_budget_notional
 * shrinks in proportion to the gap: budget × max(live / backtest, 1 − max change), reading the finding's
 * `value` as the live figure and `baseline` as the backtest's. Only a strategy's own RISK_CONFIG is cut;
 * the global one governs every strategy.
 */
import type { Finding } from '../../analysis/findings.js';
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, locateExisting } from './shared.js';

/** The share of the backtest that live delivered, in [0, 1]; null when the backtest figure is not positive. */
function liveShare(f: Finding): number | null {
  if (!(f.baseline > 0) || !Number.isFinite(f.value)) return null;
  return Math.min(1, Math.max(0, f.value / f.baseline));
}

export const riskBudgetRule: ProposalRule = {
  kind: 'RISK_BUDGET',
  findingKinds: ['LIVE_BELOW_BACKTEST'],
  targetType: 'RISK_CONFIG',
  locate: (finding, live) => locateExisting(finding, 'strategy_id', 'RISK_CONFIG', live),
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const current = config.strategy_budget_notional as number;
    const floor = 1 - Math.min(1, ctx.policy.max_change_magnitude);
    const shares = findings.map(liveShare);
    const share = shares.some((s) => s === null) ? 0 : Math.min(...(shares as number[]));
    const scale = Math.max(share, floor);
    if (!(scale < 1)) return { skip: 'live is not below the backtest by the numbers given' };
    const next = Number((current * scale).toPrecision(12));
    if (!(next > 0)) return { skip: 'the policy allows no budget cut' };
    config.strategy_budget_notional = next;
    const strategyId = target?.target_id ?? '';
    const gap = findings
      .map((f) => `${f.metric} live ${f.value.toFixed(3)} vs backtest ${f.baseline.toFixed(3)}${f.subject.sleeve_id ? ` (sleeve ${f.subject.sleeve_id})` : ''}`)
      .join('; ');
    return {
      proposed: config,
      summary: `cut strategy_budget_notional of strategy ${strategyId} from ${current} to ${next} (×${scale.toFixed(3)})`,
      exposureScale: next / current,
      impact: impact(
        'mean_abs_pnl',
        { strategy_id: [strategyId] },
        'decrease',
        ctx.policy.evaluation_period,
        `${gap}: a smaller budget limits what the strategy can lose until live matches the backtest again`,
      ),
    };
  },
};
