import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FINDING_KINDS, type Provenance } from '../../../src/analysis/findings.js';
import { groundTruth } from '../../../src/seed/planted-cells.js';
import { ReturnModel, type TradeContext } from '../../../src/seed/return-model.js';
import { EFFECT_NAMES, PLANTED, SCENARIO_NAMES, parseScenario, parseWorld, plantedEffectsOf } from '../../../src/seed/scenarios.js';
import { SeedError } from '../../../src/seed/seed-error.js';
import { STRATEGIES, strategyById } from '../../../src/seed/world/strategies.js';
import { REGIME_LABELS } from '../../../src/seed/world/regimes.js';

const truthOf = (scenario: (typeof SCENARIO_NAMES)[number]) =>
  groundTruth({ scenario, seed: 1, effects: plantedEffectsOf(scenario), trades: 3000, decisions: 10000, latestBacktestRunId: (s) => `bt-${s}-latest` });

test('an unknown scenario is refused in one line that lists the valid ones', () => {
  assert.equal(parseScenario('demo'), 'demo');
  assert.throws(
    () => parseScenario('regime-loss'),
    (err: unknown) => {
      assert.ok(err instanceof SeedError);
      assert.equal(err.message.split('\n').length, 1);
      for (const name of SCENARIO_NAMES) assert.ok(err.message.includes(name));
      return true;
    },
  );
});

test('each single-effect scenario plants exactly its effect; demo all of them; null none', () => {
  for (const effect of EFFECT_NAMES) assert.deepEqual([...plantedEffectsOf(effect)], [effect]);
  assert.deepEqual([...plantedEffectsOf('demo')].sort(), [...EFFECT_NAMES].sort());
  assert.equal(plantedEffectsOf('null').size, 0);
});

test('the ground truth names each planted cell by the finding subject keys, with its metric and size', () => {
  const demo = truthOf('demo');
  assert.equal(demo.effects.length, EFFECT_NAMES.length);
  for (const effect of demo.effects) {
    assert.ok((FINDING_KINDS as readonly string[]).includes(effect.kind));
    assert.ok(effect.metric.length > 0 && Number.isFinite(effect.size) && effect.size !== 0, effect.kind);
  }
  const byKind = Object.fromEntries(demo.effects.map((e) => [e.kind, e]));
  assert.deepEqual(byKind.STRATEGY_LOSES_IN_REGIME.subject, { strategy_id: 'momentum', regime_label: 'SIDEWAYS' });
  assert.equal(byKind.STRATEGY_LOSES_IN_REGIME.size, PLANTED.regimeLoss.meanReturn);
  assert.deepEqual(byKind.LIVE_BELOW_BACKTEST.subject, { strategy_id: 'mean_reversion' });
  assert.equal(byKind.LIVE_BELOW_BACKTEST.extra?.backtest_run_id, 'bt-mean_reversion-latest');
  assert.deepEqual(byKind.OVERRIDE_RULE_DESTROYS_VALUE.subject, { rule_id: 'earnings_blackout', strategy_id: 'event_driven' });
  assert.deepEqual(byKind.PROMPT_TEMPLATE_ERRORS.subject, { prompt_template_id: 'assessment-v7' });
  assert.equal(byKind.PROMPT_TEMPLATE_ERRORS.size, 0.22);
  assert.deepEqual(byKind.KNOB_MATTERS.subject, { strategy_id: 'stat_arb', knob: 'lookback_days' });
  assert.deepEqual(byKind.SOP_VERSION_WORSE.subject, { sop_template_id: 'market_crash_sop', sop_version_id: 'sop-market_crash_sop-v3' });
  assert.equal(byKind.SOP_VERSION_WORSE.extra?.previous_version_id, 'sop-market_crash_sop-v2');
  assert.equal(demo.as_of, '2026-06-29T00:00:00.000Z');
  assert.equal(demo.window_days, 90);
});

test('cells not planted are listed as null cells, and the inert knob always is', () => {
  const inert = { strategy_id: 'stat_arb', knob: 'zscore_entry' };
  assert.deepEqual(
    truthOf('demo').null_cells.map((c) => c.subject),
    [inert],
  );
  const nullTruth = truthOf('null');
  assert.equal(nullTruth.effects.length, 0);
  assert.equal(nullTruth.null_cells.length, EFFECT_NAMES.length + 1);
  assert.ok(nullTruth.null_cells.every((c) => c.size === 0));
  const regimeLoss = truthOf('regime_loss');
  assert.equal(regimeLoss.effects.length, 1);
  assert.equal(regimeLoss.null_cells.length, EFFECT_NAMES.length);
  assert.ok(!regimeLoss.null_cells.some((c) => c.kind === 'STRATEGY_LOSES_IN_REGIME'));
});

test('without a planted effect every strategy has one mean return in every regime, live and backtest alike', () => {
  const model = new ReturnModel(new Set());
  for (const strategy of STRATEGIES) {
    for (const regime of REGIME_LABELS) {
      for (const provenance of ['LIVE', 'BACKTEST'] as const) {
        for (const lookback of [20, 60]) {
          const context: TradeContext = { strategy, regime, knobs: { lookback_days: lookback }, provenance };
          assert.equal(model.meanReturn(context), strategy.meanReturn);
        }
      }
    }
  }
});

test('each planted effect moves the mean of its own cell only', () => {
  const { regimeLoss, liveBelowBacktest, knob } = PLANTED;
  const model = new ReturnModel(new Set(EFFECT_NAMES));
  const momentum = strategyById(regimeLoss.strategyId);
  const at = (strategy: typeof momentum, regime: (typeof REGIME_LABELS)[number], provenance: Provenance, knobs = {}) =>
    model.meanReturn({ strategy, regime, knobs, provenance });
  assert.equal(at(momentum, 'SIDEWAYS', 'LIVE'), regimeLoss.meanReturn);
  assert.equal(at(momentum, 'LOW_VOL_BULL', 'LIVE'), momentum.meanReturn);
  const meanReversion = strategyById(liveBelowBacktest.strategyId);
  assert.equal(at(meanReversion, 'CRISIS', 'LIVE'), liveBelowBacktest.liveMeanReturn);
  assert.equal(at(meanReversion, 'CRISIS', 'BACKTEST'), liveBelowBacktest.backtestMeanReturn);
  const statArb = strategyById(knob.strategyId);
  assert.equal(at(statArb, 'SIDEWAYS', 'LIVE', { lookback_days: 60, zscore_entry: 1.5 }), knob.meanByValue['60']);
  assert.equal(at(statArb, 'SIDEWAYS', 'LIVE', { lookback_days: 60, zscore_entry: 2.5 }), knob.meanByValue['60']);
  assert.equal(at(statArb, 'SIDEWAYS', 'LIVE', { lookback_days: 20, zscore_entry: 2.5 }), knob.meanByValue['20']);
  assert.equal(at(strategyById('trend_following'), 'SIDEWAYS', 'LIVE'), strategyById('trend_following').meanReturn);
});

test('a world kind is standard or varied; any other name is refused in one line naming both', () => {
  assert.equal(parseWorld('varied'), 'varied');
  assert.throws(
    () => parseWorld('Varied'),
    (e: unknown) => e instanceof SeedError && e.message === 'unknown world "Varied": use one of standard, varied',
  );
});
