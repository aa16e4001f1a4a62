import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  configOverrides,
  type EpisodeOutcome,
  knobOverrides,
  outcomesByConfig,
  similarConditionsSection,
  type StrategyNeighbours,
} from '../../../../src/analysis/diagnostics/similar-conditions.js';

const LIVE = { entry_threshold: 0.6, knobs: { zscore_entry: 1.5, lookback_days: 20 }, sizing: { lambda_enabled: true, lambda: 0.3 } };
const CALM = { ...LIVE, knobs: { zscore_entry: 2.5, lookback_days: 20 } };

function episode(i: number, key: 'live' | 'calm', mean: number): EpisodeOutcome {
  return {
    episode_id: `e${i}`,
    strategy_id: 'stat_arb',
    config_version_id: key === 'live' ? 'v9' : 'v4',
    config_key: key,
    regime_label: 'SIDEWAYS',
    period_start: `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
    n: 8,
    mean_return: mean,
    se_mean_return: 0.003,
    sharpe: 0.2,
    hit_rate: 0.55,
    se_sharpe: 0.2,
    se_hit_rate: 0.17,
    max_drawdown: -0.02,
    distance: i / 10,
  };
}

function strategy(episodes: EpisodeOutcome[]): StrategyNeighbours {
  return {
    strategy_id: 'stat_arb',
    live_config_version_id: 'v9',
    live_config_key: 'live',
    now: { episode_id: 'now', period_start: '2026-06-22T00:00:00Z', regime_label: 'SIDEWAYS' },
    neighbours: episodes,
    configs: { live: { config_json: LIVE, config_version_ids: ['v9', 'v5'] }, calm: { config_json: CALM, config_version_ids: ['v8', 'v4'] } },
    siblings: [],
  };
}

/** Ten episodes a side, the calm config `gap` better, with a spread of ±0.002 around each side's mean. */
function sides(gap: number): EpisodeOutcome[] {
  return Array.from({ length: 20 }, (_, i) =>
    i % 2 === 0 ? episode(i, 'calm', 0.001 + gap + ((i % 4) - 1) * 0.002) : episode(i, 'live', 0.001 + ((i % 4) - 2) * 0.002),
  );
}

test('outcomes by config: mean of the episodes, the newest version of the config, best first', () => {
  const [best, live] = outcomesByConfig(strategy(sides(0.004)).neighbours, strategy([]).configs);
  assert.equal(best.config_key, 'calm');
  assert.equal(best.config_version_id, 'v8');
  assert.equal(best.episodes, 10);
  assert.equal(best.trades, 80);
  assert.ok(best.mean_return > live.mean_return);
  assert.equal(best.nearest_distance, 0);
});

test('config overrides: only the values that differ, within knobs and sizing too', () => {
  assert.deepEqual(configOverrides(CALM, LIVE), { knobs: { zscore_entry: 2.5 } });
  assert.deepEqual(configOverrides({ ...LIVE, sizing: { lambda_enabled: false, lambda: 0.3 } }, LIVE), { sizing: { lambda_enabled: false } });
  assert.deepEqual(configOverrides(LIVE, LIVE), {});
  assert.deepEqual(configOverrides(null, LIVE), {});
});

test('a config clearly better among the neighbours is a tested cell with a small p; no difference gives a large one', () => {
  const [better] = similarConditionsSection({ k: 20, strategies: [strategy(sides(0.006))] });
  assert.equal(better.kind, 'CONFIG_BETTER_IN_SIMILAR_CONDITIONS');
  assert.equal(better.status, 'tested');
  assert.deepEqual(better.subject, { strategy_id: 'stat_arb', config_version_id: 'v8' });
  assert.ok((better.p as number) < 0.001, `p ${better.p}`);
  assert.ok(better.effect > 0 && better.ci[0] > 0);
  assert.equal(better.extra.config_overrides, JSON.stringify({ knobs: { zscore_entry: 2.5 } }));
  assert.match(String(better.extra.neighbours), /e0 \(distance 0\.000, SIDEWAYS, mean/);
  assert.match(String(better.extra.live_neighbours), /e1 \(distance 0\.100/);
  const [same] = similarConditionsSection({ k: 20, strategies: [strategy(sides(-0.001))] });
  assert.ok((same.p as number) > 0.5, `p ${same.p}`);
});

test('too few neighbour episodes on a side is insufficient, never a test', () => {
  const few = sides(0.01).filter((e, i) => e.config_key === 'live' || i < 6);
  const [cell] = similarConditionsSection({ k: 20, strategies: [strategy(few)] });
  assert.equal(cell.status, 'insufficient');
  assert.equal(cell.p, null);
  assert.match(cell.reason ?? '', /fewer than 5 neighbour episodes/);
  assert.deepEqual(similarConditionsSection(undefined), []);
});

test('knob overrides from a sibling: the whole change its comparison measured, or nothing', () => {
  const siblingLive = { knobs: { zscore_entry: 1.0, lookback_days: 20, hedge: 'none' } };
  assert.deepEqual(knobOverrides({ knobs: { zscore_entry: 2.5, lookback_days: 20, hedge: 'none' } }, siblingLive, LIVE), { knobs: { zscore_entry: 2.5 } });
  assert.deepEqual(
    knobOverrides({ knobs: { zscore_entry: 2.5, lookback_days: 60, hedge: 'none' } }, siblingLive, { knobs: { zscore_entry: 1.5, lookback_days: 60 } }),
    {},
    'the strategy already runs lookback_days 60: setting zscore_entry alone would try part of the change',
  );
  assert.deepEqual(knobOverrides({ knobs: { zscore_entry: 1.0, lookback_days: 20, hedge: 'beta' } }, siblingLive, LIVE), {}, 'a knob the strategy lacks');
  assert.deepEqual(
    knobOverrides({ knobs: { ...siblingLive.knobs, zscore_entry: 2.5 }, entry_threshold: 0.9 }, siblingLive, LIVE),
    {},
    'entry_threshold changed too',
  );
  assert.deepEqual(knobOverrides(null, siblingLive, LIVE), {});
});

test("a sibling's config that beat the sibling's own live one is a transfer cell for the strategy; one it already runs is not tested", () => {
  // The sibling's live config has the strategy's knob values; its better config has zscore_entry 2.5.
  const siblingConfigs = {
    live: { config_json: { knobs: { zscore_entry: 1.5, lookback_days: 20 } }, config_version_ids: ['s-v3'] },
    calm: { config_json: { knobs: { zscore_entry: 2.5, lookback_days: 20 } }, config_version_ids: ['s-v2'] },
  };
  const sibling = { strategy_id: 'pairs', live_config_version_id: 's-v3', live_config_key: 'live', neighbours: sides(0.006), configs: siblingConfigs };
  const own = strategy([]);
  const cells = similarConditionsSection({ k: 20, strategies: [{ ...own, siblings: [sibling] }] });
  assert.equal(cells.length, 1);
  const [transfer] = cells;
  assert.deepEqual(transfer.subject, { strategy_id: 'stat_arb', sibling_strategy_id: 'pairs', config_version_id: 's-v2' });
  assert.equal(transfer.status, 'tested');
  assert.ok((transfer.p as number) < 0.001);
  assert.equal(transfer.extra.config_overrides, JSON.stringify({ knobs: { zscore_entry: 2.5 } }));
  assert.equal(transfer.extra.live_config_version_id, 's-v3', "the baseline is the sibling's own live config");
  const alreadyRun = { ...sibling, configs: { ...siblingConfigs, calm: { config_json: LIVE, config_version_ids: ['s-v2'] } } };
  assert.deepEqual(similarConditionsSection({ k: 20, strategies: [{ ...own, siblings: [alreadyRun] }] }), []);
});
