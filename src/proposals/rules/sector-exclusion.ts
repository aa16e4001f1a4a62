/** A sector whose trades keep losing leaves the universe: it joins UNIVERSE_RULES.excluded_sectors. */
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, locateUniverse, percent, subjectValues, universeIdsOf, withItems } from './shared.js';

export const sectorExclusionRule: ProposalRule = {
  kind: 'UNIVERSE_SECTOR_EXCLUSION',
  findingKinds: ['SECTOR_LOSES'],
  targetType: 'UNIVERSE_RULES',
  locate: (finding, live) => (finding.subject.sector ? locateUniverse(finding, live) : { skip: 'the finding names no sector' }),
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const { list, added } = withItems(config.excluded_sectors, subjectValues(findings, 'sector'));
    if (added.length === 0) return { skip: 'every losing sector is already excluded' };
    config.excluded_sectors = list;
    const universe = target?.target_id ?? '';
    const basis = findings.filter((f) => added.includes(f.subject.sector));
    const losses = basis
      .map((f) => `${f.subject.sector} (${f.metric} ${percent(f.value)}, n=${f.n})`)
      .join(', ');
    return {
      proposed: config,
      basis,
      summary: `exclude sector${added.length > 1 ? 's' : ''} ${added.join(', ')} from universe ${universe}`,
      impact: impact('mean_return', { universe_id: universeIdsOf(ctx.live, universe) }, 'increase', ctx.policy.evaluation_period, `trades in ${losses} lose; without them the universe's mean return per trade should rise`),
    };
  },
};
