import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/analysis/findings.js';
import { generateProposals, planProposals } from '../../../src/proposals/generate.js';
import { findLive } from '../../../src/proposals/live-configs.js';
import { parsePolicy } from '../../../src/proposals/policy.js';
import { CTX, diagnostics, finding, liveConfig, liveConfigs, POLICY_DOCUMENT, STRATEGY, testPolicy } from './fixtures.js';

const crisis = finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'momentum', regime_label: 'CRISIS' });
const threshold = finding('LOW_SCORE_LOSES', { strategy_id: 'momentum' }, { extra: { score_threshold: 0.6 } });

test('each draft carries the live version as its snapshot, a diff, evidence and a rationale built from the numbers', () => {
  const live = liveConfigs();
  const [draft] = generateProposals(diagnostics([crisis]), live, testPolicy(), CTX);
  const target = findLive(live, 'STRATEGY_CONFIG', 'momentum');
  assert.deepEqual(draft.current_config_snapshot_json, { config_version_id: target?.config_version_id, version_no: 3, config_json: target?.config_json });
  assert.deepEqual(draft.diff_json, [{ path: 'blocked_regimes', op: 'replace', from: [], to: ['CRISIS'], added: ['CRISIS'], removed: [] }]);
  assert.equal(draft.evidence_json.analysis_run_id, 'run-test');
  assert.equal(draft.evidence_json.tests, 120);
  assert.deepEqual(draft.evidence_json.changed_fields, ['blocked_regimes']);
  assert.equal(draft.proposed_by, 'kronos');
  for (const text of ['Block regime CRISIS for strategy momentum', 'n=400', 'q=0.001', '95 % CI [-0.013, -0.007]', 'Revert restores version 3']) {
    assert.ok(draft.deterministic_rationale_text.includes(text), text);
  }
});

test('a minimum expected gain per week holds back a change worth less, or not priced at all', () => {
  const policy = (minGain: number) =>
    parsePolicy({ ...structuredClone(POLICY_DOCUMENT), targets: { STRATEGY_CONFIG: { min_expected_gain_per_week: minGain } } }, 'test policy');
  // 400 trades over 90 days with 9,000,000 notional: 700,000 per week at −1 %, so about +7,000 per week.
  const priced = { ...crisis, extra: { rest_n: 1200, notional: 9_000_000 } };
  const [draft] = generateProposals(diagnostics([priced]), liveConfigs(), policy(5_000), CTX);
  const money = draft.evidence_json.impact_estimate?.money_per_week ?? 0;
  assert.ok(Math.abs(money - 7_000) < 1, `${money}`);
  assert.equal(draft.auto_applicable, true);
  assert.equal(generateProposals(diagnostics([priced]), liveConfigs(), policy(8_000), CTX)[0].auto_applicable, false);
  assert.equal(generateProposals(diagnostics([crisis]), liveConfigs(), policy(1), CTX)[0].auto_applicable, false, 'no notional: no money estimate');
});

test('generation is deterministic and leaves the live configs untouched', () => {
  const live = liveConfigs();
  const before = structuredClone(live);
  const first = generateProposals(diagnostics([crisis, threshold]), live, testPolicy(), CTX);
  const second = generateProposals(diagnostics([threshold, crisis]), live, testPolicy(), CTX);
  assert.deepEqual(first, second);
  assert.deepEqual(live, before);
  assert.equal(first.length, 2);
});

test('the dedupe key follows the base version; the change key does not', () => {
  const live = liveConfigs();
  const [a] = generateProposals(diagnostics([crisis]), live, testPolicy(), CTX);
  const moved = liveConfigs();
  moved.targets[0] = liveConfig('STRATEGY_CONFIG', 'momentum', { ...STRATEGY, entry_threshold: 0.52 }, 4);
  const [b] = generateProposals(diagnostics([crisis]), moved, testPolicy(), CTX);
  assert.notEqual(a.dedupe_key, b.dedupe_key);
  assert.equal(a.change_key, b.change_key);
  const [c] = generateProposals(diagnostics([{ ...crisis, n: 900 }]), live, testPolicy(), { runId: 'another-run', now: new Date() });
  assert.equal(a.dedupe_key, c.dedupe_key);
});

test('a finding no rule maps to is returned as unmapped; a live config that fails its schema is reported and never edited', () => {
  const unknownKind = { ...crisis, id: 'NEW:1', kind: 'SOMETHING_NEW' } as unknown as Finding;
  const live = liveConfigs();
  live.targets[0] = liveConfig(
    'STRATEGY_CONFIG',
    'momentum',
    { ...STRATEGY, entry_threshold: 7 },
    3,
    'STRATEGY_CONFIG config: entry_threshold: Too big: expected number to be <=1',
  );
  const plan = planProposals(diagnostics([crisis, unknownKind]), live, testPolicy(), CTX);
  assert.deepEqual(plan.drafts, []);
  assert.deepEqual(plan.unmapped, [{ finding_id: 'NEW:1', kind: 'SOMETHING_NEW' }]);
  assert.equal(plan.invalid_live.length, 1);
  assert.equal(plan.invalid_live[0].target_id, 'momentum');
  assert.match(plan.skipped[0].reason, /^the live STRATEGY_CONFIG momentum does not validate, so no proposal edits it: .*entry_threshold/);
});

test('weak or observational evidence is not auto-applicable under the policy minimum', () => {
  const weak = { ...crisis, ci: [-0.03, 0.01] as [number, number] };
  const [draft] = generateProposals(diagnostics([weak]), liveConfigs(), testPolicy(), CTX);
  assert.ok(draft.confidence < 0.9);
  assert.equal(draft.auto_applicable, false);
  const [strong] = generateProposals(diagnostics([crisis]), liveConfigs(), testPolicy(), CTX);
  assert.equal(strong.auto_applicable, true);
});
