import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../../../src/proposals/config-schemas.js';
import { Random } from '../../../src/seed/random.js';
import { EFFECT_NAMES } from '../../../src/seed/scenarios.js';
import { TABLES } from '../../../src/seed/tables.js';
import { liveRows, worldTables } from '../../../src/seed/varied/varied-rows.js';
import { variedWorld } from '../../../src/seed/varied/varied-world.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const build = (seed: number) => variedWorld(seed, new Set(EFFECT_NAMES), (label) => Random.stream(seed, 'varied', label));
const worlds = SEEDS.map(build);

test('names, counts and the as-of hour are drawn per seed, and the same seed draws the same world', () => {
  assert.ok(new Set(worlds.map((w) => w.names.strategies.join())).size >= 6);
  assert.ok(new Set(worlds.map((w) => w.names.regimeLabels.join())).size >= 4);
  assert.ok(new Set(worlds.map((w) => w.names.sectors.join())).size >= 3);
  assert.ok(new Set(worlds.map((w) => w.strategies.length)).size >= 2);
  assert.deepEqual(build(3).names, worlds[2].names);
  assert.equal(build(3).asOf, worlds[2].asOf);
});

test('sleeve layouts: disjoint sleeves share no instrument, overlapping ones do, and the live-below-backtest strategy has overlapping or no sleeves', () => {
  const layouts = new Set(worlds.flatMap((w) => w.strategies.map((s) => s.layout)));
  assert.deepEqual([...layouts].sort(), ['disjoint', 'no_backtest', 'overlapping', 'sleeveless']);
  for (const world of worlds) {
    for (const s of world.strategies) {
      const shared = s.sleeves.length < 2 ? 0 : [...s.sleeves[0].instruments].filter((i) => s.sleeves[1].instruments.has(i)).length;
      if (s.layout === 'disjoint') assert.equal(shared, 0, s.id);
      if (s.layout === 'overlapping') assert.ok(shared > 0, s.id);
      if (s.layout === 'sleeveless' || s.layout === 'no_backtest') assert.equal(s.sleeves.length, 0);
    }
    const planted = world.strategies.find((s) => s.id === world.plants.liveBelowBacktest.strategy)!;
    assert.ok(planted.layout === 'overlapping' || planted.layout === 'sleeveless');
  }
});

test('every config version satisfies the data contract, and strategy versions change several keys, one knob re-tuned at each', () => {
  for (const world of worlds) {
    const versions = worldTables(world, Random.stream(world.seed, 'tables')).find(([t]) => t === TABLES.config_versions)![1];
    for (const row of versions) assert.deepEqual(validateConfig(String(row[1]), row[4]), { ok: true }, String(row[0]));
    for (const s of world.strategies) {
      const knobs = s.versions.entries().map((e) => e.value.config_json.knobs as Record<string, number>);
      const retuned = Object.keys(knobs[0]).filter((k) => knobs.every((v, i) => i === 0 || v[k] !== knobs[i - 1][k]));
      assert.ok(retuned.length >= 1, `${s.id}: a knob changes at every version`);
    }
  }
});

test('returns share a daily market move: same-day trades of different strategies correlate', () => {
  const world = worlds[0];
  const rows = [...liveRows(world, Random.stream(1, 'live'), { trades: 6000, decisions: 15000 }, 100_000)]
    .filter(([t]) => t === TABLES.trades)
    .flatMap(([, r]) => r);
  const byDay = new Map<string, number[]>();
  for (const row of rows) {
    const key = new Date(row[6] as number).toISOString().slice(0, 10);
    const signed = (row[13] as number) * (row[5] === 'LONG' ? 1 : -1);
    byDay.set(key, [...(byDay.get(key) ?? []), signed]);
  }
  const dayMeans = [...byDay.values()].filter((xs) => xs.length >= 10).map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
  const mean = dayMeans.reduce((a, b) => a + b, 0) / dayMeans.length;
  const spread = Math.sqrt(dayMeans.reduce((a, b) => a + (b - mean) ** 2, 0) / (dayMeans.length - 1));
  // Without a shared move, a day mean of ~30 trades with σ ≈ 1.2–2.5 % would spread by about 0.3 %.
  assert.ok(spread > 0.004, `day means spread by ${spread}`);
});
