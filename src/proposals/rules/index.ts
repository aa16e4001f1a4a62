/** Every proposal rule, and the rule for a finding kind. */
import type { FindingKind } from '../../analysis/findings.js';
import { entryThresholdRule } from './entry-threshold.js';
import { experimentRule } from './experiment.js';
import { overrideRuleRule } from './override-rule.js';
import { profileFilterRule } from './profile-filter.js';
import { promptRollbackRule } from './prompt-rollback.js';
import { regimeFilterRule } from './regime-filter.js';
import { riskBudgetRule } from './risk-budget.js';
import type { ProposalRule } from './rule.js';
import { sectorExclusionRule } from './sector-exclusion.js';
import { similarConditionsRule } from './similar-conditions.js';
import { sopRollbackRule } from './sop-rollback.js';

export const PROPOSAL_RULES: readonly ProposalRule[] = [
  regimeFilterRule,
  entryThresholdRule,
  riskBudgetRule,
  overrideRuleRule,
  promptRollbackRule,
  sectorExclusionRule,
  profileFilterRule,
  sopRollbackRule,
  experimentRule,
  similarConditionsRule,
];

/** The rule that handles a finding kind, or undefined when none does (the finding then stays in the diagnostics only). */
export function ruleFor(kind: FindingKind | string): ProposalRule | undefined {
  return PROPOSAL_RULES.find((rule) => (rule.findingKinds as readonly string[]).includes(kind));
}
