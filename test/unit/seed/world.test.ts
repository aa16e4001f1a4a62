import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../../../src/proposals/config-schemas.js';
import { AS_OF, DAY_MS, REGIME_DAYS, Sessions, WINDOW_DAYS, daysBeforeAsOf } from '../../../src/seed/calendar.js';
import { PLANTED } from '../../../src/seed/scenarios.js';
import { buildWorld } from '../../../src/seed/world/build-world.js';
import { configVersionId } from '../../../src/seed/world/configs.js';
import { REGIME_LABELS, periodEnd } from '../../../src/seed/world/regimes.js';
import { STRATEGIES } from '../../../src/seed/world/strategies.js';

const worlds = [1, 2, 3].map((seed) => buildWorld(seed, new Set(['sop_regression'])));

test('regime periods are contiguous from the start of the history, days to weeks long, the last one open', () => {
  for (const world of worlds) {
    const { regimes } = world;
    assert.equal(regimes[0].start, daysBeforeAsOf(REGIME_DAYS));
    assert.equal(regimes[regimes.length - 1].end, null);
    for (let i = 1; i < regimes.length; i++) {
      assert.equal(regimes[i - 1].end, regimes[i].start);
      assert.notEqual(regimes[i - 1].label, regimes[i].label, 'neighbours differ');
    }
    for (const period of regimes) assert.ok((periodEnd(period) - period.start) / DAY_MS >= 3);
  }
});

test('every regime label takes a fair share of the analysis window', () => {
  const windowStart = daysBeforeAsOf(WINDOW_DAYS);
  for (const world of worlds) {
    for (const label of REGIME_LABELS) {
      const days = world.regimes
        .filter((r) => r.label === label)
        .reduce((sum, r) => sum + Math.max(0, periodEnd(r) - Math.max(r.start, windowStart)) / DAY_MS, 0);
      assert.ok(days >= 5, `${label}: ${days} days in the window`);
    }
  }
});

test('every config version follows the config schema of its target type', () => {
  for (const world of worlds) {
    const types = new Set(world.configs.versions.map((v) => v.target_type));
    assert.deepEqual([...types].sort(), ['EXPERIMENT', 'PROMPT_TEMPLATE', 'RISK_CONFIG', 'SOP_TEMPLATE', 'STRATEGY_CONFIG', 'UNIVERSE_RULES']);
    for (const version of world.configs.versions) {
      assert.deepEqual(validateConfig(version.target_type, version.config_json), { ok: true }, version.config_version_id);
    }
  }
});

test('each strategy config version changes exactly one knob', () => {
  for (const world of worlds) {
    for (const strategy of STRATEGIES) {
      const versions = world.configs.strategy
        .get(strategy.id)!
        .entries()
        .map((e) => e.value.config_json.knobs as Record<string, unknown>);
      assert.ok(versions.length >= 3, `${strategy.id} has ${versions.length} versions`);
      for (let i = 1; i < versions.length; i++) {
        const changed = Object.keys(versions[i]).filter((k) => versions[i][k] !== versions[i - 1][k]);
        assert.equal(changed.length, 1, `${strategy.id} v${i + 1} changed ${changed.join(', ')}`);
      }
    }
  }
});

test('the rotated knobs spend equal trading time on each combination within every regime period', () => {
  const { strategyId, knob, inertKnob } = PLANTED.knob;
  for (const world of worlds) {
    const timeline = world.configs.strategy.get(strategyId)!;
    for (const period of world.regimes.filter((r) => r.start >= daysBeforeAsOf(WINDOW_DAYS))) {
      const sessions = new Sessions(period.start, periodEnd(period));
      const time = new Map<string, number>();
      const steps = 400;
      for (let i = 0; i < steps; i++) {
        const knobs = timeline.at(sessions.at((i + 0.5) / steps)).config_json.knobs as Record<string, unknown>;
        const key = `${knobs[knob]}/${knobs[inertKnob]}`;
        time.set(key, (time.get(key) ?? 0) + 1 / steps);
      }
      assert.equal(time.size, 4, `${period.regime_id}: ${[...time.keys()].join(' ')}`);
      for (const share of time.values()) assert.ok(Math.abs(share - 0.25) < 0.01, `${period.regime_id}: share ${share}`);
    }
  }
});

test('the planted SOP version goes live between crash events inside the window, and each event triggers per strategy', () => {
  const { templateId, versionNo } = PLANTED.sop;
  for (const world of worlds) {
    const version = world.configs.sop.get(templateId)!.at(AS_OF);
    assert.equal(version.config_version_id, configVersionId('SOP_TEMPLATE', templateId, versionNo));
    assert.ok(version.created_at > daysBeforeAsOf(WINDOW_DAYS));
    const byVersion = new Map<string, number>();
    for (const x of world.executions.filter((e) => e.sop_template_id === templateId && e.triggered_at >= daysBeforeAsOf(WINDOW_DAYS))) {
      byVersion.set(x.sop_version_id, (byVersion.get(x.sop_version_id) ?? 0) + 1);
    }
    assert.deepEqual([...byVersion.values()].sort(), [3 * STRATEGIES.length, 3 * STRATEGIES.length]);
    for (const event of world.events) {
      const executions = world.executions.filter((x) => x.event_id === event.event_id);
      assert.equal(executions.length, event.severity === 1 ? 0 : STRATEGIES.length, event.event_id);
    }
  }
});

test('the world depends on the seed only, except where an effect is planted in it', () => {
  const plain = buildWorld(9, new Set());
  const again = buildWorld(9, new Set());
  const planted = buildWorld(9, new Set(['sop_regression']));
  assert.deepEqual(JSON.stringify(plain.regimes), JSON.stringify(again.regimes));
  assert.deepEqual(JSON.stringify(plain.executions), JSON.stringify(again.executions));
  assert.deepEqual(JSON.stringify(plain.regimes), JSON.stringify(planted.regimes));
  assert.notDeepEqual(JSON.stringify(plain.executions), JSON.stringify(planted.executions));
  assert.notDeepEqual(JSON.stringify(plain.regimes), JSON.stringify(buildWorld(10, new Set()).regimes));
});
