/**
 * From a run's findings to proposal drafts (pure and deterministic): each finding goes to its rule,
 * findings about the same target are merged into one minimal change, the proposed config is
 * validated, and confidence, guardrails, expected impact, keys and the rationale are added.
 * Findings no rule maps to, and findings a rule could not act on, are reported, never dropped.
 */
import type { DiagnosticsResult, Finding } from '../analysis/findings.js';
import type { TargetType } from './target-types.js';
import { proposalConfidence, type RunContext, shrunkEffect } from './confidence.js';
import { validateConfig } from './config-schemas.js';
import { changedFields, diffConfigs } from './diff.js';
import type { ProposalDraft } from './draft.js';
import { buildEvidence } from './evidence.js';
import { evaluateGuardrails } from './guardrails.js';
import { estimateImpact } from './impact-estimate.js';
import { changeKey, dedupeKey } from './keys.js';
import { type HypothesisTest, hypothesisHistory } from './hypothesis-ledger.js';
import { findLive, invalidLiveConfigs, type LiveConfigs, snapshotOf } from './live-configs.js';
import { type Policy, policyForTarget } from './policy.js';
import { inconclusiveEvidence, parseDurationMs } from './policy-rules.js';
import { deterministicRationale } from './rationale.js';
import { ruleFor } from './rules/index.js';
import type { ProposalRule } from './rules/rule.js';
import { kindPriors } from './shrinkage.js';
import { readStrategyRisk } from './strategy-risk.js';

export interface GenerateContext {
  runId: string;
  now: Date;
  /** Earlier runs' tests of the findings' hypotheses, by hypothesis id (the ledger); absent when not read. */
  earlierTests?: Record<string, HypothesisTest[]>;
}

export interface ProposalPlan {
  drafts: ProposalDraft[];
  /** Findings of a kind no rule handles: they stay in the diagnostics. */
  unmapped: { finding_id: string; kind: string }[];
  /** Findings a rule handles that led to no proposal, and why (no target, already in place, invalid live config…). */
  skipped: { finding_ids: string[]; reason: string }[];
  /** Live configs that fail their schema: reported here and never edited by a proposal. */
  invalid_live: { target_type: TargetType; target_id: string; config_version_id: string; error: string }[];
}

/** The strategies a target governs, for the guardrails' tail-risk check (empty: every strategy). */
function governedStrategies(targetType: TargetType, targetId: string): string[] {
  if (targetType === 'STRATEGY_CONFIG' || targetType === 'EXPERIMENT') return [targetId];
  if (targetType === 'RISK_CONFIG' && targetId !== 'global') return [targetId];
  return [];
}

/** The run's part of every confidence; the evaluation period is the target type's. */
function runContext(result: DiagnosticsResult, evaluationPeriod: string, earlierTests: GenerateContext['earlierTests']): RunContext {
  const evaluationMs = parseDurationMs(evaluationPeriod);
  const windowToEvaluation = evaluationMs && result.window.days > 0 ? (result.window.days * 86_400_000) / evaluationMs : null;
  const histories = earlierTests
    ? Object.fromEntries(result.findings.map((f) => [f.id, hypothesisHistory(result.window, f.effect, earlierTests[f.id] ?? [])]))
    : null;
  return { dataQualityScore: result.data_quality.score, priors: kindPriors(result), windowToEvaluation, histories };
}

interface Group {
  rule: ProposalRule;
  targetId: string;
  findings: Finding[];
}

/**
 * The full plan of a run: drafts plus what was not proposed and why.
 *
 * @example
 * const plan = planProposals(result, await loadLiveConfigs(db), loadPolicy(), { runId, now: new Date() });
 * plan.drafts.length; plan.unmapped; plan.skipped; plan.invalid_live;
 */
