/** A strategy that loses in one regime stops opening trades in it: the regime label joins STRATEGY_CONFIG.blocked_regimes. */
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, locateExisting, percent, subjectValues, withItems } from './shared.js';

export const regimeFilterRule: ProposalRule = {
  kind: 'REGIME_FILTER',
  findingKinds: ['STRATEGY_LOSES_IN_REGIME'],
  targetType: 'STRATEGY_CONFIG',
  locate: (finding, live) =>
    finding.subject.regime_label ? locateExisting(finding, 'strategy_id', 'STRATEGY_CONFIG', live) : { skip: 'the finding names no regime_label' },
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const { list, added } = withItems(config.blocked_regimes, subjectValues(findings, 'regime_label'));
    if (added.length === 0) return { skip: 'every losing regime is already blocked' };
    config.blocked_regimes = list;
    const strategyId = target?.target_id ?? '';
    const basis = findings.filter((f) => added.includes(f.subject.regime_label));
    const losses = basis
      .map((f) => `${f.subject.regime_label} (${f.metric} ${percent(f.value)}, n=${f.n})`)
      .join(', ');
    return {
      proposed: config,
      basis,
      summary: `block regime${added.length > 1 ? 's' : ''} ${added.join(', ')} for strategy ${strategyId}`,
      impact: impact('mean_return', { strategy_id: [strategyId] }, 'increase', ctx.policy.evaluation_period, `the strategy opens nothing in ${losses}, so its mean return per trade should rise`),
    };
  },
};
