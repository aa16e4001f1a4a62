/** Where trades entered on low assessment scores lose, STRATEGY_CONFIG.entry_threshold rises towards the score below which they lose. */
import type { Finding } from '../../analysis/findings.js';
import { extraNumber } from '../evidence.js';
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { boundedMove, copyConfig, locateExisting } from './shared.js';

function scoreThreshold(f: Finding): number | null {
  const value = extraNumber(f, 'score_threshold');
  return value !== null && value > 0 && value <= 1 ? value : null;
}

export const entryThresholdRule: ProposalRule = {
  kind: 'ENTRY_THRESHOLD',
  findingKinds: ['LOW_SCORE_LOSES'],
  targetType: 'STRATEGY_CONFIG',
  locate: (finding, live) =>
    scoreThreshold(finding) === null
      ? { skip: 'the finding has no score_threshold in (0, 1]' }
      : locateExisting(finding, 'strategy_id', 'STRATEGY_CONFIG', live),
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const current = config.entry_threshold as number;
    const wanted = Math.max(...findings.map((f) => scoreThreshold(f) ?? 0));
    if (wanted <= current) return { skip: `entry_threshold ${current} is already at or above ${wanted}` };
    const next = boundedMove(current, wanted, ctx.policy.max_change_magnitude);
    config.entry_threshold = next;
    const bounded = next < wanted ? ` (bounded by the policy's maximum change; the evidence points to ${wanted})` : '';
    const strategyId = target?.target_id ?? '';
    return {
      proposed: config,
      summary: `raise entry_threshold of strategy ${strategyId} from ${current} to ${next}${bounded}`,
      impact: impact(
        'mean_return',
        { strategy_id: [strategyId] },
        'increase',
        ctx.policy.evaluation_period,
        `trades entered on assessment scores below ${next} are no longer opened, so the mean return per trade should rise`,
      ),
    };
  },
};
