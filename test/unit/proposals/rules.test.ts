import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding } from '../../../src/analysis/findings.js';
import { planProposals } from '../../../src/proposals/generate.js';
import type { LiveConfigs } from '../../../src/proposals/live-configs.js';
import { CTX, diagnostics, finding, liveConfigs, performanceCell, SOP_V1, sopEventCell, STRATEGY, testPolicy } from './fixtures.js';

function plan(findings: Finding[], live: LiveConfigs = liveConfigs()) {
  return planProposals(diagnostics(findings), live, testPolicy(), CTX);
}

function onlyDraft(findings: Finding[], live?: LiveConfigs) {
  const { drafts, skipped } = plan(findings, live);
  assert.equal(drafts.length, 1, `expected one draft, skipped: ${JSON.stringify(skipped)}`);
  return drafts[0];
}

function skipReason(findings: Finding[], live?: LiveConfigs): string {
  const { drafts, skipped } = plan(findings, live);
  assert.equal(drafts.length, 0);
  return skipped.map((s) => s.reason).join(' | ');
}

describe('REGIME_FILTER', () => {
  const crisis = finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'momentum', regime_label: 'CRISIS' }, { regimes_covered: ['CRISIS'] });
  test('adds the regime to blocked_regimes and keeps every other key', () => {
    const draft = onlyDraft([crisis]);
    assert.equal(draft.target_type, 'STRATEGY_CONFIG');
    assert.equal(draft.target_id, 'momentum');
    assert.deepEqual(draft.proposed_config_json, { ...STRATEGY, blocked_regimes: ['CRISIS'] });
    assert.equal(draft.expected_impact_json.metric, 'mean_return');
    assert.deepEqual(
      draft.evidence_json.findings.map((f) => f.subject.regime_label),
      ['CRISIS'],
    );
  });
  test('two losing regimes of one strategy make one proposal', () => {
    const bear = finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'momentum', regime_label: 'HIGH_VOL_BEAR' });
    assert.deepEqual(onlyDraft([crisis, bear]).proposed_config_json.blocked_regimes, ['CRISIS', 'HIGH_VOL_BEAR']);
  });
  test('an already blocked regime proposes nothing', () => {
    const live = liveConfigs();
    (live.targets[0].config_json as typeof STRATEGY).blocked_regimes = ['CRISIS'];
    assert.match(skipReason([crisis], live), /already blocked/);
  });
});

