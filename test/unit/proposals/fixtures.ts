/** Configs, findings, diagnostics and a policy for the proposal tests, shaped as the data contract says. */
import { makeCell } from '../../../src/analysis/diagnostics/cell.js';
import type {
  DiagnosticCell,
  DiagnosticsResult,
  Finding,
  FindingKind,
  PerformanceCell,
  PerformanceMetrics,
  SopEventCell,
} from '../../../src/analysis/findings.js';
import type { TargetType } from '../../../src/proposals/target-types.js';
import { type LiveConfig, type LiveConfigs } from '../../../src/proposals/live-configs.js';
import { parsePolicy, type Policy } from '../../../src/proposals/policy.js';

export const STRATEGY = {
  entry_threshold: 0.5,
  max_position_notional: 250_000,
  holding_period_days: 5,
  blocked_regimes: [] as string[],
  excluded_sectors: [] as string[],
  sizing: { lambda_enabled: true, lambda: 0.5 },
  knobs: { lookback_days: 20, exit_rule: 'trailing' },
  owner_note: 'kept as is',
};

export const RISK = {
  strategy_budget_notional: 5_000_000,
  max_gross_exposure: 20_000_000,
  max_drawdown_stop: 0.15,
  override_rules: [
    { rule_id: 'max_sector_exposure', enabled: true, params: { limit: 0.3 } },
    { rule_id: 'vol_spike_block', enabled: true, params: { z: 2.5 } },
  ],
};

export const GLOBAL_RISK = {
  strategy_budget_notional: 50_000_000,
  max_gross_exposure: 40_000_000,
  max_drawdown_stop: 0.2,
  override_rules: [{ rule_id: 'liquidity_floor', enabled: true, params: { min_adv_usd: 1_000_000 } }],
};

export const PROMPT = { active_template_id: 'assess-v3', available_template_ids: ['assess-v2', 'assess-v3'], temperature: 0.2, max_tokens: 800 };

export const UNIVERSE = { min_adv_usd: 5_000_000, max_members: 500, excluded_sectors: ['Utilities'], profile_filters: { leverage: { max: 4 } } };

export const SOP_V1 = { trigger_severity: 3, derisk_fraction: 0.5, max_time_to_action_s: 60, hedge: true };
export const SOP_V2 = { trigger_severity: 4, derisk_fraction: 0.3, max_time_to_action_s: 300, hedge: false, runbook: 'rb-7' };

export function liveConfig(targetType: TargetType, targetId: string, config: unknown, versionNo = 3, error?: string): LiveConfig {
  return {
    target_type: targetType,
    target_id: targetId,
    config_version_id: `cv-${targetType.toLowerCase()}-${targetId}-${versionNo}`,
    version_no: versionNo,
    config_json: structuredClone(config),
    ...(error ? { error } : {}),
  };
}

/** A config DB with two strategies, their risk configs and a global one, a prompt slot, a universe and an SOP with history. */
export function liveConfigs(): LiveConfigs {
  const sopV1 = liveConfig('SOP_TEMPLATE', 'sop-crash', SOP_V1, 1);
  const sopV2 = liveConfig('SOP_TEMPLATE', 'sop-crash', SOP_V2, 2);
  return {
    targets: [
      liveConfig('STRATEGY_CONFIG', 'momentum', STRATEGY),
      liveConfig('STRATEGY_CONFIG', 'meanrev', { ...STRATEGY, entry_threshold: 0.6 }),
      liveConfig('RISK_CONFIG', 'momentum', RISK),
      liveConfig('RISK_CONFIG', 'global', GLOBAL_RISK),
      liveConfig('PROMPT_TEMPLATE', 'assessment', PROMPT),
      liveConfig('UNIVERSE_RULES', 'core-us', UNIVERSE),
      sopV2,
    ],
    universe_targets: { 'u-core-2025-01': 'core-us', 'u-core-2025-02': 'core-us' },
    history: { [sopV1.config_version_id]: sopV1, [sopV2.config_version_id]: sopV2 },
  };
}

