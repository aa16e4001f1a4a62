/** A sector whose trades keep losing leaves the universe: it joins UNIVERSE_RULES.excluded_sectors. */
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { appendLabels, locateUniverse, universeIdsOf } from './shared.js';

export const sectorExclusionRule: ProposalRule = {
  kind: 'UNIVERSE_SECTOR_EXCLUSION',
  findingKinds: ['SECTOR_LOSES'],
  targetType: 'UNIVERSE_RULES',
  locate: (finding, live) => (finding.subject.sector ? locateUniverse(finding, live) : { skip: 'the finding names no sector' }),
  propose(findings, target, ctx) {
    const change = appendLabels(findings, target, 'excluded_sectors', 'sector');
    if (!change) return { skip: 'every losing sector is already excluded' };
    const universe = target?.target_id ?? '';
    return {
      proposed: change.config,
      basis: change.basis,
      summary: `exclude sector${change.added.length > 1 ? 's' : ''} ${change.added.join(', ')} from universe ${universe}`,
      impact: impact(
        'mean_return',
        { universe_id: universeIdsOf(ctx.live, universe) },
        'increase',
        ctx.policy.evaluation_period,
        `trades in ${change.losses} lose; without them the universe's mean return per trade should rise`,
      ),
    };
  },
};
