/**
 * From a seeded history to proposals, end to end (seed → SQL aggregates → diagnostics → proposals):
 * each planted effect yields the right change to the right target with evidence naming the planted
 * cell, and the null history yields nothing that could apply itself. One seed per scenario (two for
 * the null one) at a small size; recall over many seeds is the diagnostics' own test.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { diagnose } from '../../../src/analysis/diagnose.js';
import type { FindingKind } from '../../../src/analysis/findings.js';
import { resolveWindow } from '../../../src/analysis/window.js';
import { aggregate } from '../../../src/db/queries/aggregate.js';
import { loadLiveConfigs } from '../../../src/db/repositories/config-store.js';
import type { DiffEntry } from '../../../src/proposals/diff.js';
import type { ProposalDraft } from '../../../src/proposals/draft.js';
import { planProposals, type ProposalPlan } from '../../../src/proposals/generate.js';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../../src/proposals/policy.js';
import type { PlantedEffect } from '../../../src/seed/ground-truth.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { EFFECT_NAMES, SEPARATE_EFFECT_NAMES } from '../../../src/seed/scenarios.js';
import { outcomesByConfig } from '../../../src/analysis/diagnostics/similar-conditions.js';
import type { Aggregates } from '../../../src/analysis/aggregates.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const TRADES = 4_000;
let testDb: TestDatabase;

before(async () => {
  testDb = await createTestDatabase();
});
after(async () => {
  await testDb.drop();
});

interface ScenarioRun {
  plan: ProposalPlan;
  effects: PlantedEffect[];
  nullCells: PlantedEffect[];
  aggregates: Aggregates;
}

const runs = new Map<string, ScenarioRun>();

/** Seeds and analyses a scenario once per seed (the tests of one scenario share the run). */
async function proposalsFor(scenario: string, seed: number): Promise<ScenarioRun> {
  const key = `${scenario}-${seed}`;
  const cached = runs.get(key);
  if (cached) return cached;
  const truth = await seedScenario(testDb.db, { scenario, seed, trades: TRADES, reset: true });
  const window = resolveWindow({ asOf: new Date(truth.as_of), windowDays: truth.window_days });
  const aggregates = await aggregate(testDb.db, window);
  const result = diagnose(aggregates, { seed });
  const plan = planProposals(result, await loadLiveConfigs(testDb.db), loadPolicy(DEFAULT_POLICY_FILE), { runId: key, now: new Date(truth.as_of) });
  const run = { plan, effects: truth.effects, nullCells: truth.null_cells, aggregates };
  runs.set(key, run);
  return run;
}

function entry(draft: ProposalDraft, path: string): DiffEntry | undefined {
  return draft.diff_json.find((d) => d.path === path);
}

/** The change each kind of planted effect must produce: target type, target id and what the diff must say. */
const EXPECTED: Partial<Record<FindingKind, (effect: PlantedEffect, draft: ProposalDraft) => boolean>> = {
  STRATEGY_LOSES_IN_REGIME: (e, d) =>
    d.target_type === 'STRATEGY_CONFIG' && d.target_id === e.subject.strategy_id && (entry(d, 'blocked_regimes')?.added ?? []).includes(e.subject.regime_label),
  LIVE_BELOW_BACKTEST: (e, d) => {
    const budget = entry(d, 'strategy_budget_notional');
    return d.target_type === 'RISK_CONFIG' && d.target_id === e.subject.strategy_id && (budget?.to as number) < (budget?.from as number);
  },
  OVERRIDE_RULE_DESTROYS_VALUE: (e, d) => d.target_type === 'RISK_CONFIG' && entry(d, `override_rules[rule_id=${e.subject.rule_id}].enabled`)?.to === false,
  PROMPT_TEMPLATE_ERRORS: (e, d) =>
    d.target_type === 'PROMPT_TEMPLATE' &&
    entry(d, 'active_template_id')?.from === e.subject.prompt_template_id &&
    entry(d, 'active_template_id')?.to !== e.subject.prompt_template_id,
  KNOB_MATTERS: (e, d) =>
    d.target_type === 'EXPERIMENT' && d.target_id === e.subject.strategy_id && JSON.stringify(d.proposed_config_json.config_overrides).includes(e.subject.knob),
  CONFIG_BETTER_IN_SIMILAR_CONDITIONS: (e, d) =>
    d.kind === 'SIMILAR_CONDITIONS_EXPERIMENT' &&
    d.target_id === e.subject.strategy_id &&
    (d.proposed_config_json.config_overrides as { knobs?: Record<string, unknown> }).knobs?.[String(e.extra?.knob)] === e.extra?.calm_winner,
  SOP_VERSION_WORSE: (e, d) =>
    d.target_type === 'SOP_TEMPLATE' &&
    d.target_id === e.subject.sop_template_id &&
    d.current_config_snapshot_json.config_version_id === e.subject.sop_version_id,
};