export function planProposals(result: DiagnosticsResult, live: LiveConfigs, policy: Policy, ctx: GenerateContext): ProposalPlan {
  const plan: ProposalPlan = {
    drafts: [],
    unmapped: [],
    skipped: [],
    invalid_live: invalidLiveConfigs(live).map((t) => ({
      target_type: t.target_type,
      target_id: t.target_id,
      config_version_id: t.config_version_id,
      error: t.error as string,
    })),
  };
  const groups = new Map<string, Group>();
  for (const finding of [...result.findings].sort((a, b) => a.id.localeCompare(b.id))) {
    const rule = ruleFor(finding.kind);
    if (!rule) {
      plan.unmapped.push({ finding_id: finding.id, kind: finding.kind });
      continue;
    }
    const located = rule.locate(finding, live);
    if ('skip' in located) {
      plan.skipped.push({ finding_ids: [finding.id], reason: located.skip });
      continue;
    }
    const key = `${rule.kind}\u0000${located.target_id}`;
    const group = groups.get(key) ?? { rule, targetId: located.target_id, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  const risk = readStrategyRisk(result);
  for (const group of groups.values()) {
    const outcome = draftFor(group, result, live, policy, ctx, risk);
    if ('skip' in outcome) {
      plan.skipped.push({ finding_ids: group.findings.map((f) => f.id), reason: outcome.skip });
      continue;
    }
    plan.drafts.push(outcome);
    const used = new Set(outcome.evidence_json.findings.map((f) => f.id));
    const unused = group.findings.filter((f) => !used.has(f.id)).map((f) => f.id);
    if (unused.length > 0)
      plan.skipped.push({
        finding_ids: unused,
        reason: `already reflected in the live ${outcome.target_type} ${outcome.target_id}, or not expressible by the change`,
      });
  }
  plan.drafts.sort((a, b) => a.dedupe_key.localeCompare(b.dedupe_key));
  return plan;
}

function draftFor(
  { rule, targetId, findings }: Group,
  result: DiagnosticsResult,
  live: LiveConfigs,
  policy: Policy,
  ctx: GenerateContext,
  risk: ReturnType<typeof readStrategyRisk>,
): ProposalDraft | { skip: string } {
  const targetType = rule.targetType;
  const target = findLive(live, targetType, targetId);
  if (target?.error) return { skip: `the live ${targetType} ${targetId} does not validate, so no proposal edits it: ${target.error}` };
  if (!target && targetType !== 'EXPERIMENT') return { skip: `there is no live ${targetType} ${targetId}` };
  const targetPolicy = policyForTarget(policy, targetType);
  const change = rule.propose(findings, target, { live, policy: targetPolicy, windowDays: result.window.days, diagnostics: result.diagnostics });
  if ('skip' in change) return change;
  const snapshot = snapshotOf(target);
  const diff = diffConfigs(snapshot.config_json ?? {}, change.proposed);
  if (diff.length === 0) return { skip: 'the proposed config equals the live one' };
  const valid = validateConfig(targetType, change.proposed);
  if (!valid.ok) return { skip: `the proposed config does not validate: ${valid.error}` };
  const basis = change.basis ?? findings;
  const run = runContext(result, targetPolicy.evaluation_period, ctx.earlierTests);
  const confidence = proposalConfidence(basis, run);
  const impactEstimate = estimateImpact(
    basis.map((finding) => ({ finding, effect: shrunkEffect(finding, run) })),
    result.window.days,
    change.exposureScale,
  );
  const guardrails = evaluateGuardrails({
    targetType,
    diff,
    strategies: governedStrategies(targetType, targetId),
    risk,
    limits: policy.guardrails,
    maxChangeMagnitude: targetPolicy.max_change_magnitude,
    restoresVersion: change.restoresVersion,
  });
  const severity = change.severity ?? null;
  const severityAllows = targetType !== 'SOP_TEMPLATE' || (severity !== null && severity <= targetPolicy.black_swan.max_auto_apply_severity);
  const minGain = targetPolicy.min_expected_gain_per_week ?? 0;
  const gainAllows = minGain === 0 || (impactEstimate?.money_per_week ?? Number.NEGATIVE_INFINITY) >= minGain;
  const autoApplicable =
    targetPolicy.auto_apply &&
    guardrails.pass &&
    confidence.value >= targetPolicy.min_confidence &&
    severityAllows &&
    gainAllows &&
    inconclusiveEvidence(impactEstimate) === null;
  const evidence = {
    ...buildEvidence(result, basis, ctx.runId),
    summary: change.summary,
    generated_at: ctx.now.toISOString(),
    changed_fields: changedFields(diff),
    severity,
    impact_estimate: impactEstimate,
  };
  return {
    target_type: targetType,
    target_id: targetId,
    kind: rule.kind,
    current_config_snapshot_json: snapshot,
    proposed_config_json: change.proposed,
    diff_json: diff,
    evidence_json: evidence,
    expected_impact_json: change.impact,
    confidence: confidence.value,
    confidence_json: confidence,
    guardrails_json: guardrails,
    auto_applicable: autoApplicable,
    dedupe_key: dedupeKey(rule.kind, targetType, targetId, snapshot.config_version_id, change.proposed),
    change_key: changeKey(targetType, targetId, diff),
    deterministic_rationale_text: deterministicRationale({
      summary: change.summary,
      kind: rule.kind,
      target_type: targetType,
      target_id: targetId,
      snapshot,
      diff,
      evidence,
      impact: change.impact,
      confidence,
      guardrails,
      auto_applicable: autoApplicable,
    }),
    proposed_by: 'kronos',
  };
}

/**
 * The proposal drafts of a run (pure): see planProposals for what was not proposed and why.
 *
 * @example
 * const drafts = generateProposals(result, live, policy, { runId: 'run-1', now: new Date('2024-06-03T06:00:00Z') });
 */
export function generateProposals(result: DiagnosticsResult, live: LiveConfigs, policy: Policy, ctx: GenerateContext): ProposalDraft[] {
  return planProposals(result, live, policy, ctx).drafts;
}