describe('ENTRY_THRESHOLD', () => {
  const low = (threshold: number) => finding('LOW_SCORE_LOSES', { strategy_id: 'momentum' }, { extra: { score_threshold: threshold } });
  test('raises the threshold to the score below which trades lose', () => {
    assert.equal(onlyDraft([low(0.58)]).proposed_config_json.entry_threshold, 0.58);
  });
  test('bounded by the maximum change magnitude', () => {
    const draft = onlyDraft([low(0.9)]);
    assert.equal(draft.proposed_config_json.entry_threshold, 0.625);
    assert.match(draft.deterministic_rationale_text, /bounded by the policy's maximum change; the evidence points to 0\.9/);
  });
  test('a threshold at or below the live one proposes nothing', () => {
    assert.match(skipReason([low(0.45)]), /already at or above/);
  });
});

describe('RISK_BUDGET', () => {
  const gap = (value: number, baseline: number) => finding('LIVE_BELOW_BACKTEST', { strategy_id: 'momentum' }, { metric: 'sharpe', value, baseline });
  test('scales the budget by live / backtest', () => {
    const draft = onlyDraft([gap(1, 1.25)]);
    assert.equal(draft.target_type, 'RISK_CONFIG');
    assert.equal(draft.proposed_config_json.strategy_budget_notional, 4_000_000);
  });
  test('never cuts by more than the maximum change', () => {
    assert.equal(onlyDraft([gap(-0.4, 1.2)]).proposed_config_json.strategy_budget_notional, 3_750_000);
  });
  test('a strategy without its own RISK_CONFIG is not cut through the global one', () => {
    assert.match(skipReason([finding('LIVE_BELOW_BACKTEST', { strategy_id: 'meanrev' })]), /no live RISK_CONFIG for strategy_id meanrev/);
  });
});

describe('OVERRIDE_RULE_RELAX', () => {
  test("disables the rule in the strategy's RISK_CONFIG, params kept", () => {
    const draft = onlyDraft([finding('OVERRIDE_RULE_DESTROYS_VALUE', { rule_id: 'vol_spike_block', strategy_id: 'momentum' })]);
    assert.equal(draft.target_id, 'momentum');
    assert.deepEqual(draft.proposed_config_json.override_rules, [
      { rule_id: 'max_sector_exposure', enabled: true, params: { limit: 0.3 } },
      { rule_id: 'vol_spike_block', enabled: false, params: { z: 2.5 } },
    ]);
    assert.deepEqual(draft.guardrails_json.risk_increasing, ['override_rules[rule_id=vol_spike_block].enabled: relaxed']);
    assert.equal(draft.guardrails_json.pass, true);
  });
  test('falls back to the global RISK_CONFIG that holds the rule', () => {
    const draft = onlyDraft([finding('OVERRIDE_RULE_DESTROYS_VALUE', { rule_id: 'liquidity_floor', strategy_id: 'meanrev' })]);
    assert.equal(draft.target_id, 'global');
  });
  test('a rule no config holds proposes nothing', () => {
    assert.match(
      skipReason([finding('OVERRIDE_RULE_DESTROYS_VALUE', { rule_id: 'ghost', strategy_id: 'momentum' })]),
      /no live RISK_CONFIG holds override rule ghost/,
    );
  });
  test('while the strategy is beyond its ES limit the relaxation is never auto-applicable', () => {
    const result = diagnostics([finding('OVERRIDE_RULE_DESTROYS_VALUE', { rule_id: 'vol_spike_block', strategy_id: 'momentum' })]);
    result.diagnostics = { performance: [performanceCell({ dimension: 'strategy', strategy_id: 'momentum' }, { es_95: -0.09, max_drawdown: -0.1 })] };
    const [draft] = planProposals(result, liveConfigs(), testPolicy(), CTX).drafts;
    assert.equal(draft.guardrails_json.pass, false);
    assert.equal(draft.auto_applicable, false);
  });
});

describe('PROMPT_ROLLBACK', () => {
  const errors = (better: string, template = 'assess-v3') =>
    finding(
      'PROMPT_TEMPLATE_ERRORS',
      { prompt_template_id: template, slot: 'assessment' },
      { metric: 'error_rate', value: 0.12, baseline: 0.02, extra: { better_template_id: better } },
    );
  test('switches the slot back to the better template', () => {
    const draft = onlyDraft([errors('assess-v2')]);
    assert.equal(draft.proposed_config_json.active_template_id, 'assess-v2');
    assert.deepEqual(draft.expected_impact_json.scope, { prompt_template_id: ['assess-v3', 'assess-v2'] });
  });
  test('only to an available template, and only while the bad one is active', () => {
    assert.match(skipReason([errors('assess-v9')]), /not among available_template_ids/);
    assert.match(skipReason([errors('assess-v3', 'assess-v2')]), /no longer active/);
  });
});

describe('UNIVERSE_SECTOR_EXCLUSION', () => {
  test('excludes the sector from the universe the trades came from', () => {
    const draft = onlyDraft([finding('SECTOR_LOSES', { sector: 'Energy', universe_id: 'u-core-2025-01' })]);
    assert.equal(draft.target_id, 'core-us');
    assert.deepEqual(draft.proposed_config_json.excluded_sectors, ['Utilities', 'Energy']);
    assert.deepEqual(draft.expected_impact_json.scope, { universe_id: ['u-core-2025-01', 'u-core-2025-02'] });
  });
  test('without a universe, the only universe there is', () => {
    assert.equal(onlyDraft([finding('SECTOR_LOSES', { sector: 'Energy' })]).target_id, 'core-us');
  });
});

describe('UNIVERSE_PROFILE_FILTER', () => {
  const bucket = (attribute: string, name: string, extra: Finding['extra']) => finding('PROFILE_BUCKET_LOSES', { attribute, bucket: name }, { extra });
  test('the highest numeric bucket becomes a max bound, the lowest a min bound', () => {
    const draft = onlyDraft([
      bucket('leverage', 'q5', { bucket_min: 2.5, bucket_max: null }),
      bucket('quality_score', 'q1', { bucket_min: 0.05, bucket_max: 0.3, bucket_index: 0, bucket_count: 5 }),
    ]);
    assert.deepEqual(draft.proposed_config_json.profile_filters, { leverage: { max: 2.5 }, quality_score: { min: 0.3 } });
  });
  test('a categorical bucket leaves the in-list', () => {
    const draft = onlyDraft([bucket('market_cap_bucket', 'SMALL', { categories: 'SMALL, MID, LARGE' })]);
    assert.deepEqual((draft.proposed_config_json.profile_filters as Record<string, unknown>).market_cap_bucket, { in: ['MID', 'LARGE'] });
  });
  test('a middle bucket cannot be cut with min/max', () => {
    assert.match(skipReason([bucket('leverage', 'q3', { bucket_min: 1, bucket_max: 2, bucket_index: 2, bucket_count: 5 })]), /not at either end/);
  });
});

describe('SOP_ROLLBACK', () => {
  const worse = (version: string) =>
    finding(
      'SOP_VERSION_WORSE',
      { sop_template_id: 'sop-crash', sop_version_id: version },
      { metric: 'loss_avoided', extra: { previous_version_id: 'cv-sop_template-sop-crash-1', severity: 4 } },
    );
  test("restores the previous version's parameters, other keys kept; severity above the ceiling is never auto-applicable", () => {
    const draft = onlyDraft([worse('cv-sop_template-sop-crash-2')]);
    assert.deepEqual(draft.proposed_config_json, { ...SOP_V1, runbook: 'rb-7' });
    assert.equal(draft.evidence_json.severity, 4);
    assert.equal(draft.auto_applicable, false);
  });
  test('only when the judged version is live', () => {
    assert.match(skipReason([worse('cv-old')]), /no longer live/);
  });
  test('going back to parameters that ran before is not bounded by the maximum change; severity comes from the events when the finding has none', () => {
    const noSeverity = { ...worse('cv-sop_template-sop-crash-2'), extra: { previous_version_id: 'cv-sop_template-sop-crash-1' } };
    const result = diagnostics([noSeverity]);
    result.diagnostics = {
      black_swan_sops: [1, 2].map((severity) => sopEventCell(`e${severity}`, 'sop-crash', 'cv-sop_template-sop-crash-2', severity)),
    };
    const [draft] = planProposals(result, liveConfigs(), testPolicy(), CTX).drafts;
    assert.equal(draft.evidence_json.severity, 2);
    const magnitude = draft.guardrails_json.checks.find((c) => c.name === 'magnitude');
    assert.equal(magnitude?.pass, true);
    assert.match(magnitude?.detail ?? '', /puts back the parameters of version cv-sop_template-sop-crash-1/);
  });
});

describe('EXPERIMENT', () => {
  test('observational and confounded knob findings become one experiment, not a live change', () => {
    const draft = onlyDraft([
      finding('KNOB_MATTERS', { strategy_id: 'momentum', knob: 'lookback_days' }, { observational: true, extra: { best_level: 40 } }),
      finding('KNOBS_CONFOUNDED', { strategy_id: 'momentum', knobs: 'exit_rule,holding_days' }, { observational: true }),
    ]);
    assert.equal(draft.target_type, 'EXPERIMENT');
    assert.deepEqual(draft.current_config_snapshot_json, { config_version_id: null, version_no: 0, config_json: null });
    const config = draft.proposed_config_json;
    assert.equal(config.kind, 'BACKTEST');
    assert.deepEqual(config.config_overrides, { knobs: { lookback_days: 40 }, vary_independently: ['exit_rule', 'holding_days'] });
    assert.equal(config.period_days, 90);
    assert.match(config.hypothesis as string, /lookback_days=40 and varies exit_rule, holding_days independently/);
    assert.equal(draft.expected_impact_json.metric, 'none');
  });
});

describe('UNIVERSE_PROFILE_FILTER from the run', () => {
  test("a categorical bucket's categories come from the attribute's cells in the run", () => {
    const result = diagnostics([finding('PROFILE_BUCKET_LOSES', { dimension: 'profile', attribute: 'region', bucket: 'EM' })]);
    result.diagnostics = {
      performance: ['EM', 'EU', 'US'].map((bucket) => performanceCell({ dimension: 'profile', attribute: 'region', bucket }, {}, { n: 100 })),
    };
    const [draft] = planProposals(result, liveConfigs(), testPolicy(), CTX).drafts;
    assert.deepEqual((draft.proposed_config_json.profile_filters as Record<string, unknown>).region, { in: ['EU', 'US'] });
  });
  test('quantile buckets without bounds are left to a person', () => {
    const result = diagnostics([finding('PROFILE_BUCKET_LOSES', { dimension: 'profile', attribute: 'leverage', bucket: 'Q4' })]);
    result.diagnostics = { performance: ['Q1', 'Q2', 'Q3', 'Q4'].map((bucket) => performanceCell({ dimension: 'profile', attribute: 'leverage', bucket })) };
    const plan = planProposals(result, liveConfigs(), testPolicy(), CTX);
    assert.equal(plan.drafts.length, 0);
    assert.match(plan.skipped[0].reason, /neither bounds nor the categories of leverage are known/);
  });
});
