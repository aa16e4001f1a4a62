import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffConfigs } from '../../../src/proposals/diff.js';
import { evaluateGuardrails, largestRelativeChange, riskIncreases } from '../../../src/proposals/guardrails.js';
import { RISK, SOP_V1, STRATEGY } from './fixtures.js';

const limits = { max_expected_shortfall: 0.05, max_drawdown: 0.25, max_gross_exposure: 50_000_000, max_strategy_budget_notional: 10_000_000 };
const calm = { momentum: { expected_shortfall: 0.02, max_drawdown: 0.1 } };
const stressed = { momentum: { expected_shortfall: 0.08, max_drawdown: 0.1 } };
const disableRule = diffConfigs(RISK, { ...RISK, override_rules: RISK.override_rules.map((r) => ({ ...r, enabled: false })) });

test('which moves add risk', () => {
  assert.deepEqual(riskIncreases('STRATEGY_CONFIG', diffConfigs(STRATEGY, { ...STRATEGY, blocked_regimes: ['CRISIS'] })), []);
  assert.deepEqual(riskIncreases('STRATEGY_CONFIG', diffConfigs({ ...STRATEGY, blocked_regimes: ['CRISIS'] }, STRATEGY)), ['blocked_regimes: removed']);
  assert.deepEqual(riskIncreases('STRATEGY_CONFIG', diffConfigs(STRATEGY, { ...STRATEGY, entry_threshold: 0.4 })), ['entry_threshold: down']);
  assert.equal(riskIncreases('RISK_CONFIG', disableRule).length, 2);
  assert.deepEqual(riskIncreases('RISK_CONFIG', diffConfigs(RISK, { ...RISK, strategy_budget_notional: 4_000_000 })), []);
  assert.deepEqual(riskIncreases('SOP_TEMPLATE', diffConfigs(SOP_V1, { ...SOP_V1, hedge: false })), ['hedge: disabled']);
  assert.deepEqual(riskIncreases('PROMPT_TEMPLATE', [{ path: 'active_template_id', op: 'replace', from: 'a', to: 'b' }]), []);
});

test('a rule removed while Expected Shortfall is beyond its limit needs a person; within limits it passes', () => {
  const input = { targetType: 'RISK_CONFIG' as const, diff: disableRule, strategies: ['momentum'], limits, maxChangeMagnitude: 0.25 };
  const blocked = evaluateGuardrails({ ...input, risk: stressed });
  assert.equal(blocked.pass, false);
  assert.match(blocked.checks.find((c) => c.name === 'tail_risk')?.detail ?? '', /Expected Shortfall 0\.0800 is beyond 0\.05/);
  assert.equal(evaluateGuardrails({ ...input, risk: calm }).pass, true);
  const unknown = evaluateGuardrails({ ...input, risk: {} });
  assert.equal(unknown.pass, false);
  assert.match(unknown.checks[2].detail, /Expected Shortfall unknown/);
});

test('a change that reduces risk passes the tail check even when ES is beyond its limit', () => {
  const diff = diffConfigs(RISK, { ...RISK, strategy_budget_notional: 4_000_000 });
  assert.equal(evaluateGuardrails({ targetType: 'RISK_CONFIG', diff, strategies: ['momentum'], risk: stressed, limits, maxChangeMagnitude: 0.25 }).pass, true);
});

test('magnitude and ceilings', () => {
  assert.equal(largestRelativeChange(diffConfigs(STRATEGY, { ...STRATEGY, entry_threshold: 0.6 })), 0.19999999999999996);
  const big = diffConfigs(RISK, { ...RISK, strategy_budget_notional: 2_000_000 });
  const report = evaluateGuardrails({ targetType: 'RISK_CONFIG', diff: big, strategies: ['momentum'], risk: calm, limits, maxChangeMagnitude: 0.25 });
  assert.equal(report.checks[0].pass, false);
  const raise = diffConfigs(RISK, { ...RISK, strategy_budget_notional: 12_000_000 });
  const ceiling = evaluateGuardrails({ targetType: 'RISK_CONFIG', diff: raise, strategies: ['momentum'], risk: calm, limits, maxChangeMagnitude: 10 });
  assert.equal(ceiling.pass, false);
  assert.match(ceiling.checks[1].detail, /strategy_budget_notional 12000000 exceeds the ceiling 10000000/);
});
