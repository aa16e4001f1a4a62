/**
 * Property: whatever valid findings and valid live configs come in, every proposal validates against
 * its target type's schema, its snapshot is the live config at the time, keys beyond the contract
 * survive, its confidence is in [0, 1], and every finding ends up in a proposal, skipped or unmapped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DiagnosticsResult, Finding, FindingKind } from '../../../src/analysis/findings.js';
import type { TargetType } from '../../../src/proposals/target-types.js';
import { validateConfig } from '../../../src/proposals/config-schemas.js';
import { planProposals } from '../../../src/proposals/generate.js';
import { findLive, type LiveConfig, type LiveConfigs } from '../../../src/proposals/live-configs.js';
import { parsePolicy } from '../../../src/proposals/policy.js';
import { CTX, diagnostics, POLICY_DOCUMENT } from './fixtures.js';

const STRATEGIES = ['s1', 's2', 's3'];
const REGIMES = ['LOW_VOL_BULL', 'HIGH_VOL_BEAR', 'CRISIS', 'SIDEWAYS'];
const SECTORS = ['Energy', 'Tech', 'Utilities', 'Health'];
const TEMPLATES = ['t1', 't2', 't3'];
const RULES = ['r1', 'r2', 'r3'];
const SOP_VERSIONS = ['sop-v1', 'sop-v2', 'sop-v3'];

const label = (values: string[]) => fc.constantFrom(...values);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const positive = fc.double({ min: 1, max: 1e8, noNaN: true });
const extraKeys = fc.dictionary(fc.constantFrom('owner', 'notes', 'x_custom'), fc.jsonValue(), { maxKeys: 2 });

const strategyConfig = fc.record({
  entry_threshold: fraction,
  max_position_notional: positive,
  holding_period_days: fc.integer({ min: 1, max: 60 }),
  blocked_regimes: fc.uniqueArray(label(REGIMES), { maxLength: 3 }),
  excluded_sectors: fc.uniqueArray(label(SECTORS), { maxLength: 2 }),
  sizing: fc.record({ lambda_enabled: fc.boolean(), lambda: fc.double({ min: 0, max: 2, noNaN: true }) }),
  knobs: fc.dictionary(fc.constantFrom('lookback', 'cutoff', 'mode'), fc.oneof(fc.integer(), fc.string())),
});
const riskConfig = fc.record({
  strategy_budget_notional: positive,
  max_gross_exposure: positive,
  max_drawdown_stop: fraction,
  override_rules: fc.uniqueArray(
    fc.record({ rule_id: label(RULES), enabled: fc.boolean(), params: fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }) }),
    {
      selector: (r) => r.rule_id,
      maxLength: 3,
    },
  ),
});
const promptConfig = fc.uniqueArray(label(TEMPLATES), { minLength: 1, maxLength: 3 }).chain((available) =>
  fc.record({
    active_template_id: fc.constantFrom(...available),
    available_template_ids: fc.constant(available),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    max_tokens: fc.integer({ min: 1, max: 4000 }),
  }),
);
const filter = fc.oneof(
  fc.record({ min: fc.double({ min: -10, max: 10, noNaN: true }) }),
  fc.record({ max: fc.double({ min: -10, max: 10, noNaN: true }) }),
  fc.record({ in: fc.uniqueArray(fc.constantFrom('SMALL', 'MID', 'LARGE'), { minLength: 1 }) }),
);
const universeConfig = fc.record({
  min_adv_usd: fc.double({ min: 0, max: 1e8, noNaN: true }),
  max_members: fc.integer({ min: 1, max: 3000 }),
  excluded_sectors: fc.uniqueArray(label(SECTORS), { maxLength: 2 }),
  profile_filters: fc.dictionary(fc.constantFrom('leverage', 'quality_score', 'market_cap_bucket'), filter, { maxKeys: 2 }),
});
const sopConfig = fc.record({
  trigger_severity: fc.integer({ min: 1, max: 5 }),
  derisk_fraction: fraction,
  max_time_to_action_s: fc.double({ min: 1, max: 3600, noNaN: true }),
  hedge: fc.boolean(),
});
const experimentConfig = fc.record({
  kind: fc.constantFrom('BACKTEST', 'PAPER_TRADE'),
  config_overrides: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
  period_days: fc.integer({ min: 1, max: 365 }),
  hypothesis: fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0),
});

function withExtra<T>(config: fc.Arbitrary<T>): fc.Arbitrary<T & Record<string, unknown>> {
  return fc.tuple(config, extraKeys).map(([c, extra]) => ({ ...extra, ...c }));
}

function target(type: TargetType, id: string, version: number, config: unknown): LiveConfig {
  return { target_type: type, target_id: id, config_version_id: `${type}-${id}-${version}`, version_no: version, config_json: config };
}

const liveArb: fc.Arbitrary<LiveConfigs> = fc
  .record({
    strategies: fc.tuple(...STRATEGIES.map(() => fc.option(withExtra(strategyConfig), { nil: undefined }))),
    risks: fc.tuple(...[...STRATEGIES, 'global'].map(() => fc.option(withExtra(riskConfig), { nil: undefined }))),
    prompt: withExtra(promptConfig),
    universe: withExtra(universeConfig),
    sops: fc.array(withExtra(sopConfig), { minLength: 1, maxLength: 3 }),
    experiment: fc.option(withExtra(experimentConfig), { nil: undefined }),
  })
  .map(({ strategies, risks, prompt, universe, sops, experiment }) => {
    const targets: LiveConfig[] = [];
    STRATEGIES.forEach((id, i) => strategies[i] && targets.push(target('STRATEGY_CONFIG', id, 2, strategies[i])));
    [...STRATEGIES, 'global'].forEach((id, i) => risks[i] && targets.push(target('RISK_CONFIG', id, 5, risks[i])));
    targets.push(target('PROMPT_TEMPLATE', 'assessment', 1, prompt), target('UNIVERSE_RULES', 'core', 7, universe));
    const history = sops.map((config, i) => ({ ...target('SOP_TEMPLATE', 'sop', i + 1, config), config_version_id: SOP_VERSIONS[i] }));
    targets.push(history[history.length - 1]);
    if (experiment) targets.push(target('EXPERIMENT', 's1', 1, experiment));
    return { targets, universe_targets: { u1: 'core' }, history: Object.fromEntries(history.map((h) => [h.config_version_id, h])) };
  });

const subjectArb: Record<FindingKind, fc.Arbitrary<Record<string, string>>> = {
  STRATEGY_LOSES_IN_REGIME: fc.record({ strategy_id: label(STRATEGIES), regime_label: label(REGIMES) }),
  LOW_SCORE_LOSES: fc.record({ strategy_id: label(STRATEGIES) }),
  LIVE_BELOW_BACKTEST: fc.record({ strategy_id: label(STRATEGIES) }),
  OVERRIDE_RULE_DESTROYS_VALUE: fc.record({ rule_id: label(RULES), strategy_id: label(STRATEGIES) }),
  PROMPT_TEMPLATE_ERRORS: fc.record({ prompt_template_id: label(TEMPLATES), slot: fc.constantFrom('assessment', 'other') }),
  SECTOR_LOSES: fc.record({ sector: label(SECTORS), universe_id: fc.constantFrom('u1', 'u2') }),
  PROFILE_BUCKET_LOSES: fc.record({
    attribute: fc.constantFrom('leverage', 'quality_score', 'market_cap_bucket'),
    bucket: fc.constantFrom('SMALL', 'q1', 'q5'),
  }),
  SOP_VERSION_WORSE: fc.record({ sop_template_id: fc.constant('sop'), sop_version_id: label(SOP_VERSIONS) }),
  KNOB_MATTERS: fc.record({ strategy_id: label(STRATEGIES), knob: fc.constantFrom('lookback', 'cutoff') }),
  KNOBS_CONFOUNDED: fc.record({ strategy_id: label(STRATEGIES), knobs: fc.constant('lookback,cutoff') }),
  CONFIG_BETTER_IN_SIMILAR_CONDITIONS: fc.record({ strategy_id: label(STRATEGIES), config_version_id: fc.constantFrom('strategy-a-v1', 'strategy-a-v3') }),
};

const extraArb = fc.record(
  {
    score_threshold: fc.double({ min: 0.01, max: 1, noNaN: true }),
    better_template_id: label(TEMPLATES),
    previous_version_id: label(SOP_VERSIONS),
    severity: fc.integer({ min: 1, max: 5 }),
    best_level: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom('fast', 'slow')),
    bucket_min: fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: null }),
    bucket_max: fc.option(fc.double({ min: 5, max: 10, noNaN: true }), { nil: null }),
    bucket_index: fc.integer({ min: 0, max: 4 }),
    bucket_count: fc.constant(5),
    categories: fc.constant('SMALL,MID,LARGE'),
    sign_consistency: fraction,
    pbo: fraction,
    config_overrides: fc.constantFrom('{"knobs":{"lookback":20}}', '{}', '[1]', 'not json'),
    neighbours: fc.constant('e1 (distance 0.100, SIDEWAYS, mean 0.50 %, n=4)'),
  },
  { requiredKeys: [] },
);

const findingArb: fc.Arbitrary<Finding> = fc
  .constantFrom(...(Object.keys(subjectArb) as FindingKind[]))
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      subject: subjectArb[kind],
      n: fc.integer({ min: 1, max: 5000 }),
      effect: fc.double({ min: -1, max: 1, noNaN: true }),
      halfWidth: fc.double({ min: 0, max: 0.5, noNaN: true }),
      p: fraction,
      q: fraction,
      value: fc.double({ min: -2, max: 2, noNaN: true }),
      baseline: fc.double({ min: -2, max: 2, noNaN: true }),
      regimes: fc.uniqueArray(label(REGIMES), { maxLength: 4 }),
      observational: fc.boolean(),
      extra: extraArb,
    }),
  )
  .map((f) => ({
    id: `${f.kind}:${Object.values(f.subject).join(':')}`,
    kind: f.kind,
    subject: f.subject,
    metric: 'mean_return',
    n: f.n,
    effect: f.effect,
    ci: [f.effect - f.halfWidth, f.effect + f.halfWidth] as [number, number],
    ci_level: 0.95,
    p: f.p,
    q: f.q,
    value: f.value,
    baseline: f.baseline,
    regimes_covered: f.regimes,
    provenance: f.observational ? 'LIVE' : 'BACKTEST',
    observational: f.observational,
    extra: f.extra,
  }));

const resultArb: fc.Arbitrary<DiagnosticsResult> = fc
  .tuple(fc.uniqueArray(findingArb, { selector: (f) => f.id, maxLength: 12 }), fc.integer({ min: 1, max: 5000 }), fraction)
  .map(([findings, tests, score]) => {
    const result = diagnostics(findings, { tests });
    result.data_quality.score = score;
    return result;
  });

const policyArb = fc
  .record({ max_change_magnitude: fc.double({ min: 0.01, max: 1, noNaN: true }), min_confidence: fraction })
  .map((patch) => parsePolicy({ ...POLICY_DOCUMENT, defaults: { ...POLICY_DOCUMENT.defaults, ...patch } }));

test('every generated proposal validates, snapshots the live config, keeps unknown keys, and accounts for every finding', () => {
  fc.assert(
    fc.property(resultArb, liveArb, policyArb, (result, generated, policy) => {
      // As read from PostgreSQL: plain JSON objects.
      const live = JSON.parse(JSON.stringify(generated)) as LiveConfigs;
      const before = structuredClone(live);
      const plan = planProposals(result, live, policy, CTX);
      assert.deepEqual(live, before);
      for (const draft of plan.drafts) {
        const valid = validateConfig(draft.target_type, draft.proposed_config_json);
        assert.ok(valid.ok, valid.ok ? '' : valid.error);
        const current = findLive(before, draft.target_type, draft.target_id);
        const expected = current
          ? { config_version_id: current.config_version_id, version_no: current.version_no, config_json: current.config_json }
          : { config_version_id: null, version_no: 0, config_json: null };
        assert.deepEqual(draft.current_config_snapshot_json, expected);
        for (const key of ['owner', 'notes', 'x_custom']) {
          const old = (current?.config_json as Record<string, unknown> | undefined)?.[key];
          if (old !== undefined) assert.deepEqual(draft.proposed_config_json[key], old);
        }
        assert.ok(draft.diff_json.length > 0);
        assert.ok(draft.confidence >= 0 && draft.confidence <= 1);
        if (draft.auto_applicable) assert.ok(draft.guardrails_json.pass && draft.confidence >= policy.targets[draft.target_type].min_confidence);
      }
      const seen = new Set([
        ...plan.drafts.flatMap((d) => d.evidence_json.findings.map((f) => f.id)),
        ...plan.skipped.flatMap((s) => s.finding_ids),
        ...plan.unmapped.map((u) => u.finding_id),
      ]);
      for (const f of result.findings) assert.ok(seen.has(f.id), `finding ${f.id} vanished`);
    }),
    { numRuns: 200, seed: 20250331 },
  );
});
