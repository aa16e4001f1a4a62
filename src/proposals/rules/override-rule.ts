/**
 * A risk override rule whose blocked or resized decisions did better than the ones it let through is
 * relaxed: switched off (`enabled: false`, its params kept so switching it back is one edit) in the
 * RISK_CONFIG that holds it, the strategy's own when it has the rule, else the global one. Loosening
 * params instead would need their meaning, which the data contract does not give.
 */
import type { Finding } from '../../analysis/findings.js';
import { impact } from '../expected-impact.js';
import { findLive, type LiveConfig, type LiveConfigs } from '../live-configs.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, subjectValues } from './shared.js';

function overrideRules(target: LiveConfig | undefined): Record<string, unknown>[] {
  const rules = (target?.config_json as { override_rules?: unknown } | null)?.override_rules;
  return Array.isArray(rules) ? rules.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) : [];
}

function holdsRule(live: LiveConfigs, targetId: string | undefined, ruleId: string): boolean {
  return targetId !== undefined && overrideRules(findLive(live, 'RISK_CONFIG', targetId)).some((r) => r.rule_id === ruleId);
}

function describe(f: Finding): string {
  return `${f.subject.strategy_id ? `strategy ${f.subject.strategy_id}: ` : ''}${f.metric} ${f.effect.toFixed(4)} (n=${f.n})`;
}

export const overrideRuleRule: ProposalRule = {
  kind: 'OVERRIDE_RULE_RELAX',
  findingKinds: ['OVERRIDE_RULE_DESTROYS_VALUE'],
  targetType: 'RISK_CONFIG',
  locate(finding, live) {
    const ruleId = finding.subject.rule_id;
    if (!ruleId) return { skip: 'the finding names no rule_id' };
    const strategyId = finding.subject.strategy_id;
    if (holdsRule(live, strategyId, ruleId)) return { target_id: strategyId };
    if (holdsRule(live, 'global', ruleId)) return { target_id: 'global' };
    return { skip: `no live RISK_CONFIG holds override rule ${ruleId}` };
  },
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const ruleIds = subjectValues(findings, 'rule_id');
    const rules = (config.override_rules as Record<string, unknown>[]).map((rule) =>
      ruleIds.includes(rule.rule_id as string) && rule.enabled !== false ? { ...rule, enabled: false } : rule,
    );
    const disabled = ruleIds.filter((id) => overrideRules(target).some((r) => r.rule_id === id && r.enabled !== false));
    if (disabled.length === 0) return { skip: `override rule ${ruleIds.join(', ')} is already disabled` };
    config.override_rules = rules;
    const strategies = subjectValues(findings, 'strategy_id');
    return {
      proposed: config,
      summary: `disable override rule ${disabled.join(', ')} in RISK_CONFIG ${target?.target_id ?? ''}`,
      impact: impact(
        'mean_return',
        strategies.length > 0 ? { strategy_id: strategies } : {},
        'increase',
        ctx.policy.evaluation_period,
        `the decisions the rule blocked or resized did better than those it approved (${findings.map(describe).join('; ')}); without it they are traded`,
      ),
    };
  },
};
