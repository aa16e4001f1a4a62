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
import { EFFECT_NAMES } from '../../../src/seed/scenarios.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const TRADES = 4_000;
let testDb: TestDatabase;

before(async () => {
  testDb = await createTestDatabase();
});
after(async () => {
  await testDb.drop();
});

async function proposalsFor(scenario: string, seed: number): Promise<{ plan: ProposalPlan; effects: PlantedEffect[]; nullCells: PlantedEffect[] }> {
  const truth = await seedScenario(testDb.db, { scenario, seed, trades: TRADES, reset: true });
  const window = resolveWindow({ asOf: new Date(truth.as_of), windowDays: truth.window_days });
  const result = diagnose(await aggregate(testDb.db, window), { seed });
  const plan = planProposals(result, await loadLiveConfigs(testDb.db), loadPolicy(DEFAULT_POLICY_FILE), { runId: `${scenario}-${seed}`, now: new Date(truth.as_of) });
  return { plan, effects: truth.effects, nullCells: truth.null_cells };
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
  OVERRIDE_RULE_DESTROYS_VALUE: (e, d) =>
    d.target_type === 'RISK_CONFIG' && entry(d, `override_rules[rule_id=${e.subject.rule_id}].enabled`)?.to === false,
  PROMPT_TEMPLATE_ERRORS: (e, d) =>
    d.target_type === 'PROMPT_TEMPLATE' && entry(d, 'active_template_id')?.from === e.subject.prompt_template_id && entry(d, 'active_template_id')?.to !== e.subject.prompt_template_id,
  KNOB_MATTERS: (e, d) =>
    d.target_type === 'EXPERIMENT' && d.target_id === e.subject.strategy_id && JSON.stringify(d.proposed_config_json.config_overrides).includes(e.subject.knob),
  SOP_VERSION_WORSE: (e, d) =>
    d.target_type === 'SOP_TEMPLATE' && d.target_id === e.subject.sop_template_id && d.current_config_snapshot_json.config_version_id === e.subject.sop_version_id,
};

function namesCell(draft: ProposalDraft, effect: PlantedEffect): boolean {
  return draft.evidence_json.findings.some((f) => f.kind === effect.kind && Object.entries(effect.subject).every(([k, v]) => f.subject[k] === v));
}

for (const scenario of EFFECT_NAMES) {
  test(`${scenario}: the planted effect becomes the right proposal, with evidence naming its cell`, async () => {
    const { plan, effects, nullCells } = await proposalsFor(scenario, 1);
    assert.ok(effects.length > 0);
    for (const effect of effects) {
      const expected = EXPECTED[effect.kind];
      assert.ok(expected, `no expectation for ${effect.kind}`);
      const match = plan.drafts.find((d) => namesCell(d, effect) && expected(effect, d));
      const seen = plan.drafts.map((d) => `${d.kind} ${d.target_type}/${d.target_id} ${JSON.stringify(d.diff_json.map((x) => x.path))}`);
      assert.ok(match, `${effect.kind} ${JSON.stringify(effect.subject)}: no matching proposal among ${JSON.stringify(seen)}; skipped ${JSON.stringify(plan.skipped)}`);
      assert.ok(match.confidence > 0 && match.confidence <= 1);
    }
    for (const cell of nullCells) {
      const inert = Object.values(cell.subject).filter((v) => v !== cell.subject.strategy_id);
      for (const draft of plan.drafts) {
        assert.ok(!inert.some((v) => JSON.stringify(draft.proposed_config_json).includes(`"${v}"`) && JSON.stringify(draft.diff_json).includes(v)), `a proposal changes the inert ${JSON.stringify(cell.subject)}`);
      }
    }
  });
}

test('the null history yields no auto-applicable proposal', async () => {
  for (const seed of [1, 2]) {
    const { plan } = await proposalsFor('null', seed);
    const auto = plan.drafts.filter((d) => d.auto_applicable);
    assert.deepEqual(auto.map((d) => `${d.kind} ${d.target_id} ${d.confidence}`), [], `seed ${seed}`);
  }
});
