import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, changedFields, diffConfigs } from '../../../src/proposals/diff.js';
import { RISK, STRATEGY } from './fixtures.js';

test('a list of labels diffs as one entry with the items added and removed', () => {
  const diff = diffConfigs(STRATEGY, { ...STRATEGY, blocked_regimes: ['CRISIS'] });
  assert.deepEqual(diff, [{ path: 'blocked_regimes', op: 'replace', from: [], to: ['CRISIS'], added: ['CRISIS'], removed: [] }]);
  assert.deepEqual(changedFields(diff), ['blocked_regimes']);
});

test('nested objects diff by path; override rules by rule_id', () => {
  const rules = RISK.override_rules.map((r) => (r.rule_id === 'vol_spike_block' ? { ...r, enabled: false } : r));
  const diff = diffConfigs(RISK, { ...RISK, override_rules: rules, new_key: 1 });
  assert.deepEqual(diff, [
    { path: 'new_key', op: 'add', to: 1 },
    { path: 'override_rules[rule_id=vol_spike_block].enabled', op: 'replace', from: true, to: false },
  ]);
  assert.deepEqual(changedFields(diff), ['new_key', 'override_rules']);
  assert.deepEqual(diffConfigs({ sizing: { lambda: 0.5 } }, { sizing: { lambda: 0.4 } }), [{ path: 'sizing.lambda', op: 'replace', from: 0.5, to: 0.4 }]);
  assert.deepEqual(diffConfigs({ a: 1, b: 2 }, { a: 1 }), [{ path: 'b', op: 'remove', from: 2 }]);
});

test('equal configs have no diff, whatever the key order', () => {
  assert.deepEqual(diffConfigs({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }), []);
  assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
});