/** A strong live finding: n = 400, effect −1 % with a tight interval, q = 0.001. */
export function finding(kind: FindingKind, subject: Record<string, string>, overrides: Partial<Finding> = {}): Finding {
  return {
    id: `${kind}:${Object.values(subject).join(':')}`,
    kind,
    subject,
    metric: 'mean_return',
    n: 400,
    effect: -0.01,
    ci: [-0.013, -0.007],
    ci_level: 0.95,
    p: 0.00001,
    q: 0.001,
    value: -0.008,
    baseline: 0.002,
    regimes_covered: ['LOW_VOL_BULL', 'HIGH_VOL_BEAR', 'CRISIS'],
    provenance: 'LIVE',
    observational: false,
    extra: {},
    ...overrides,
  };
}

/** Diagnostics holding the findings, with per-strategy tail risk within the test policy's limits unless given. */
export function diagnostics(findings: Finding[], overrides: Partial<DiagnosticsResult> = {}): DiagnosticsResult {
  return {
    window: { as_of: '2025-03-31T00:00:00.000Z', start: '2024-12-31T00:00:00.000Z', end: '2025-03-31T00:00:00.000Z', days: 90 },
    data_quality: {
      trades: 5000,
      decisions: 20000,
      null_returns: 0,
      non_finite_returns: 0,
      unknown_regime: 0,
      unknown_config_version: 0,
      duplicates: 0,
      outside_regime_period: 0,
      empty_window: false,
      score: 1,
      notes: [],
    },
    diagnostics: {
      performance: [
        performanceCell({ dimension: 'strategy', strategy_id: 'momentum' }, { es_95: -0.02, max_drawdown: -0.08 }, { n: 3000 }),
        performanceCell({ dimension: 'strategy', strategy_id: 'meanrev' }, { es_95: -0.03, max_drawdown: -0.1 }, { n: 2000 }),
        performanceCell({ dimension: 'strategy_regime', strategy_id: 'momentum', regime_label: 'CRISIS' }, { es_95: -0.2, max_drawdown: -0.5 }, { n: 300 }),
      ],
    },
    findings,
    tests: 120,
    fdr_level: 0.1,
    ...overrides,
  };
}

export const POLICY_DOCUMENT = {
  defaults: {
    auto_apply: true,
    min_confidence: 0.9,
    max_change_magnitude: 0.25,
    review_window: '72h',
    evaluation_period: '14d',
    approvers: ['alice', 'bob'],
    four_eyes: true,
    identity: 'claimed',
    require_track_record: { min_verified: 0, min_hit_rate: 0.5 },
  },
  targets: { UNIVERSE_RULES: { auto_apply: false } },
  guardrails: { max_expected_shortfall: 0.05, max_drawdown: 0.25, max_gross_exposure: 50_000_000, max_strategy_budget_notional: 10_000_000 },
  black_swan: { review_window: '4h', max_auto_apply_severity: 2 },
};

export function testPolicy(): Policy {
  return parsePolicy(structuredClone(POLICY_DOCUMENT), 'test policy');
}

export const CTX = { runId: 'run-test', now: new Date('2025-03-31T06:00:00Z') };

/** A performance cell as the diagnostics build it, with the metrics given (the others unknown). */
export function performanceCell(
  subject: Record<string, string>,
  metrics: Partial<PerformanceMetrics> = {},
  fields: Partial<DiagnosticCell> = {},
): PerformanceCell {
  return makeCell({
    ...fields,
    section: 'performance',
    subject,
    metric: 'mean_return',
    extra: { mean_return: null, es_95: null, max_drawdown: null, ...metrics },
  });
}

/** A black-swan per-event cell of one SOP version. */
export function sopEventCell(eventId: string, sopTemplateId: string, sopVersionId: string, severity: number | null): SopEventCell {
  return makeCell({
    section: 'black_swan_sops',
    subject: { event_id: eventId, sop_template_id: sopTemplateId, sop_version_id: sopVersionId },
    metric: 'loss_avoided',
    extra: { severity },
  });
}
