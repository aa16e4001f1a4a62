import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../../../src/proposals/config-schemas.js';
import { GLOBAL_RISK, PROMPT, RISK, SOP_V1, SOP_V2, STRATEGY, UNIVERSE } from './fixtures.js';

const EXPERIMENT = { kind: 'BACKTEST', config_overrides: { knobs: { lookback_days: 40 } }, period_days: 90, hypothesis: 'lookback matters' };

test('every contract shape validates, with keys beyond the contract carried', () => {
  for (const [type, config] of [
    ['STRATEGY_CONFIG', STRATEGY],
    ['RISK_CONFIG', RISK],
    ['RISK_CONFIG', GLOBAL_RISK],
    ['PROMPT_TEMPLATE', PROMPT],
    ['UNIVERSE_RULES', UNIVERSE],
    ['SOP_TEMPLATE', SOP_V1],
    ['SOP_TEMPLATE', SOP_V2],
    ['EXPERIMENT', EXPERIMENT],
  ] as const) {
    assert.deepEqual(validateConfig(type, { ...config, extra_key: { nested: [1, 2] } }), { ok: true }, type);
  }
});

test('collections may be left out; required scalars may not', () => {
  const { blocked_regimes, excluded_sectors, sizing, knobs, ...bare } = STRATEGY;
  assert.ok(blocked_regimes && excluded_sectors && sizing && knobs);
  assert.deepEqual(validateConfig('STRATEGY_CONFIG', bare), { ok: true });
  const { entry_threshold, ...noThreshold } = STRATEGY;
  assert.ok(entry_threshold);
  assert.deepEqual(validateConfig('STRATEGY_CONFIG', noThreshold), {
    ok: false,
    error: 'STRATEGY_CONFIG config: entry_threshold: Invalid input: expected number, received undefined',
  });
});

test('bounds are enforced with a one-line error naming the path', () => {
  const cases: [string, unknown, RegExp][] = [
    ['STRATEGY_CONFIG', { ...STRATEGY, entry_threshold: 1.2 }, /^STRATEGY_CONFIG config: entry_threshold: Too big/],
    ['STRATEGY_CONFIG', { ...STRATEGY, holding_period_days: 2.5 }, /holding_period_days: .*expected int/],
    ['STRATEGY_CONFIG', { ...STRATEGY, knobs: { on: true } }, /knobs\.on: expected a number or a string/],
    ['STRATEGY_CONFIG', { ...STRATEGY, max_position_notional: Number.POSITIVE_INFINITY }, /max_position_notional/],
    ['RISK_CONFIG', { ...RISK, max_drawdown_stop: -0.1 }, /max_drawdown_stop: Too small/],
    ['RISK_CONFIG', { ...RISK, override_rules: [RISK.override_rules[0], RISK.override_rules[0]] }, /override_rules: rule_id values must be unique/],
    ['RISK_CONFIG', { ...RISK, override_rules: [{ rule_id: 'x', enabled: 'yes', params: {} }] }, /override_rules\.0\.enabled/],
    ['PROMPT_TEMPLATE', { ...PROMPT, active_template_id: 'assess-v9' }, /active_template_id: active_template_id must be one of available_template_ids/],
    ['PROMPT_TEMPLATE', { ...PROMPT, temperature: 3 }, /temperature: Too big/],
    ['UNIVERSE_RULES', { ...UNIVERSE, profile_filters: { leverage: { min: 3, max: 1 } } }, /profile_filters\.leverage: min must not exceed max/],
    ['UNIVERSE_RULES', { ...UNIVERSE, profile_filters: { leverage: {} } }, /profile_filters\.leverage: a filter needs min, max or in/],
    ['SOP_TEMPLATE', { ...SOP_V1, trigger_severity: 6 }, /trigger_severity: Too big/],
    ['EXPERIMENT', { ...EXPERIMENT, kind: 'LIVE' }, /^EXPERIMENT config: kind:/],
    ['EXPERIMENT', { ...EXPERIMENT, hypothesis: '  ' }, /hypothesis/],
    ['NOT_A_TYPE', {}, /^unknown target type "NOT_A_TYPE"$/],
    ['SOP_TEMPLATE', [1, 2], /^SOP_TEMPLATE config: \(root\):/],
  ];
  for (const [type, config, expected] of cases) {
    const result = validateConfig(type, config);
    assert.equal(result.ok, false, `${type} ${JSON.stringify(config)}`);
    if (!result.ok) {
      assert.match(result.error, expected);
      assert.doesNotMatch(result.error, /\n/);
    }
  }
});
