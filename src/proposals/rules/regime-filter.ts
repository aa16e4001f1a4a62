/** A strategy that loses in one regime stops opening trades in it: the regime label joins STRATEGY_CONFIG.blocked_regimes. */
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { appendLabels, locateExisting } from './shared.js';

export const regimeFilterRule: ProposalRule = {
  kind: 'REGIME_FILTER',
  findingKinds: ['STRATEGY_LOSES_IN_REGIME'],
  targetType: 'STRATEGY_CONFIG',
  locate: (finding, live) =>
    finding.subject.regime_label ? locateExisting(finding, 'strategy_id', 'STRATEGY_CONFIG', live) : { skip: 'the finding names no regime_label' },
  propose(findings, target, ctx) {
    const change = appendLabels(findings, target, 'blocked_regimes', 'regime_label');
    if (!change) return { skip: 'every losing regime is already blocked' };
    const strategyId = target?.target_id ?? '';
    return {
      proposed: change.config,
      basis: change.basis,
      summary: `block regime${change.added.length > 1 ? 's' : ''} ${change.added.join(', ')} for strategy ${strategyId}`,
      impact: impact(
        'mean_return',
        { strategy_id: [strategyId] },
        'increase',
        ctx.policy.evaluation_period,
        `the strategy opens nothing in ${change.losses}, so its mean return per trade should rise`,
      ),
    };
  },
};
