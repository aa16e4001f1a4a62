/** The flip rate: consecutive decisions on the same strategy and instrument within the horizon, and how many changed action. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveWindow } from '../../../src/analysis/window.js';
import { decisionFlips } from '../../../src/db/queries/decision-flips.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const window = resolveWindow({ asOf: new Date('2026-06-29T00:00:00Z'), windowDays: 10 });
const hour = (h: number) => new Date(Date.parse(window.start) + h * 3_600_000);
let database: TestDatabase;

function decision(id: string, strategy: string, instrument: string, at: number, action: string) {
  return {
    decision_id: id,
    decided_at: hour(at),
    strategy_id: strategy,
    instrument_id: instrument,
    sector: null,
    regime_id: null,
    universe_id: null,
    profile_version_id: null,
    strategy_config_version_id: null,
    risk_config_version_id: null,
    prompt_template_id: null,
    agent_graph_version: null,
    assessment_action: action,
    assessment_score: 0.5,
    assessment_error: null,
    risk_action: 'APPROVED',
    risk_override: false,
    risk_reason: null,
    proposed_notional: 1,
    approved_notional: 1,
    forward_return: 0,
    trade_id: null,
  };
}

before(async () => {
  database = await createTestDatabase('kronos_decision_flips');
  await database.db
    .insertInto('pipeline_decisions')
    .values([
      decision('a1', 'alpha', 'x', 1, 'ENTER_LONG'),
      decision('a2', 'alpha', 'x', 3, 'ENTER_SHORT'), // flip
      decision('a3', 'alpha', 'x', 5, 'ENTER_SHORT'), // same action
      decision('a4', 'alpha', 'x', 40, 'ENTER_LONG'), // 35 h later: beyond the horizon, not a pair
      decision('b1', 'alpha', 'y', 2, 'ENTER_LONG'), // another instrument: its own sequence
      decision('b2', 'alpha', 'y', 4, 'HOLD'), // flip
      decision('c1', 'beta', 'x', 2, 'ENTER_SHORT'), // the same instrument under another strategy
      decision('c2', 'beta', 'x', 6, 'ENTER_SHORT'),
    ])
    .execute();
});

after(async () => {
  await database.drop();
});

test('pairs and flips are counted per strategy, within the horizon, instrument by instrument', async () => {
  const flips = await decisionFlips(database.db, window, { horizonHours: 24, limit: 1000 });
  assert.deepEqual(
    flips.map(({ strategy_id, pairs, flips: n }) => ({ strategy_id, pairs, flips: n })),
    [
      { strategy_id: 'alpha', pairs: 3, flips: 2 },
      { strategy_id: 'beta', pairs: 1, flips: 0 },
    ],
  );
});

test('the limit keeps the most recent decisions only', async () => {
  const flips = await decisionFlips(database.db, window, { horizonHours: 24, limit: 2 });
  // The two most recent decisions are a4 and c2, each the first of its sequence in the slice.
  assert.deepEqual(flips, []);
});
