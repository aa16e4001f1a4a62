import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedDirections, configChanges, configOf } from '../../../src/llm/config-changes.js';

test('numbers increase or decrease, booleans enable or disable, strings are replaced', () => {
  assert.deepEqual(
    configChanges(
      { entry_threshold: 0.55, max_drawdown_stop: 0.2, sizing: { lambda_enabled: false, lambda: 0.5 }, active_template_id: 'tmpl-3' },
      { entry_threshold: 0.6, max_drawdown_stop: 0.15, sizing: { lambda_enabled: true, lambda: 0.5 }, active_template_id: 'tmpl-2' },
    ),
    [
      { path: 'active_template_id', from: 'tmpl-3', to: 'tmpl-2', direction: 'replace' },
      { path: 'entry_threshold', from: 0.55, to: 0.6, direction: 'increase' },
      { path: 'max_drawdown_stop', from: 0.2, to: 0.15, direction: 'decrease' },
      { path: 'sizing.lambda_enabled', from: false, to: true, direction: 'enable' },
    ],
  );
});

test('lists of labels change by membership; override rules by rule id, as in the diff on the page', () => {
  const rules = [
    { rule_id: 'max-vol', enabled: true, params: { limit: 0.4 } },
    { rule_id: 'sector-cap', enabled: true, params: { limit: 0.25 } },
  ];
  assert.deepEqual(
    configChanges(
      { blocked_regimes: [], excluded_sectors: ['Energy', 'Utilities'], universe: ['A', 'B'], override_rules: rules },
      {
        blocked_regimes: ['CRISIS'],
        excluded_sectors: ['Energy'],
        universe: ['A', 'C'],
        override_rules: [rules[0], { ...rules[1], enabled: false }],
      },
    ),
    [
      { path: 'blocked_regimes', from: [], to: ['CRISIS'], direction: 'add' },
      { path: 'excluded_sectors', from: ['Energy', 'Utilities'], to: ['Energy'], direction: 'remove' },
      { path: 'override_rules[rule_id=sector-cap].enabled', from: true, to: false, direction: 'disable' },
      { path: 'universe', from: ['A', 'B'], to: ['A', 'C'], direction: 'replace' },
    ],
  );
});

test('keys that appear are added, keys that go are removed, equal configs have no change', () => {
  assert.deepEqual(
    configChanges({ config_version_id: 'cv-1', config_json: { a: 1 } }, { a: 2 }),
    [{ path: 'a', from: 1, to: 2, direction: 'increase' }],
    'the live config inside its snapshot',
  );
  assert.deepEqual(configChanges({ a: 1 }, { a: 1, hedge: { ratio: 0.5 } }), [{ path: 'hedge', from: null, to: { ratio: 0.5 }, direction: 'add' }]);
  assert.deepEqual(configChanges({ a: 1, old: 'x' }, { a: 1 }), [{ path: 'old', from: 'x', to: null, direction: 'remove' }]);
  assert.deepEqual(configChanges({ a: [1, 2], b: { c: 'd' } }, { b: { c: 'd' }, a: [1, 2] }), []);
});

test('the config inside a snapshot is found beside its version id', () => {
  assert.deepEqual(configOf({ config_version_id: 'cv-1', config_json: { a: 1 } }), { a: 1 });
  assert.deepEqual(configOf({ config_version_id: null, version_no: 0, config_json: null }), {}, 'a target that does not exist yet');
  assert.deepEqual(configOf({ a: 1 }), { a: 1 });
});

test('an EXPERIMENT may also be explained as an experiment', () => {
  const changes = configChanges({}, { kind: 'BACKTEST', period_days: 90 });
  assert.deepEqual([...allowedDirections('EXPERIMENT', changes)].sort(), ['add', 'experiment']);
  assert.deepEqual([...allowedDirections('STRATEGY_CONFIG', changes)], ['add']);
});
