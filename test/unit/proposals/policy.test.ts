import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../../src/config.js';
import { TARGET_TYPES } from '../../../src/proposals/target-types.js';
import { DEFAULT_POLICY_FILE, loadPolicy, parsePolicy, policyForTarget } from '../../../src/proposals/policy.js';
import { POLICY_DOCUMENT } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kronos-policy-'));

function writePolicy(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function policyError(document: unknown): string {
  try {
    parsePolicy(document, 'p.json');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail('the policy was accepted');
}

test('the shipped policy file loads, complete for every target type', () => {
  const policy = loadPolicy(DEFAULT_POLICY_FILE);
  for (const type of TARGET_TYPES) {
    const rule = policyForTarget(policy, type);
    assert.equal(typeof rule.min_confidence, 'number');
    assert.ok(rule.approvers.length > 0);
    assert.deepEqual(rule.black_swan, policy.black_swan);
  }
  // Risk limits and emergency procedures are decided by proven names only.
  const signed = TARGET_TYPES.filter((type) => policyForTarget(policy, type).identity === 'signed');
  assert.deepEqual(signed, ['RISK_CONFIG', 'SOP_TEMPLATE']);
});

test('targets override defaults field by field', () => {
  const policy = parsePolicy(POLICY_DOCUMENT);
  assert.equal(policy.targets.UNIVERSE_RULES.auto_apply, false);
  assert.equal(policy.targets.RISK_CONFIG.auto_apply, true);
  assert.equal(policy.targets.RISK_CONFIG.review_window, '72h');
});

test('a bad field is named in a one-line error', () => {
  const withDefault = (patch: Record<string, unknown>) => ({ ...POLICY_DOCUMENT, defaults: { ...POLICY_DOCUMENT.defaults, ...patch } });
  assert.equal(policyError(withDefault({ min_confidence: 1.5 })), 'invalid policy p.json: defaults.min_confidence: Too big: expected number to be <=1');
  assert.match(policyError(withDefault({ review_window: 'three days' })), /^invalid policy p\.json: defaults\.review_window: expected a duration/);
  assert.match(policyError(withDefault({ aprovers: ['x'] })), /^invalid policy p\.json: defaults: Unrecognized key: "aprovers"/);
  assert.match(
    policyError({ ...POLICY_DOCUMENT, targets: { RISK_CONFIG: { require_track_record: { min_verified: -1, min_hit_rate: 0.5 } } } }),
    /^invalid policy p\.json: targets\.RISK_CONFIG\.require_track_record\.min_verified: Too small/,
  );
  assert.match(policyError({ ...POLICY_DOCUMENT, targets: { STRATEGY: {} } }), /^invalid policy p\.json: targets: Unrecognized key: "STRATEGY"$/);
  assert.match(
    policyError({ ...POLICY_DOCUMENT, black_swan: { review_window: '4h', max_auto_apply_severity: 7 } }),
    /black_swan\.max_auto_apply_severity: Too big/,
  );
  const { four_eyes, ...noFourEyes } = POLICY_DOCUMENT.defaults;
  assert.equal(four_eyes, true);
  assert.equal(
    policyError({ ...POLICY_DOCUMENT, defaults: noFourEyes }),
    'invalid policy p.json: targets.STRATEGY_CONFIG.four_eyes is missing (set it there or in defaults)',
  );
});

test('file problems are one-line ConfigErrors naming the file', () => {
  assert.throws(
    () => loadPolicy(path.join(dir, 'absent.json')),
    (err: Error) => err instanceof ConfigError && /^cannot read policy file .*absent\.json: no such file$/.test(err.message),
  );
  const broken = writePolicy('broken.json', '{"defaults": ');
  assert.throws(
    () => loadPolicy(broken),
    (err: Error) => err instanceof ConfigError && /^policy file .*broken\.json is not valid JSON: /.test(err.message),
  );
  const bad = writePolicy('bad.json', JSON.stringify({ ...POLICY_DOCUMENT, guardrails: { ...POLICY_DOCUMENT.guardrails, max_drawdown: 2 } }));
  assert.throws(() => loadPolicy(bad), /^ConfigError: invalid policy .*bad\.json: guardrails\.max_drawdown: Too big/);
});

test('KRONOS_POLICY_FILE selects the file', () => {
  const file = writePolicy('env.json', JSON.stringify({ ...POLICY_DOCUMENT, black_swan: { review_window: '2h', max_auto_apply_severity: 1 } }));
  const before = process.env.KRONOS_POLICY_FILE;
  process.env.KRONOS_POLICY_FILE = file;
  try {
    assert.equal(loadPolicy().black_swan.review_window, '2h');
  } finally {
    if (before === undefined) delete process.env.KRONOS_POLICY_FILE;
    else process.env.KRONOS_POLICY_FILE = before;
  }
});

test('the black-swan watch and the notifications have defaults, and bad values are named', () => {
  const policy = parsePolicy(POLICY_DOCUMENT);
  assert.deepEqual(policy.black_swan_watch, { interval: '1m', interim_min_severity: 4, lookback: '7d' });
  assert.deepEqual(policy.notifications, { review_url: 'http://127.0.0.1:8080/review', webhooks: [] });
  const watching = (watch: Record<string, unknown>) => ({ ...POLICY_DOCUMENT, black_swan: { ...POLICY_DOCUMENT.black_swan, watch } });
  assert.deepEqual(parsePolicy(watching({ interval: '30s', interim_min_severity: 3, lookback: '2d' })).black_swan_watch, {
    interval: '30s',
    interim_min_severity: 3,
    lookback: '2d',
  });
  assert.match(
    policyError(watching({ interval: '500ms', interim_min_severity: 4, lookback: '7d' })),
    /black_swan\.watch\.interval: the watch interval must be at least 1s$/,
  );
  assert.match(policyError(watching({ interval: '1m', interim_min_severity: 6, lookback: '7d' })), /black_swan\.watch\.interim_min_severity: Too big/);
  const notifying = (webhook: Record<string, unknown>) => ({
    ...POLICY_DOCUMENT,
    notifications: { review_url: 'https://kronos.example/review', webhooks: [webhook] },
  });
  assert.match(
    policyError(notifying({ url: 'https://hooks.example/x', format: 'teams', events: ['proposal.created'] })),
    /notifications\.webhooks\.0\.format: Invalid option/,
  );
  assert.match(
    policyError(notifying({ url: 'https://hooks.example/x', format: 'json', events: ['proposal.made'] })),
    /notifications\.webhooks\.0\.events\.0: Invalid option/,
  );
  assert.match(policyError(notifying({ url: 'not a url', format: 'json', events: ['proposal.created'] })), /notifications\.webhooks\.0\.url: Invalid URL/);
});