function namesCell(draft: ProposalDraft, effect: PlantedEffect): boolean {
  return draft.evidence_json.findings.some((f) => f.kind === effect.kind && Object.entries(effect.subject).every(([k, v]) => f.subject[k] === v));
}

for (const scenario of [...EFFECT_NAMES, ...SEPARATE_EFFECT_NAMES]) {
  test(`${scenario}: the planted effect becomes the right proposal, with evidence naming its cell`, async () => {
    const { plan, effects, nullCells } = await proposalsFor(scenario, 1);
    assert.ok(effects.length > 0);
    for (const effect of effects) {
      const expected = EXPECTED[effect.kind];
      assert.ok(expected, `no expectation for ${effect.kind}`);
      const match = plan.drafts.find((d) => namesCell(d, effect) && expected(effect, d));
      const seen = plan.drafts.map((d) => `${d.kind} ${d.target_type}/${d.target_id} ${JSON.stringify(d.diff_json.map((x) => x.path))}`);
      assert.ok(
        match,
        `${effect.kind} ${JSON.stringify(effect.subject)}: no matching proposal among ${JSON.stringify(seen)}; skipped ${JSON.stringify(plan.skipped)}`,
      );
      assert.ok(match.confidence > 0 && match.confidence <= 1);
    }
    for (const cell of nullCells) {
      const inert = Object.values(cell.subject).filter((v) => v !== cell.subject.strategy_id);
      for (const draft of plan.drafts) {
        assert.ok(
          !inert.some((v) => JSON.stringify(draft.proposed_config_json).includes(`"${v}"`) && JSON.stringify(draft.diff_json).includes(v)),
          `a proposal changes the inert ${JSON.stringify(cell.subject)}`,
        );
      }
    }
  });
}

test('config_by_volatility: today is calm and the nearest past episodes rank the calm-winning config first', async () => {
  const { aggregates, effects } = await proposalsFor('config_by_volatility', 1);
  const [effect] = effects;
  const statArb = aggregates.similar_conditions?.strategies.find((s) => s.strategy_id === effect.subject.strategy_id);
  assert.ok(statArb, 'stat_arb has neighbours');
  assert.ok(['LOW_VOL_BULL', 'SIDEWAYS'].includes(statArb.now.regime_label ?? ''), `today ${statArb.now.regime_label}`);
  const [best] = outcomesByConfig(statArb.neighbours, statArb.configs);
  const knobs = (statArb.configs[best.config_key].config_json as { knobs: Record<string, unknown> }).knobs;
  assert.equal(knobs[String(effect.extra?.knob)], effect.extra?.calm_winner);
  // Its siblings are the other live strategies with a knob of the same name, each compared on its own episodes.
  const strategies = aggregates.similar_conditions?.strategies ?? [];
  const knobNames = (s: (typeof strategies)[number]) => Object.keys((s.configs[s.live_config_key].config_json as { knobs?: object }).knobs ?? {});
  const expected = strategies.filter((s) => s !== statArb && knobNames(s).some((name) => knobNames(statArb).includes(name))).map((s) => s.strategy_id);
  assert.ok(expected.length > 0, 'the scenario has a sibling to compare');
  assert.deepEqual(statArb.siblings.map((s) => s.strategy_id).sort(), expected.sort());
  for (const sibling of statArb.siblings)
    assert.ok(
      sibling.neighbours.every((e) => e.strategy_id === sibling.strategy_id),
      `${sibling.strategy_id}'s own episodes`,
    );
});

test('the null history yields no auto-applicable proposal and no similar-conditions experiment', async () => {
  for (const seed of [1, 2]) {
    const { plan } = await proposalsFor('null', seed);
    const auto = plan.drafts.filter((d) => d.auto_applicable);
    assert.deepEqual(
      auto.map((d) => `${d.kind} ${d.target_id} ${d.confidence}`),
      [],
      `seed ${seed}`,
    );
    assert.deepEqual(
      plan.drafts.filter((d) => d.kind === 'SIMILAR_CONDITIONS_EXPERIMENT').map((d) => d.target_id),
      [],
      `seed ${seed}`,
    );
  }
});
