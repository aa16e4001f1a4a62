/**
 * A proposal rule: turns the findings of one kind about one target into one concrete, minimal
 * config change (or says why it makes none). Rules are pure; generate.ts runs them, validates what
 * they propose, and adds confidence, guardrails and the rationale.
 */
import type { DiagnosticsSections, Finding, FindingKind } from '../../analysis/findings.js';
import type { TargetType } from '../target-types.js';
import type { ProposalKind } from '../draft.js';
import type { ExpectedImpact } from '../expected-impact.js';
import type { LiveConfig, LiveConfigs } from '../live-configs.js';
import type { TargetPolicy } from '../policy-rules.js';

export interface RuleContext {
  live: LiveConfigs;
  /** The policy of the rule's target type (max change magnitude, evaluation period). */
  policy: TargetPolicy;
  /** Length of the analysis window in days. */
  windowDays: number;
  /** The run's diagnostics (every cell, not only the findings), for what a finding does not carry. */
  diagnostics: DiagnosticsSections;
}

/** Where a finding's change goes, or why it cannot go anywhere. */
export type Located = { target_id: string } | { skip: string };

export interface RuleChange {
  proposed: Record<string, unknown>;
  impact: ExpectedImpact;
  /** One line saying what changes, e.g. "block regime CRISIS for strategy momentum". */
  summary: string;
  /** The findings the change rests on, when not all of the group (e.g. some regimes were already blocked). */
  basis?: Finding[];
  /** The config version whose parameters the change puts back: a known state, exempt from the magnitude bound. */
  restoresVersion?: string;
  /** The share of the strategy's exposure a budget change keeps (0.8: a 20 % cut), which its money estimate scales by. */
  exposureScale?: number;
  /** Black-swan severity behind an SOP change (the policy caps auto-apply by it); null when unknown. */
  severity?: number | null;
}

export type RuleOutcome = RuleChange | { skip: string };

export interface ProposalRule {
  kind: ProposalKind;
  findingKinds: readonly FindingKind[];
  targetType: TargetType;
  locate(finding: Finding, live: LiveConfigs): Located;
  /** `target` is the live config (undefined only for an EXPERIMENT target that does not exist yet). */
  propose(findings: Finding[], target: LiveConfig | undefined, ctx: RuleContext): RuleOutcome;
}
