/** A prompt template whose assessments fail more often is replaced by the better one: PROMPT_TEMPLATE.active_template_id goes back to it. */
import type { Finding } from '../../analysis/findings.js';
import { impact } from '../expected-impact.js';
import type { LiveConfigs } from '../live-configs.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, percent } from './shared.js';

function activeTemplate(config: unknown): string | undefined {
  return (config as { active_template_id?: string } | null)?.active_template_id;
}

function slotOf(finding: Finding, live: LiveConfigs): string | undefined {
  const slots = live.targets.filter((t) => t.target_type === 'PROMPT_TEMPLATE');
  const named = slots.find((t) => t.target_id === finding.subject.slot);
  return (named ?? slots.find((t) => activeTemplate(t.config_json) === finding.subject.prompt_template_id))?.target_id;
}

export const promptRollbackRule: ProposalRule = {
  kind: 'PROMPT_ROLLBACK',
  findingKinds: ['PROMPT_TEMPLATE_ERRORS'],
  targetType: 'PROMPT_TEMPLATE',
  locate(finding, live) {
    if (typeof finding.extra.better_template_id !== 'string') return { skip: 'the finding names no better_template_id' };
    const slot = slotOf(finding, live);
    return slot ? { target_id: slot } : { skip: `no live PROMPT_TEMPLATE uses template ${finding.subject.prompt_template_id}` };
  },
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const active = activeTemplate(config);
    const finding = findings.find((f) => f.subject.prompt_template_id === active);
    if (!finding) return { skip: `the erroring template is no longer active (active: ${active})` };
    const better = finding.extra.better_template_id as string;
    const available = (config.available_template_ids as string[]) ?? [];
    if (better === active) return { skip: `the better template ${better} is already active` };
    if (!available.includes(better)) return { skip: `the better template ${better} is not among available_template_ids` };
    config.active_template_id = better;
    return {
      proposed: config,
      summary: `switch prompt slot ${target?.target_id ?? ''} from template ${active} back to ${better}`,
      impact: impact(
        'error_rate',
        { prompt_template_id: [active as string, better] },
        'decrease',
        ctx.policy.evaluation_period,
        `template ${active} failed in ${percent(finding.value)} of assessments against ${percent(finding.baseline)} (n=${finding.n})`,
        { baseline: finding.value, expected: finding.baseline },
      ),
    };
  },
};
