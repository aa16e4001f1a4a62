/**
 * A proposal before it is stored: the columns of meta_controller_config_proposals that the rules,
 * the confidence and the guardrails fill in.
 */
import type { TargetType } from './target-types.js';
import type { ConfidenceBreakdown } from './confidence.js';
import type { DiffEntry } from './diff.js';
import type { Evidence } from './evidence.js';
import type { ExpectedImpact } from './expected-impact.js';
import type { GuardrailReport } from './guardrails.js';
import type { ConfigSnapshot } from './live-configs.js';

/** What kind of change a proposal makes; the track record of verified outcomes is kept per kind. */
export const PROPOSAL_KINDS = [
  'REGIME_FILTER',
  'ENTRY_THRESHOLD',
  'RISK_BUDGET',
  'OVERRIDE_RULE_RELAX',
  'PROMPT_ROLLBACK',
  'UNIVERSE_SECTOR_EXCLUSION',
  'UNIVERSE_PROFILE_FILTER',
  'SOP_ROLLBACK',
  'EXPERIMENT',
  /** An experiment with the config that did better in past conditions like today's. */
  'SIMILAR_CONDITIONS_EXPERIMENT',
  /** Undoes an applied proposal whose verification found it made things worse. */
  'REVERT',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export interface ProposalDraft {
  target_type: TargetType;
  target_id: string;
  kind: ProposalKind;
  /** The live version the change was computed against: the revert point and the compare-and-swap base. */
  current_config_snapshot_json: ConfigSnapshot;
  proposed_config_json: Record<string, unknown>;
  diff_json: DiffEntry[];
  evidence_json: Evidence;
  expected_impact_json: ExpectedImpact;
  confidence: number;
  confidence_json: ConfidenceBreakdown;
  guardrails_json: GuardrailReport;
  auto_applicable: boolean;
  /** Same change, same target, same base version → same key (at most one open proposal per key). */
  dedupe_key: string;
  /** Same change to the same target whatever the base version: how a change reverted before is recognised. */
  change_key: string;
  deterministic_rationale_text: string;
  proposed_by: string;
}
